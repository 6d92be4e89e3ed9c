/**
 * Starts a kernel in this process: the io worker first (binding takes a few ms; it also serves the
 * heartbeat and watches the heap guard), then, once it has bound, the executor on the main thread,
 * which loads the library while the io worker loads TypeScript. kernel_info is answered as soon as
 * the sockets are bound; the first cell waits for the library and for TypeScript.
 */
import { unlinkSync } from "node:fs";
import type { MessagePort } from "node:worker_threads";
import { endpoint, type ConnectionInfo } from "../wire/connection.js";
import { bundledOr } from "../bundled.js";
import { keepSigintWatchdog } from "../exec/sigint.js";
import { heapGuardBuffer } from "../exec/heap-guard.js";
import { startIoWorker, type FromIoWorker } from "./start-io-worker.js";
import { makeLog, parseLevel, type LogLevel } from "./log.js";

export interface RunKernelOptions {
  connection: ConnectionInfo;
  /** Only used in messages. */
  connectionFile: string;
  logLevel: LogLevel;
  cwd?: string;
  /** Module URL exporting startExecutor; default kernel/exec/index.js. */
  executorModule?: string;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  compilerModule?: string;
  historyFile?: string | null;
}

type ExecutorModule = {
  /** Resolves once the library's load has settled. */
  startExecutor(port: MessagePort, opts: { cwd: string; log: (level: string, msg: string) => void; compilerPort?: MessagePort; heapGuard?: SharedArrayBuffer }): void | Promise<void>;
};

/** How long an exit waits for a library load still in progress. */
const LIBRARY_SETTLE_MS = 3_000;

/** Time the main thread gets after a shutdown before a watchdog kills the process. */
const EXIT_GRACE_MS = 1_000;

/** Resolves with the exit code once the kernel was shut down (or failed to start). */
export async function runKernel(opts: RunKernelOptions): Promise<number> {
  const log = makeLog(opts.logLevel, "main");
  log("debug", `process started ${(performance.now()).toFixed(0)} ms ago`);
  const cwd = opts.cwd ?? process.cwd();
  // An interrupt must never kill the kernel: the kept watchdog owns SIGINT from now on; where Node
  // lacks it, a listener covers the time until the executor installs its own.
  const beforeExecutor = () => log("debug", "SIGINT before the executor started");
  if (!keepSigintWatchdog()) process.on("SIGINT", beforeExecutor);

  // Armed per cell by the executor, watched by the io worker (kernel/exec/heap-guard.ts).
  const heapGuard = heapGuardBuffer();
  const { worker, executorPort, compilerPort } = startIoWorker({
    connection: opts.connection,
    logLevel: opts.logLevel,
    cwd,
    compilerModule: opts.compilerModule,
    heapGuard,
    ...(opts.historyFile !== undefined ? { historyFile: opts.historyFile } : {}),
  });

  let bound = false;
  let bindSettled!: () => void;
  const bindDone = new Promise<void>((r) => (bindSettled = r));
  const finished = new Promise<number>((resolve) => {
    worker.on("message", (m: FromIoWorker) => {
      bindSettled();
      if (m.kind === "bound") bound = true;
      if (m.kind === "bind_failed") {
        process.stderr.write(`d2l-ts kernel: cannot bind the sockets of ${opts.connectionFile}: ${m.message}\n`);
        resolve(1);
      } else if (m.kind === "exit") {
        resolve(0);
      }
    });
    worker.on("error", (e) => {
      log("error", `io worker crashed: ${e.stack ?? e.message}`);
      resolve(1);
    });
    worker.on("exit", (code) => resolve(code === 0 ? 0 : 1));
  });

  // The library's load (~100 ms of this thread) waits for the bind: on a busy machine it would
  // take CPU from the io worker's start-up, which is all the first kernel_info_reply waits for.
  // Either way it is done about when TypeScript is, which the first cell waits for too.
  const early = await Promise.race([bindDone.then(() => null), finished]);
  if (early !== null) return early;
  let executorStarted: Promise<void> = Promise.resolve();
  try {
    const spec = opts.executorModule ?? bundledOr(new URL("../exec/index.js", import.meta.url));
    const exec = (await import(spec)) as ExecutorModule;
    log("debug", "executor module loaded");
    executorStarted = Promise.resolve(exec.startExecutor(executorPort, { cwd, compilerPort, heapGuard, log: (level, msg) => log(parseLevel(level) ?? "info", msg) }));
    process.off("SIGINT", beforeExecutor);
  } catch (e) {
    log("error", `the executor failed to start: ${(e as Error).stack ?? e}`);
    return 1;
  }

  const code = await finished;
  if (bound) removeIpcFiles(opts.connection);
  // A shutdown can come while the library is still loading (kernel_info does not wait for it);
  // exiting in the middle of that, with WebAssembly compiling on V8's threads, now and then
  // corrupted the heap at exit (SIGABRT). Let the load settle first, for a bounded time.
  await Promise.race([executorStarted.catch(() => undefined), new Promise((r) => setTimeout(r, LIBRARY_SETTLE_MS).unref())]);
  // User timers and handles may keep the event loop alive; the caller exits explicitly, and this
  // watchdog covers exit hooks that hang.
  setTimeout(() => process.kill(process.pid, "SIGKILL"), EXIT_GRACE_MS).unref();
  return code;
}

/**
 * ZeroMQ unlinks an ipc socket file only once its io thread has processed the close, which the
 * process exit right after shutdown pre-empts; a restarted kernel would find stale files. Only
 * called after our own bind succeeded, so another kernel's files are never touched.
 */
function removeIpcFiles(c: ConnectionInfo): void {
  if (c.transport !== "ipc") return;
  for (const s of ["shell", "iopub", "stdin", "control", "hb"] as const) {
    try {
      unlinkSync(endpoint(c, s).slice("ipc://".length));
    } catch {
      // Already gone: ZeroMQ got there first.
    }
  }
}
