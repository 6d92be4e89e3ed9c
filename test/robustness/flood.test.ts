/**
 * Output floods: D2L_FLOOD_LINES printed lines (CI 200,000; full 1,000,000) and one string of
 * D2L_FLOOD_BYTES characters (CI 10 MB; full 50 MB). While they run the heartbeat answers; all
 * output arrives, batched into a bounded number of stream messages; the kernel's resident memory
 * (VmRSS) stays within a stated bound of its size before the flood. An endless flood is stopped by
 * interrupt, and shut down without the SIGKILL fallback. No wall-clock bounds: timeouts below
 * only turn "never answers" into a failure, far above the milliseconds an answer takes.
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

/** A heartbeat that does not answer within this long counts as missed: answers take ~1 ms. */
const HEARTBEAT_LIVENESS_MS = 10_000;

interface Watch {
  peakRss: number;
  /** Heartbeats answered / not answered within HEARTBEAT_LIVENESS_MS while watching. */
  beats: number;
  missed: number;
  maxHeartbeatMs: number;
  stop(): Promise<void>;
}

/** Samples the kernel's RSS and pings its heartbeat until stopped. */
function watch(kernel: Kernel): Watch {
  let running = true;
  const w: Watch = {
    peakRss: rssMiB(kernel.process.pid!),
    beats: 0,
    missed: 0,
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
        w.maxHeartbeatMs = Math.max(w.maxHeartbeatMs, await kernel.client.heartbeat(HEARTBEAT_LIVENESS_MS));
        w.beats++;
      } catch {
        w.missed++;
      }
      await sleep(50);
    }
  })();
  return w;
}

/** Resolves at the first stream message of a cell: from then on it is known to be running. */
function firstOutput(kernel: Kernel, msgId: string): Promise<unknown> {
  return kernel.client.waitForIopub((m) => m.msg_type === "stream" && (m.parent_header as { msg_id?: string }).msg_id === msgId, 60_000);
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
    expect(w.missed, "heartbeats not answered during the flood").toBe(0);
    expect(w.beats).toBeGreaterThan(0);
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
    expect(w.missed, "heartbeats not answered during the flood").toBe(0);
    expect(w.beats).toBeGreaterThan(0);
    // Stated bound: a string of S MiB adds at most 8 S + 64 MiB at the peak (it is copied between threads and encoded once).
    expect(w.peakRss - before).toBeLessThan((8 * BYTES) / 2 ** 20 + 64);
    process.stderr.write(`flood string: ${BYTES} chars in ${ms} ms, ${streams.length} stream messages, RSS ${before.toFixed(0)} -> peak ${w.peakRss.toFixed(0)} MiB\n`);
  }, 320_000);

  it("an endless flood keeps the heartbeat alive and stops on interrupt", async () => {
    const flood = k.client.executeLater('for (let i = 0; ; i++) console.log("endless " + i);', { timeoutMs: 60_000 });
    await firstOutput(k, flood.msgId);
    // Between two known points of the busy cell: after its first output, before its reply (it
    // has none until interrupted).
    for (let i = 0; i < 3; i++) await k.client.heartbeat(HEARTBEAT_LIVENESS_MS);
    expect(await Promise.race([flood.result.then(() => "ended"), sleep(0).then(() => "running")])).toBe("running");
    const t0 = Date.now();
    await k.client.interrupt({ timeoutMs: HEARTBEAT_LIVENESS_MS });
    const r = await flood.result;
    const ms = Date.now() - t0;
    // The flood is endless: an error reply can only come from the interrupt.
    expect(r.reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    process.stderr.write(`flood interrupt: reply ${ms} ms after interrupt_request\n`);
    const after = await k.client.execute("1 + 1");
    expect(after.reply.content.status).toBe("ok");
  }, 120_000);

  it("an endless flood is shut down, the process ending by itself", async () => {
    const own = await launch();
    try {
      await own.client.execute("0", { timeoutMs: 120_000 });
      const flood = own.client.executeLater('for (let i = 0; ; i++) console.log("endless " + i);');
      flood.result.catch(() => {});
      await own.client.waitForIopub((m) => m.msg_type === "stream" && (m.parent_header as { msg_id?: string }).msg_id === flood.msgId, 60_000);
      const t0 = Date.now();
      const r = await own.client.shutdown({ timeoutMs: HEARTBEAT_LIVENESS_MS });
      expect(r.reply.content.status).toBe("ok");
      const exit = await Promise.race([own.exited, sleep(30_000).then(() => null)]);
      const ms = Date.now() - t0;
      expect(alive(own.process.pid!)).toBe(false);
      process.stderr.write(`flood shutdown: process gone ${ms} ms after shutdown_request\n`);
      // Code 0: the main thread left the flood and exited; the SIGKILL fallback would say SIGKILL.
      expect(exit).toEqual({ code: 0, signal: null });
      expect(own.stderr()).not.toMatch(/did not exit after shutdown/);
    } finally {
      await own.stop();
    }
  }, 180_000);
});
