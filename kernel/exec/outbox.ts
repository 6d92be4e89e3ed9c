/**
 * The executor's only way to the io worker. Stream text is coalesced here so that a cell printing a
 * million lines posts a few hundred messages, not a million: consecutive writes of the same parent
 * and stream merge, and the buffer is posted once per event-loop turn, as soon as it holds `limit`
 * characters (a synchronous flood never yields, so the size bound is what keeps memory flat), or
 * on a write coming more than `intervalMs` after the last post: a cell that prints "epoch 1" and
 * then computes for seconds without yielding shows that line now, not when the cell ends.
 * Any other message flushes first, so the io worker sees everything in the order the cell made it.
 */
import type { FromExecutor, Parent } from "../bridge.js";
import { NoKernelError } from "./errors.js";

export interface PostTarget {
  postMessage(msg: FromExecutor): void;
}

type StreamName = "stdout" | "stderr";

interface Segment {
  parent: Parent;
  name: StreamName;
  parts: string[];
}

export class Outbox {
  private segments: Segment[] = [];
  private size = 0;
  private scheduled = false;
  private readonly limit: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  /** When the last stream message was posted; -Infinity so the first write of a quiet cell goes out at once. */
  private lastPost = -Infinity;
  private readonly flushSoon = (): void => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly target: PostTarget,
    opts: { limit?: number; intervalMs?: number; now?: () => number } = {},
  ) {
    this.limit = opts.limit ?? 64 * 1024;
    this.intervalMs = opts.intervalMs ?? 50;
    this.now = opts.now ?? (() => performance.now());
  }

  stream(parent: Parent, name: StreamName, text: string): void {
    if (text === "") return;
    const last = this.segments[this.segments.length - 1];
    if (last && last.parent === parent && last.name === name) last.parts.push(text);
    else this.segments.push({ parent, name, parts: [text] });
    this.size += text.length;
    // One clock read per write (~30 ns) is what a million-line flood pays for timely output.
    if (this.size >= this.limit || this.now() - this.lastPost >= this.intervalMs) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushSoon);
    }
  }

  send(msg: FromExecutor): void {
    this.flush();
    this.target.postMessage(msg);
  }

  flush(): void {
    if (this.segments.length === 0) return;
    const segments = this.segments;
    this.segments = [];
    this.size = 0;
    this.lastPost = this.now();
    for (const s of segments) this.target.postMessage({ kind: "stream", parent: s.parent, name: s.name, text: s.parts.join("") });
  }
}

let active: Outbox | null = null;

export function setOutbox(outbox: Outbox | null): void {
  active = outbox;
}

export function outbox(what: string): Outbox {
  if (!active) throw new NoKernelError(what);
  return active;
}

export function hasOutbox(): boolean {
  return active !== null;
}
