/**
 * Runs Jupyter tools as child processes in their own process group, so a timeout kills the tool
 * and its helpers. Kernels escape that group (jupyter_client starts them in a new session), so
 * `reapStrays` finds them by the temporary Jupyter root in their command line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ToolResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ToolOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs: number;
}

const live = new Set<ChildProcess>();

/** Kills the whole process group of a child started by runTool / startTool. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Starts a long-running tool (e.g. the notebook server); the caller must `stopTool` it. */
export function startTool(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string }): ChildProcess {
  const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.on("exit", () => live.delete(child));
  return child;
}

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL what is left. */
export async function stopTool(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, "SIGKILL"); // the leader is gone; its kernels may not be
    return;
  }
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  killGroup(child, "SIGTERM");
  const timer = new Promise<"late">((r) => setTimeout(() => r("late"), graceMs).unref());
  await Promise.race([exited, timer]);
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // whole group exited
  }
}

export function runTool(cmd: string, args: string[], opts: ToolOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    live.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdin!.on("error", () => {}); // the tool may exit before reading its input
    child.stdin!.end(opts.input ?? "");
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, opts.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      live.delete(child);
      // Kernels are started in the tool's group; a tool that exits without shutting one down
      // must not leave it running.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // nothing left
      }
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}

/** For afterAll: kill every tool this module started that is still running. */
export async function stopAllTools(): Promise<void> {
  await Promise.all([...live].map((c) => stopTool(c, 2_000)));
}

/** Formats a result for an assertion message so a failure shows what the tool said. */
export function describeRun(what: string, r: ToolResult): string {
  const how = r.timedOut ? "timed out" : `exited with ${r.status ?? r.signal}`;
  return `${what} ${how}\n--- stdout ---\n${r.stdout.slice(-6000)}\n--- stderr ---\n${r.stderr.slice(-6000)}`;
}

/**
 * Processes whose command line mentions `marker` (a test's temporary Jupyter root). Kernels get
 * their connection file from `$JUPYTER_RUNTIME_DIR`, which makeJupyterEnv puts under that root,
 * and jupyter_client starts them in a new session, out of reach of the tool's process group.
 */
export function processesMentioning(marker: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      if (cmdline.includes(marker)) found.push({ pid, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Waits up to `graceMs` for such processes to exit by themselves; SIGKILLs and returns the rest. */
export async function reapStrays(marker: string, graceMs = 3_000): Promise<{ pid: number; cmdline: string }[]> {
  const deadline = Date.now() + graceMs;
  let strays = processesMentioning(marker);
  while (strays.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    strays = processesMentioning(marker);
  }
  for (const { pid } of strays) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  return strays;
}
