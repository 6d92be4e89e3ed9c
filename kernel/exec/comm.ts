/**
 * Jupyter comms for the library: a kernel-side registry of targets the frontend can open, and
 * `openComm` for comms the kernel opens. Messages travel through the io worker (kernel/bridge.ts).
 *
 *   registerCommTarget("d2l.progress", (comm, data) => { comm.onMsg((d) => ...); comm.send({ ok: true }); });
 *   const comm = openComm("jupyter.widget", { state: ... });
 */
import type { Parent } from "../bridge.js";
import { cellStorage, currentCell, makeContext } from "./context.js";
import { errorInfo } from "./error-info.js";
import { newDisplayId } from "./display.js";
import { outbox } from "./outbox.js";

export interface Comm {
  readonly commId: string;
  readonly targetName: string;
  readonly closed: boolean;
  send(data: unknown): void;
  close(data?: unknown): void;
  /** Returns a function that removes the listener. */
  onMsg(listener: (data: unknown) => void): () => void;
  onClose(listener: (data: unknown) => void): () => void;
}

/** Called when the frontend opens a comm to this target; `data` is the comm_open payload. */
export type CommTargetHandler = (comm: Comm, data: unknown) => void | Promise<void>;

export class CommClosedError extends Error {
  readonly code = "EXEC_COMM_CLOSED";
  constructor(commId: string, target: string) {
    super(`comm ${commId} (target '${target}') is closed; open a new one with openComm() before sending`);
    this.name = "CommClosedError";
  }
}

const targets = new Map<string, CommTargetHandler>();
const comms = new Map<string, CommImpl>();

class CommImpl implements Comm {
  private msgListeners = new Set<(data: unknown) => void>();
  private closeListeners = new Set<(data: unknown) => void>();
  closed = false;

  constructor(
    readonly commId: string,
    readonly targetName: string,
  ) {}

  send(data: unknown): void {
    if (this.closed) throw new CommClosedError(this.commId, this.targetName);
    outbox("comm.send()").send({ kind: "comm_msg", parent: currentCell()?.parent ?? null, commId: this.commId, data: data ?? {} });
  }

  close(data: unknown = {}): void {
    if (this.closed) return;
    outbox("comm.close()").send({ kind: "comm_close", parent: currentCell()?.parent ?? null, commId: this.commId, data });
    this.closedBy(data, false);
  }

  onMsg(listener: (data: unknown) => void): () => void {
    this.msgListeners.add(listener);
    return () => this.msgListeners.delete(listener);
  }

  onClose(listener: (data: unknown) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** @internal */
  received(data: unknown): void {
    for (const l of [...this.msgListeners]) l(data);
  }

  /** @internal */
  closedBy(data: unknown, notify: boolean): void {
    this.closed = true;
    comms.delete(this.commId);
    if (notify) for (const l of [...this.closeListeners]) l(data);
    this.msgListeners.clear();
    this.closeListeners.clear();
  }
}

/** Registers (or replaces) a target; returns a function that unregisters it. */
export function registerCommTarget(name: string, handler: CommTargetHandler): () => void {
  targets.set(name, handler);
  return () => {
    if (targets.get(name) === handler) targets.delete(name);
  };
}

export function openComm(targetName: string, data: unknown = {}, metadata: Record<string, unknown> = {}): Comm {
  const comm = new CommImpl(newDisplayId(), targetName);
  comms.set(comm.commId, comm);
  outbox("openComm()").send({ kind: "comm_open", parent: currentCell()?.parent ?? null, commId: comm.commId, targetName, data, metadata });
  return comm;
}

/**
 * Messages from the frontend. Handlers run in a context for the request, so what they print or
 * throw appears under that request.
 */
export function handleCommOpen(msg: { parent: Parent; commId: string; targetName: string; data: unknown }): void {
  const box = outbox("comms");
  const handler = targets.get(msg.targetName);
  if (!handler) {
    box.send({ kind: "comm_open_result", commId: msg.commId, accepted: false });
    return;
  }
  const comm = new CommImpl(msg.commId, msg.targetName);
  comms.set(comm.commId, comm);
  box.send({ kind: "comm_open_result", commId: msg.commId, accepted: true });
  inContext(msg.parent, () => handler(comm, msg.data));
}

export function handleCommMsg(msg: { parent: Parent; commId: string; data: unknown }): void {
  const comm = comms.get(msg.commId);
  if (comm) inContext(msg.parent, () => comm.received(msg.data));
}

export function handleCommClose(msg: { parent: Parent; commId: string; data: unknown }): void {
  const comm = comms.get(msg.commId);
  if (comm) inContext(msg.parent, () => comm.closedBy(msg.data, true));
}

function inContext(parent: Parent, fn: () => unknown): void {
  const ctx = makeContext({ parent });
  cellStorage.run(ctx, () => {
    const report = (e: unknown): void => outbox("comms").send({ kind: "late_error", parent, error: errorInfo(e) });
    try {
      const r = fn();
      if (r instanceof Promise) r.catch(report);
    } catch (e) {
      report(e);
    }
  });
}
