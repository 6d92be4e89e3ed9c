/**
 * `display()`, `clearOutput()` and display handles. Every display gets an id, because its handle
 * can `update()` it later and Jupyter only updates outputs that carried an id from the start.
 */
import { randomUUID } from "node:crypto";
import type { MimeBundle } from "../../src/display/mime.js";
import { currentOrLastCell, type CellContext } from "./context.js";
import { errorInfo } from "./error-info.js";
import { toBundle } from "./format.js";
import { outbox } from "./outbox.js";

export interface DisplayOptions {
  /** Reuse an id (e.g. to update a display made by another cell). */
  displayId?: string;
  /** Replace the output shown under `displayId` instead of adding one. */
  update?: boolean;
  metadata?: Record<string, unknown>;
}

export interface DisplayHandle {
  readonly displayId: string;
  /** Replaces what this display shows, wherever it is in the notebook. */
  update(value: unknown, opts?: { metadata?: Record<string, unknown> }): void;
  /** Empties this display (it keeps its place, so a later update fills it again). */
  clear(): void;
}

export function newDisplayId(): string {
  return randomUUID();
}

export function display(value: unknown, opts: DisplayOptions = {}): DisplayHandle {
  const displayId = opts.displayId ?? newDisplayId();
  post(value, { displayId, update: opts.update === true, metadata: opts.metadata ?? {} });
  return makeHandle(displayId);
}

function makeHandle(displayId: string): DisplayHandle {
  return {
    displayId,
    update: (value, o = {}) => post(value, { displayId, update: true, metadata: o.metadata ?? {} }),
    clear: () => post({ "text/plain": "" }, { displayId, update: true, metadata: {} }),
  };
}

export function clearOutput(opts: { wait?: boolean } = {}): void {
  const box = outbox("clearOutput()");
  const cell = currentOrLastCell();
  if (!cell || cell.silent) return;
  box.send({ kind: "clear_output", parent: cell.parent, wait: opts.wait === true });
}

function post(value: unknown, how: { displayId: string; update: boolean; metadata: Record<string, unknown> }): void {
  const box = outbox("display()");
  const cell = currentOrLastCell();
  const send = (data: MimeBundle, target: CellContext): void => {
    if (target.silent) return;
    box.send({ kind: "display", parent: target.parent, data, metadata: how.metadata, displayId: how.displayId, update: how.update });
  };
  const bundle = toBundle(value);
  if (!cell) return;
  if (!(bundle instanceof Promise)) {
    send(bundle, cell);
    return;
  }
  // A bundle that needs async work (the viz-js graph) still belongs before the cell's `done`.
  const p = bundle.then(
    (b) => send(b, cell),
    (e: unknown) => {
      if (!cell.silent) box.send({ kind: "late_error", parent: cell.parent, error: errorInfo(e) });
    },
  );
  cell.pending.add(p);
  void p.finally(() => cell.pending.delete(p));
}
