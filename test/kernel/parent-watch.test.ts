/**
 * A kernel whose launcher dies without a shutdown_request (Jupyter server SIGKILLed) must not live
 * on: it watches its parent and JPY_PARENT_PID (kernel/server/parent-watch.ts).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI, launch, sleep } from "./support.js";

const SLOW = 60_000;

/** Starts the kernel as a grandchild of the test, prints its pid on stderr, and stays alive. */
const WRAPPER = `
const { spawn } = require("node:child_process");
const kernel = spawn(process.execPath, [${JSON.stringify(CLI)}, "kernel", "--connection-file", process.argv[1]], { stdio: ["ignore", "ignore", "inherit"], env: process.env });
process.stderr.write("KERNEL_PID=" + kernel.pid + "\\n");
kernel.on("exit", () => process.exit(0));
`;

/** Alive and not a zombie: in a container, an orphan's exit may never be reaped by pid 1. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function launchWrapped(env: NodeJS.ProcessEnv = {}) {
  const k = await launch({ argv: [process.execPath, "-e", WRAPPER, "{connection_file}"], env });
  const m = /KERNEL_PID=(\d+)/.exec(k.stderr());
  if (!m) throw new Error(`the wrapper did not report the kernel's pid:\n${k.stderr()}`);
  return { k, kernelPid: Number(m[1]) };
}

/**
 * The watchdog polls once a second and the exit then takes milliseconds: ~1 s measured. A liveness
 * bound 30 times that, so a loaded machine cannot fail it and a watchdog that never fires still does.
 */
const GONE_WITHIN_MS = 30_000;

async function gone(pid: number, withinMs: number): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < withinMs) {
    if (!running(pid)) return performance.now() - t0;
    await sleep(100);
  }
  return null;
}

describe("parent watchdog", () => {
  it("the kernel exits within a few seconds of its launcher being SIGKILLed", { timeout: SLOW }, async () => {
    const { k, kernelPid } = await launchWrapped();
    expect((await k.client.execute("1 + 1")).reply.content.status).toBe("ok");
    expect(running(kernelPid)).toBe(true);
    k.process.kill("SIGKILL");
    const ms = await gone(kernelPid, GONE_WITHIN_MS);
    if (ms === null) process.kill(kernelPid, "SIGKILL");
    expect(ms, `kernel ${kernelPid} still running ${GONE_WITHIN_MS / 1000} s after its parent died`).not.toBeNull();
    await k.stop();
  });

  it("the kernel exits when the JPY_PARENT_PID process dies, though its direct parent lives", { timeout: SLOW }, async () => {
    const jupyter = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const { k, kernelPid } = await launchWrapped({ JPY_PARENT_PID: String(jupyter.pid) });
    expect((await k.client.execute("1 + 1")).reply.content.status).toBe("ok");
    jupyter.kill("SIGKILL");
    const ms = await gone(kernelPid, GONE_WITHIN_MS);
    if (ms === null) process.kill(kernelPid, "SIGKILL");
    expect(ms, `kernel ${kernelPid} still running ${GONE_WITHIN_MS / 1000} s after JPY_PARENT_PID died`).not.toBeNull();
    await k.stop();
  });
});
