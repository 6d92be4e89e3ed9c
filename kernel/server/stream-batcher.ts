/**
 * Batches stream text from the executor into few iopub `stream` messages.
 * Consecutive chunks with the same parent and stream name merge; anything else (another parent,
 * the other stream, any other iopub message, the idle status) flushes first, so order on the wire
 * equals the order the cell produced. A timer bounds latency and the message rate.
 */
export interface StreamChunk {
  parent: string;
  name: "stdout" | "stderr";
  text: string;
}

export interface BatcherOptions {
  publish: (chunk: StreamChunk) => void;
  /** Time a chunk may wait for more text. */
  delayMs?: number;
  /** Flush as soon as this many characters are pending. */
  maxChars?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export class StreamBatcher {
  private pending: StreamChunk | null = null;
  private timer: unknown = null;
  private readonly delayMs: number;
  private readonly maxChars: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly opts: BatcherOptions) {
    this.delayMs = opts.delayMs ?? 20;
    this.maxChars = opts.maxChars ?? 64 * 1024;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  add(chunk: StreamChunk): void {
    if (chunk.text === "") return;
    const p = this.pending;
    if (p && (p.parent !== chunk.parent || p.name !== chunk.name)) this.flush();
    if (this.pending) this.pending.text += chunk.text;
    else this.pending = { ...chunk };
    if (this.pending.text.length >= this.maxChars) this.flush();
    else if (this.timer === null) this.timer = this.setTimer(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  flush(): void {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    const p = this.pending;
    this.pending = null;
    if (p) this.opts.publish(p);
  }
}
