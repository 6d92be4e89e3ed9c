/**
 * The main-thread executor. The io worker owns the sockets and the compiler; this side preloads
 * the library, runs compiled cells and reports everything they produce over one MessagePort
 * (kernel/bridge.ts).
 *
 * Kernel globals for cells: display, clearOutput, input, prompt, require, __d2l (import resolution
 * from the notebook directory, comms), plus every named export of the d2l-ts library.
 */
import type { MessagePort } from "node:worker_threads";
import type { CompiledCell, ToExecutor } from "../bridge.js";
import { installCapture } from "./capture.js";
import { handleCommClose, handleCommMsg, handleCommOpen, openComm, registerCommTarget } from "./comm.js";
import { clearOutput, display } from "./display.js";
import { installFaults, outsideCells } from "./faults.js";
import { startHeapGuard } from "./heap-guard.js";
import { DEFAULT_LIBRARY_URL, loadLibrary } from "./library.js";
import { Outbox, setOutbox } from "./outbox.js";
import { createImporter, notebookRequire } from "./resolve.js";
import { CellRunner } from "./run.js";
import { deliverInputReply, input, prompt } from "./stdin.js";
import { keepSigintWatchdog } from "./sigint.js";
import { warmUpOutput } from "./warmup.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface ExecutorOptions {
  /** The notebook's directory: imports and `require` resolve from here. */
  cwd: string;
  log: (level: LogLevel, msg: string) => void;
  /** Module to preload instead of d2l-ts's dist/src/index.js (tests use a stand-in). */
  libraryUrl?: string;
  /**
   * The heap guard's shared state (heap-guard.ts); the kernel's io worker watches it. Without it
   * cells run unguarded (the executor alone has no thread left free to watch while a cell runs).
   */
  heapGuard?: SharedArrayBuffer;
  /**
   * The compiler thread's port: compiled cells come straight from it, one thread hop less than
   * through the io worker (which still may send `execute` itself, as tests do).
   */
  compilerPort?: MessagePort;
  /** Called on the io worker's `shutdown`, after output was flushed. Default: nothing (the host exits). */
  onShutdown?: (restart: boolean) => void;
}

/**
 * The bundled executor (kernel/build/bundle.mjs: this file as index.bundle.js) has a tslab shim
 * sharing its chunk, so display and outbox are the executor's own; the plain modules, tslab.js.
 */
export const TSLAB_SHIM_URL = new URL(/\.bundle\.js$/.test(import.meta.url) ? "./tslab.bundle.js" : "./tslab.js", import.meta.url).href;

let started = false;

/** Resolves once the library's load has settled (loaded or failed) and the executor is ready. */
export function startExecutor(port: MessagePort, opts: ExecutorOptions): Promise<void> {
  if (started) throw new Error("startExecutor() was called twice in one process; start one kernel per process");
  started = true;
  const log = (level: LogLevel, msg: string): void => outsideCells(() => opts.log(level, msg));
  const libraryUrl = opts.libraryUrl ?? DEFAULT_LIBRARY_URL;

  const outbox = new Outbox(port);
  setOutbox(outbox);
  installCapture(outbox);
  const faults = installFaults({ outbox, log });

  let libraryError: Error | null = null;
  const sigint = keepSigintWatchdog();
  const runner = new CellRunner({
    sigint,
    outbox,
    heapGuard: opts.heapGuard ? startHeapGuard(opts.heapGuard) : undefined,
    beforeFirstCell: (ctx) => {
      if (libraryError && !ctx.silent) outbox.stream(ctx.parent, "stderr", `${libraryError.message}\n`);
    },
  });
  if (!sigint) {
    process.on("SIGINT", () => {
      if (runner.interrupt()) log("info", "interrupted the running cell");
    });
  }

  const importer = createImporter({ cwd: opts.cwd, libraryUrl, tslabUrl: TSLAB_SHIM_URL });
  const kernelGlobals: Record<string, unknown> = {
    display,
    clearOutput,
    input,
    prompt,
    require: notebookRequire(opts.cwd),
    __d2l: { import: importer, cwd: opts.cwd, comms: { registerCommTarget, openComm } },
  };

  opts.compilerPort?.on("message", (m: CompiledCell) => runner.enqueue(m));
  port.on("message", (m: ToExecutor) => {
    switch (m.kind) {
      case "execute":
      case "compile_failed":
        runner.enqueue(m);
        return;
      case "interrupt":
        if (runner.interruptParent(m.parent)) log("info", `interrupted ${m.parent}`);
        return;
      case "input_reply":
        if (!deliverInputReply(m.parent, m.value)) log("warn", `input_reply for ${m.parent}, which is not waiting for input`);
        return;
      case "comm_open":
        handleCommOpen(m);
        return;
      case "comm_msg":
        handleCommMsg(m);
        return;
      case "comm_close":
        handleCommClose(m);
        return;
      case "shutdown":
        outbox.flush();
        opts.onShutdown?.(m.restart);
        return;
      default: {
        const never: never = m;
        log("warn", `unknown message from the io worker: ${JSON.stringify(never)}`);
      }
    }
  });

  return outsideCells(async () => {
    const lib = await loadLibrary(libraryUrl);
    libraryError = lib.error;
    // The wasm backend's rethrowing fault listeners would crash the kernel on a cell's late error.
    const evicted = faults.evictForeignHandlers();
    if (evicted > 0) log("debug", `removed ${evicted} process fault listener(s) installed by the library's dependencies`);
    if (lib.error) log("error", lib.error.message);
    // Library names first, so a library export cannot hide a kernel function of the same name.
    for (const [name, value] of Object.entries({ ...lib.exports, ...kernelGlobals })) {
      if (name === "default") continue;
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
    }
    // What the debugger's variables panel leaves out: every enumerable global before the first cell.
    Object.defineProperty(globalThis, Symbol.for("d2l-ts.baseGlobals"), { value: new Set(Object.keys(globalThis)), enumerable: false });
    outbox.send({ kind: "ready", backend: lib.backend, version: lib.version, ...(lib.error ? { libraryError: lib.error.message } : {}) });
    runner.start();
    warmUpOutput({ delayMs: 300 });
  }).catch((e: unknown) => log("error", `executor start-up failed: ${(e as Error).stack ?? String(e)}`));
}

export { registerCommTarget, openComm, type Comm, type CommTargetHandler } from "./comm.js";
export { display, clearOutput, type DisplayHandle, type DisplayOptions } from "./display.js";
export { input, prompt } from "./stdin.js";
export { InterruptedError, ProcessExitError, StdinNotAllowedError, LibraryLoadError } from "./errors.js";
