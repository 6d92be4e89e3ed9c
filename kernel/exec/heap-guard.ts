/**
 * Keeps a cell that fills the heap from killing the kernel. V8 aborts the whole process when the
 * JavaScript heap reaches its limit, and it offers no JavaScript hook before that, so the guard
 * works from outside: while a cell runs, a small watchdog thread compares the process's resident
 * memory with a threshold computed at the cell's start (resident memory now + the heap room V8 has
 * left, times `fraction`) and, once it is crossed, interrupts the cell with SIGINT exactly as
 * Kernel > Interrupt does. The runner then reports a HeapLimitError instead of KeyboardInterrupt.
 *
 * Resident memory is a proxy for the main thread's heap (the watchdog cannot read another isolate's
 * statistics), so the margin is generous: other threads may grow a little during a cell, and V8
 * must still have room to unwind the cell's stack after the interrupt.
 */
import v8 from "node:v8";
import { Worker } from "node:worker_threads";

export class HeapLimitError extends RangeError {
  readonly code = "EXEC_HEAP_LIMIT";
  constructor(limitMiB: number) {
    super(
      `the cell was stopped because the JavaScript heap was nearly full (limit ${limitMiB.toFixed(0)} MiB); the kernel keeps running ` +
        "and earlier variables are kept. Free large values (set them to null) or process data in smaller pieces; " +
        "to allow more memory, start Node with NODE_OPTIONS=--max-old-space-size=<MiB>.",
    );
    this.name = "HeapLimitError";
  }
}

export interface HeapGuard {
  /** Sets the threshold from the current heap statistics and starts watching. */
  arm(): void;
  disarm(): void;
  /** True (once) if the guard interrupted the cell since the last arm(). */
  tripped(): boolean;
  /** The error to report for a tripped cell. */
  error(): HeapLimitError;
}

export interface HeapGuardOptions {
  /** Share of the heap room left at the cell's start that the cell may use. */
  fraction?: number;
  intervalMs?: number;
}

// CommonJS source for an eval worker: no file to resolve, nothing imported but worker_threads.
const WATCHDOG = `
const { workerData } = require("node:worker_threads");
const limits = new Float64Array(workerData.shared, 0, 2);
const flag = new Int32Array(workerData.shared, 16, 1);
setInterval(() => {
  if (limits[1] !== 1) return;
  if (process.memoryUsage.rss() <= limits[0]) return;
  limits[1] = 0;
  if (Atomics.compareExchange(flag, 0, 0, 1) === 0) process.kill(process.pid, "SIGINT");
}, workerData.intervalMs);
`;

export function startHeapGuard(opts: HeapGuardOptions = {}): HeapGuard {
  const fraction = opts.fraction ?? 0.75;
  const shared = new SharedArrayBuffer(24);
  // [0] = threshold (bytes of resident memory), [1] = armed (1) or not.
  const limits = new Float64Array(shared, 0, 2);
  const flag = new Int32Array(shared, 16, 1);
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { shared, intervalMs: opts.intervalMs ?? 10 } });
  // The kernel's lifetime is decided elsewhere; the watchdog must never keep the process alive.
  worker.unref();
  return {
    arm() {
      const s = v8.getHeapStatistics();
      // Committed heap pages are reused before the heap grows, so only growth past them shows in RSS.
      const room = Math.max(0, s.heap_size_limit - s.total_heap_size);
      Atomics.store(flag, 0, 0);
      limits[0] = process.memoryUsage.rss() + room * fraction;
      limits[1] = 1;
    },
    disarm() {
      limits[1] = 0;
    },
    tripped() {
      return Atomics.exchange(flag, 0, 0) === 1;
    },
    error() {
      return new HeapLimitError(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
    },
  };
}
