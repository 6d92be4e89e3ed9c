/**
 * ZeroMQ must load on the io worker only, never on the kernel's main thread: with both threads
 * holding zeromq.js's shared context, the io worker's end leaves iopub's last messages to a ZeroMQ
 * thread that then writes into the worker's freed state, and the process aborted at exit about 1
 * in 100 shutdowns right after start-up on Node 22/24 (kernel/server/start-io-worker.ts). That rate
 * is too low for one kernel test to catch, so this checks the cause: what the main thread imports.
 * It also keeps start-up short: loaded on the main thread, ZeroMQ's addon and the io server held
 * back the worker's start, and so the first kernel_info_reply, by ~30 ms (issue #14).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../dist/kernel/client/index.js";
import { assertBuilt } from "./support.js";

/** The native libraries of zeromq.js loaded after importing `file` in a fresh Node. */
function zeromqLoadedBy(file: string, env: NodeJS.ProcessEnv = {}): string[] {
  const url = pathToFileURL(join(PACKAGE_ROOT, "dist", file)).href;
  const script = `await import(${JSON.stringify(url)});
const so = process.report.getReport().sharedObjects.filter((p) => p.includes("zeromq"));
process.stdout.write(JSON.stringify(so));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as string[];
}

describe("the kernel's main thread", () => {
  it("the check sees ZeroMQ when a module loads it (the io worker's socket server)", () => {
    assertBuilt();
    expect(zeromqLoadedBy("kernel/server/io.js").length).toBeGreaterThan(0);
  });

  it("does not load ZeroMQ, bundled or not, in the start-up path or the executor", () => {
    for (const bundles of ["1", "0"]) {
      const env = { D2L_TS_BUNDLES: bundles };
      const entries = bundles === "1" ? ["kernel/cli/kernel.bundle.js", "kernel/exec/index.bundle.js"] : ["kernel/cli/kernel.js", "kernel/server/run.js", "kernel/exec/index.js"];
      for (const e of entries) expect({ entry: e, zeromq: zeromqLoadedBy(e, env) }).toEqual({ entry: e, zeromq: [] });
    }
  });
});
