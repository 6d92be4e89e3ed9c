/**
 * Ends the kernel when the process that started it is gone. A Jupyter server killed with SIGKILL
 * (or a crashed test runner) sends no shutdown_request; without this the kernel and its ports
 * would live on forever. Watched: the parent at start (the kernel is re-parented to init or a
 * subreaper when it dies, so `process.ppid` changing is enough even if its pid is reused), and
 * `JPY_PARENT_PID`, which jupyter_client sets to the launching server when a wrapper sits between.
 * `D2L_TS_PARENT_WATCH=0` turns the watch off for kernels deliberately left running detached.
 */
import type { Log } from "./log.js";

export interface ParentWatchOptions {
  /** `process.ppid` when the kernel started. */
  startPpid: number;
  /** Value of JPY_PARENT_PID, if set. */
  jupyterParent?: string;
  log: Log;
  onGone: (why: string) => void;
  intervalMs?: number;
  /** Injected in tests. */
  currentPpid?: () => number;
  exists?: (pid: number) => boolean;
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Why the kernel's parent counts as gone, or null while it lives. Pure given its inputs. */
export function parentGone(w: { startPpid: number; currentPpid: number; jupyterPid: number | null; exists: (pid: number) => boolean }): string | null {
  if (w.startPpid > 1 && w.currentPpid !== w.startPpid) return `the process that started the kernel (pid ${w.startPpid}) is gone (re-parented to ${w.currentPpid})`;
  if (w.startPpid > 1 && !w.exists(w.startPpid)) return `the process that started the kernel (pid ${w.startPpid}) is gone`;
  if (w.jupyterPid !== null && !w.exists(w.jupyterPid)) return `the Jupyter process JPY_PARENT_PID=${w.jupyterPid} is gone`;
  return null;
}

/** Starts polling; returns a stop function. Does nothing when there is no parent worth watching. */
export function watchParent(opts: ParentWatchOptions): () => void {
  const exists = opts.exists ?? processExists;
  const currentPpid = opts.currentPpid ?? (() => process.ppid);
  let jupyterPid: number | null = null;
  if (opts.jupyterParent !== undefined && opts.jupyterParent !== "") {
    const n = Number(opts.jupyterParent);
    // An inherited, stale value must not kill a kernel the moment it starts.
    if (!Number.isInteger(n) || n <= 1) opts.log("warn", `ignoring JPY_PARENT_PID=${JSON.stringify(opts.jupyterParent)}: not a process id`);
    else if (!exists(n)) opts.log("warn", `ignoring JPY_PARENT_PID=${n}: no such process at start`);
    else jupyterPid = n;
  }
  if (opts.startPpid <= 1 && jupyterPid === null) return () => {};
  const timer = setInterval(() => {
    const why = parentGone({ startPpid: opts.startPpid, currentPpid: currentPpid(), jupyterPid, exists });
    if (!why) return;
    clearInterval(timer);
    opts.log("warn", `${why}; shutting the kernel down`);
    opts.onGone(why);
  }, opts.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
