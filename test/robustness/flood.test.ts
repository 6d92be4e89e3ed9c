/**
 * Output floods: D2L_FLOOD_LINES printed lines (CI 200,000; full 1,000,000) and one string of
 * D2L_FLOOD_BYTES characters (CI 10 MB; full 50 MB). While they run the heartbeat answers; all
 * output arrives, batched into a bounded number of stream messages; the kernel's resident memory
 * (VmRSS) stays within a stated bound of its size before the flood. An endless flood is stopped by
 * interrupt, and shut down, within a second.
 */
import { describe, expect, it } from "vitest";
import { alive, kernelForFile, launch, rssMiB, size, sleep } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;

const LINES = size("D2L_FLOOD_LINES", 200_000);
const BYTES = size("D2L_FLOOD_BYTES", 10_000_000);
/** The io worker's batcher publishes at most every 20 ms, or sooner once 64 Ki characters wait. */
const maxStreamMessages = (chars: number, ms: number) => Math.ceil(chars / 65_536) + Math.ceil(ms / 20) + 10;

let k: Kernel;
kernelForFile(launch, (started) => (k = started));

interface Watch {
  peakRss: number;
  maxHeartbeatMs: number;
  stop(): Promise<void>;
}

/** Samples the kernel's RSS and heartbeat latency until stopped. */
function watch(kernel: Kernel): Watch {
  let running = true;
  const w: Watch = {
    peakRss: rssMiB(kernel.process.pid!),
    maxHeartbeatMs: 0,
    stop: async () => {
      running = false;
      await loop;
    },
  };
  const loop = (async () => {
    while (running) {
      w.peakRss = Math.max(w.peakRss, rssMiB(kernel.process.pid!));
      try {
        w.maxHeartbeatMs = Math.max(w.maxHeartbeatMs, await kernel.client.heartbeat(2_000));
      } catch {
        w.maxHeartbeatMs = Number.POSITIVE_INFINITY;
      }
      await sleep(50);
    }
  })();
  return w;
}

describe(`flood: ${LINES} lines and a ${BYTES}-character string`, () => {
  it(`prints ${LINES} lines: all arrive, in few messages, with bounded memory`, async () => {
    const before = rssMiB(k.process.pid!);
    const w = watch(k);
    const t0 = Date.now();
    const r = await k.client.execute(`for (let i = 0; i < ${LINES}; i++) console.log("line " + i);`, { timeoutMs: 300_000 });
    const ms = Date.now() - t0;
    await w.stop();
    expect(r.reply.content.status).toBe("ok");
    const streams = r.iopub.filter((m) => m.msg_type === "stream").map((m) => (m.content as { text: string }).text);
    const all = streams.join("");
    expect(all.length).toBe(Array.from({ length: LINES }, (_, i) => `line ${i}\n`).reduce((n, s) => n + s.length, 0));
    expect(all.endsWith(`line ${LINES - 1}\n`)).toBe(true);
    expect(streams.length).toBeLessThanOrEqual(maxStreamMessages(all.length, ms));
    expect(w.maxHeartbeatMs).toBeLessThan(1_000);
    // Stated bound: the flood may add at most 200 MiB to the kernel's resident memory at its peak.
    expect(w.peakRss - before).toBeLessThan(200);
    process.stderr.write(`flood lines: ${LINES} in ${ms} ms, ${streams.length} stream messages, RSS ${before.toFixed(0)} -> peak ${w.peakRss.toFixed(0)} MiB, heartbeat max ${w.maxHeartbeatMs.toFixed(1)} ms\n`);
  }, 320_000);

  it(`prints one ${BYTES}-character string: it arrives whole, with bounded memory`, async () => {
    const before = rssMiB(k.process.pid!);
    const w = watch(k);
    const t0 = Date.now();
    const r = await k.client.execute(`{ const big = "y".repeat(${BYTES}); console.log(big); }`, { timeoutMs: 300_000 });
    const ms = Date.now() - t0;
    await w.stop();
    expect(r.reply.content.status).toBe("ok");
    const streams = r.iopub.filter((m) => m.msg_type === "stream").map((m) => (m.content as { text: string }).text);
    expect(streams.reduce((n, s) => n + s.length, 0)).toBe(BYTES + 1);
    expect(streams.length).toBeLessThanOrEqual(maxStreamMessages(BYTES, ms));
    expect(w.maxHeartbeatMs).toBeLessThan(1_000);
    // Stated bound: a string of S MiB adds at most 8 S + 64 MiB at the peak (it is copied between threads and encoded once).
    expect(w.peakRss - before).toBeLessThan((8 * BYTES) / 2 ** 20 + 64);
    process.stderr.write(`flood string: ${BYTES} chars in ${ms} ms, ${streams.length} stream messages, RSS ${before.toFixed(0)} -> peak ${w.peakRss.toFixed(0)} MiB\n`);
  }, 320_000);

  it("an endless flood keeps the heartbeat alive and stops on interrupt within a second", async () => {
    const flood = k.client.executeLater('for (let i = 0; ; i++) console.log("endless " + i);', { timeoutMs: 60_000 });
    await sleep(1_000);
    for (let i = 0; i < 3; i++) expect(await k.client.heartbeat(1_000)).toBeLessThan(1_000);
    const t0 = Date.now();
    await k.client.interrupt({ timeoutMs: 2_000 });
    const r = await flood.result;
    const ms = Date.now() - t0;
    expect(r.reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(ms).toBeLessThan(1_000);
    const after = await k.client.execute("1 + 1");
    expect(after.reply.content.status).toBe("ok");
  }, 120_000);

  it("an endless flood is shut down within a second", async () => {
    const own = await launch();
    try {
      await own.client.execute("0", { timeoutMs: 120_000 });
      own.client.executeLater('for (let i = 0; ; i++) console.log("endless " + i);').result.catch(() => {});
      await sleep(1_000);
      const t0 = Date.now();
      const r = await own.client.shutdown({ timeoutMs: 2_000 });
      expect(r.reply.content.status).toBe("ok");
      expect(Date.now() - t0).toBeLessThan(1_000);
      await Promise.race([own.exited, sleep(3_000)]);
      const ms = Date.now() - t0;
      expect(alive(own.process.pid!)).toBe(false);
      process.stderr.write(`flood shutdown: process gone ${ms} ms after shutdown_request\n`);
      expect(ms).toBeLessThan(1_000);
    } finally {
      await own.stop();
    }
  }, 180_000);
});
