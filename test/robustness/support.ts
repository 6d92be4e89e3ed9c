/**
 * Shared helpers of the robustness tests: sizes from the environment (CI-sized defaults), a kernel
 * with its own history and temp dir, resident memory from /proc, and output helpers.
 * The tests run the built kernel: `npx tsc -p tsconfig.json` first.
 */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type RunningKernel, type StartKernelOptions } from "../../dist/kernel/client/index.js";
import { assertBuilt } from "../kernel/support.js";

export { alive, CLI, kernelForFile, sleep, text } from "../kernel/support.js";

/**
 * A size from the environment, e.g. `D2L_FUZZ_N=20000`. The default is the CI size; the full sizes
 * of the issue are what `bench/soak/run.mjs` passes.
 */
export function size(name: string, ciDefault: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return ciDefault;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${raw}: expected a non-negative integer`);
  return n;
}

/** A kernel with its own history file and TMPDIR, so leftovers can be counted per kernel. */
export async function launch(opts: StartKernelOptions & { tmp?: string } = {}): Promise<RunningKernel & { tmp: string }> {
  assertBuilt();
  const tmp = opts.tmp ?? mkdtempSync(join(tmpdir(), "d2l-robust-"));
  const k = await startKernel({
    readyTimeoutMs: 120_000,
    ...opts,
    env: { ...process.env, D2L_TS_HISTORY: join(tmp, "history.jsonl"), ...opts.env },
  });
  return Object.assign(k, { tmp });
}

/** Resident set size of a process in MiB (VmRSS of /proc/<pid>/status), or NaN once it is gone. */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Child processes of `pid` (from /proc), e.g. a compiler helper the kernel forgot to end. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // Field 4 is the parent pid; the command name (field 2) may contain spaces, hence lastIndexOf.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

type Output = { output_type: string; name?: string; text?: string; data?: Record<string, unknown>; ename?: string; evalue?: string; traceback?: string[] };

export function errors(out: Output[]): Output[] {
  return out.filter((o) => o.output_type === "error");
}

/** Lines the kernel wrote to stderr after `from` characters of it. */
export function logLinesSince(k: RunningKernel, from: number): string[] {
  return k
    .stderr()
    .slice(from)
    .split("\n")
    .filter((l) => l.trim() !== "");
}
