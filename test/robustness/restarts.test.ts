/**
 * D2L_RESTARTS (CI 10; full 50) kernels in a row, each started, used and shut down with
 * restart=true as a frontend's Restart does, leave nothing behind: no process, no ipc socket file
 * next to the connection file, no file in the kernels' TMPDIR. Each kernel exits by itself (the
 * client's SIGKILL fallback is never needed).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alive, childrenOf, launch, size, sleep, text } from "./support.js";

const RESTARTS = size("D2L_RESTARTS", 10);
const root = mkdtempSync(join(tmpdir(), "d2l-restarts-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`${RESTARTS} restarts in a row`, () => {
  it("leave no process, socket or temporary file behind", async () => {
    const kernelTmp = join(root, "kernel-tmp");
    mkdirSync(kernelTmp);
    const pids: number[] = [];
    const problems: string[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const k = await launch({ transport: "ipc", tmp: root, env: { TMPDIR: kernelTmp } });
      pids.push(k.process.pid!);
      try {
        const r = await k.client.execute(`${i} + 1`, { timeoutMs: 120_000 });
        expect(text(r.outputs, "result")).toBe(String(i + 1));
        const ipcDir = dirname(k.connectionFile);
        // The kernel binds its ipc sockets as files next to the connection file.
        expect(readdirSync(ipcDir).length).toBeGreaterThan(1);
        const reply = await k.client.shutdown({ restart: true, timeoutMs: 10_000 });
        expect(reply.reply.content).toMatchObject({ status: "ok", restart: true });
        // Liveness bound: an exit takes milliseconds after the reply; 30 s only turns "never" into a failure.
        const exit = await Promise.race([k.exited, sleep(30_000).then(() => null)]);
        if (!exit) problems.push(`kernel ${i} did not exit within 30 s of shutdown_request`);
        else if (exit.signal !== null) problems.push(`kernel ${i} ended by ${exit.signal}, not by itself`);
        const left = readdirSync(ipcDir).filter((f) => f !== "kernel.json");
        if (left.length > 0) problems.push(`kernel ${i} left ipc files: ${left.join(", ")}`);
      } finally {
        await k.stop();
      }
    }
    await sleep(200);
    const living = pids.filter(alive);
    expect(living, "kernel processes still alive").toEqual([]);
    expect(childrenOf(process.pid).filter((p) => pids.includes(p))).toEqual([]);
    expect(readdirSync(kernelTmp), "files left in the kernels' TMPDIR").toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000 + RESTARTS * 30_000);
});
