/**
 * Keeps the kernel alive through what would end a plain Node process: errors thrown by timers and
 * event handlers after their cell returned, unhandled promise rejections, and `process.exit()`
 * called by a cell. The first two become `late_error` on the cell that started them.
 */

import { cellStorage, currentCell, currentOrLastCell, type CellContext } from "./context.js";
import { errorInfo } from "./error-info.js";
import { ProcessExitError } from "./errors.js";
import type { Outbox } from "./outbox.js";

export interface FaultOptions {
  outbox: Outbox;
  log: (level: "debug" | "info" | "warn" | "error", msg: string) => void;
}

export interface Faults {
  /** The real process.exit, for the kernel itself. */
  readonly realExit: (code?: number) => never;
  /**
   * Removes uncaughtException/unhandledRejection listeners other than ours. The tfjs WebAssembly
   * backend (Emscripten) installs listeners that rethrow, which turns any late cell error into a
   * process crash; call this after the library loaded. Returns how many were removed.
   */
  evictForeignHandlers(): number;
  uninstall(): void;
}

export function installFaults(opts: FaultOptions): Faults {
  const report = (err: unknown, ctx: CellContext | undefined, what: string): void => {
    const info = errorInfo(err);
    if (!ctx) {
      opts.log("error", `${what} outside any cell: ${info.stack || `${info.ename}: ${info.evalue}`}`);
      return;
    }
    if (ctx.silent) {
      opts.log("warn", `${what} in a silent request: ${info.ename}: ${info.evalue}`);
      return;
    }
    opts.outbox.send({ kind: "late_error", parent: ctx.parent, error: info });
  };
  const onException = (err: unknown): void => report(err, currentOrLastCell(), "uncaught exception");
  const onRejection = (reason: unknown): void => report(reason, currentOrLastCell(), "unhandled promise rejection");
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);

  // Node runs queueMicrotask callbacks without their async context when they throw, so the
  // context is captured at the call and the error reported against it.
  const realQueueMicrotask = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (callback: () => void): void => {
    const ctx = currentCell();
    if (!ctx) return realQueueMicrotask(callback);
    realQueueMicrotask(() => {
      try {
        callback();
      } catch (e) {
        report(e, ctx, "uncaught exception");
      }
    });
  };

  const realExit = process.exit.bind(process) as (code?: number) => never;
  const originalExit = process.exit;
  // Only cell code is stopped: the kernel's own shutdown path runs outside any cell context.
  process.exit = function exit(code?: number | string | null): never {
    if (currentCell()) throw new ProcessExitError(code);
    return originalExit.call(process, code as number);
  } as typeof process.exit;

  return {
    realExit,
    evictForeignHandlers() {
      let removed = 0;
      for (const l of process.listeners("uncaughtException")) {
        if (l !== onException) (process.off("uncaughtException", l), (removed += 1));
      }
      for (const l of process.listeners("unhandledRejection")) {
        if (l !== onRejection) (process.off("unhandledRejection", l), (removed += 1));
      }
      return removed;
    },
    uninstall() {
      process.off("uncaughtException", onException);
      process.off("unhandledRejection", onRejection);
      globalThis.queueMicrotask = realQueueMicrotask;
      process.exit = originalExit;
    },
  };
}

/** Runs `fn` with no cell context, e.g. for the kernel's own logging. */
export function outsideCells<T>(fn: () => T): T {
  return cellStorage.exit(fn);
}


