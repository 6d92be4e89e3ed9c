/**
 * Black-box kernel tests start the built kernel (`dist/kernel/cli.js`, run `npx tsc -p tsconfig.json`
 * first) over real sockets with the package's own KernelClient.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { defaultKernelArgv, PACKAGE_ROOT, startKernel, type RunningKernel, type StartKernelOptions } from "../../dist/kernel/client/index.js";

export const CLI = join(PACKAGE_ROOT, "dist", "kernel", "cli.js");

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with npx tsc -p tsconfig.json`);
}

/** A kernel with its own history file, so tests never touch the user's. */
export async function launch(opts: StartKernelOptions = {}): Promise<RunningKernel & { historyFile: string }> {
  assertBuilt();
  const historyFile = join(mkdtempSync(join(tmpdir(), "d2l-hist-")), "history.jsonl");
  const k = await startKernel({
    argv: process.env.D2L_TS_TEST_KERNEL_ARGV ? JSON.parse(process.env.D2L_TS_TEST_KERNEL_ARGV) : defaultKernelArgv(),
    // D2L_TS_TEST_STDERR=inherit shows the kernel's log while debugging a test.
    stderr: process.env.D2L_TS_TEST_STDERR === "inherit" ? "inherit" : "collect",
    ...opts,
    env: { ...process.env, D2L_TS_HISTORY: historyFile, ...opts.env },
  });
  return Object.assign(k, { historyFile });
}

export function text(out: { output_type: string; text?: string; data?: Record<string, unknown> }[], kind: "stdout" | "stderr" | "result"): string {
  if (kind === "result") return out.filter((o) => o.output_type === "execute_result").map((o) => String(o.data?.["text/plain"])).join("");
  return out.filter((o) => o.output_type === "stream" && (o as { name?: string }).name === kind).map((o) => o.text).join("");
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One kernel for the tests of a file: started before them and warmed by `firstCell` (which must
 * succeed; it loads TypeScript and the library, so timed tests do not pay for that), stopped after
 * them. `started` gets the kernel before the first cell, for set-up that needs it.
 */
export function kernelForFile<K extends RunningKernel>(start: () => Promise<K>, started: (k: K) => void, firstCell = "0"): void {
  let k: K | undefined;
  beforeAll(async () => {
    k = await start();
    started(k);
    const r = await k.client.execute(firstCell, { timeoutMs: 120_000 });
    expect(r.reply.content.status).toBe("ok");
  }, 180_000);
  afterAll(async () => {
    await k?.stop();
  });
  // A failure that depends on timing may not come back: keep what the kernel logged when it did.
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      const log = k?.stderr().trim();
      if (log) process.stderr.write(`\n--- the kernel's stderr (last 60 lines) ---\n${log.split("\n").slice(-60).join("\n")}\n---\n`);
    });
  });
}

/**
 * Meeting points between a test and a running cell, so tests order events instead of sleeping:
 * `enter` (cell code) writes a file the test awaits with `started()`; `hold` (cell code) keeps the
 * main thread busy, without yielding, until the test calls `release()`. The hold gives up after
 * 60 s with an error, so a kernel that never lets the test see the cell fails instead of hanging.
 */
export function cellGate(): { enter: string; hold: string; started: () => Promise<void>; release: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "d2l-gate-"));
  const started = join(dir, "started");
  const released = join(dir, "released");
  const q = (p: string) => JSON.stringify(p);
  return {
    enter: `require("node:fs").writeFileSync(${q(started)}, "");\n`,
    hold: `{ const fs = require("node:fs"); const giveUp = Date.now() + 60_000; while (!fs.existsSync(${q(released)})) { if (Date.now() > giveUp) throw new Error("the test never released this cell"); } }\n`,
    async started() {
      for (let i = 0; i < 1200 && !existsSync(started); i++) await sleep(50);
      if (!existsSync(started)) throw new Error("the cell did not start within 60 s");
    },
    release: () => writeFileSync(released, ""),
  };
}
