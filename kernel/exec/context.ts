/**
 * Which cell is "current". Every cell runs inside `cellStorage.run(ctx, ...)`, so timers, promise
 * continuations and event handlers it starts carry the same context after the cell returned:
 * their output and errors land on the cell that caused them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Parent } from "../bridge.js";

export interface CellContext {
  readonly parent: Parent;
  /** Output of a silent request is not published (messaging spec: `silent`). */
  readonly silent: boolean;
  readonly allowStdin: boolean;
  /** Set once `done` was posted: later output is trailing output of a finished cell. */
  finished: boolean;
  /** Displays whose bundle is still being computed; `done` waits for them. */
  readonly pending: Set<Promise<unknown>>;
}

export const cellStorage = new AsyncLocalStorage<CellContext>();

export function makeContext(opts: { parent: Parent; silent?: boolean; allowStdin?: boolean }): CellContext {
  return { parent: opts.parent, silent: opts.silent ?? false, allowStdin: opts.allowStdin ?? false, finished: false, pending: new Set() };
}

/** The cell whose code is running now (directly or through a timer/promise it started). */
export function currentCell(): CellContext | undefined {
  return cellStorage.getStore();
}

let lastCell: CellContext | undefined;

/** Remembered so that output with no context (library code at load, microtasks) still has a home. */
export function setLastCell(ctx: CellContext): void {
  lastCell = ctx;
}

/** The current cell, else the most recently started one. */
export function currentOrLastCell(): CellContext | undefined {
  return cellStorage.getStore() ?? lastCell;
}
