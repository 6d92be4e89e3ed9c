/**
 * Keeps a cell that fills the heap from killing the kernel. V8 aborts the whole process when the
 * JavaScript heap reaches its limit, and it offers no JavaScript hook before that, so the guard
 * works from outside: while a cell runs, the io worker (which never runs user code, so it keeps
 * running while a cell holds the main thread) compares the process's resident memory with a
 * threshold computed at the cell's start (resident memory now + the heap room V8 has left, times
 * `fraction`) and, once it is crossed, interrupts the cell with SIGINT exactly as Kernel >
 * Interrupt does. The runner then reports a HeapLimitError instead of KeyboardInterrupt.
 *
 * The two halves share one SharedArrayBuffer (`heapGuardBuffer()`, created before both threads
 * start): the main thread's `startHeapGuard` arms and disarms it per cell; the io worker's
 * `watchHeapGuard` polls. While no cell runs the watcher sleeps in `Atomics.waitAsync` on the
 * "armed" word (no timer, no wake-ups); `arm()` wakes it with `Atomics.notify`, and it then polls
 * every `intervalMs` until it sees the guard disarmed (one poll after the cell's end at most).
 *
 * Resident memory is a proxy for the main thread's heap (the watcher cannot read another isolate's
 * statistics), so the margin is generous: other threads may grow a little during a cell, and V8
 * must still have room to unwind the cell's stack after the interrupt.
 */
import v8 from "node:v8";

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
}

export interface HeapWatchOptions {
  /** Poll period while a cell runs. */
  intervalMs?: number;
}

export interface HeapWatch {
  /** Stops watching for good (the io worker's exit). */
  stop(): void;
  /** Resident-memory polls so far: tests check that none happen while the guard is disarmed. */
  readonly polls: number;
}

// Layout of the shared buffer: two Int32 words, then the Float64 threshold.
/** 1 while a cell runs (main thread writes; the watcher waits on it). */
const ARMED = 0;
/** 0 = not tripped; 1 = the watcher sent SIGINT; 2 = the main thread has reported it (tripped()). */
const TRIPPED = 1;
const THRESHOLD_BYTE_OFFSET = 8;
const BUFFER_BYTES = 16;

/** The state both halves share; pass the same buffer to startHeapGuard and watchHeapGuard. */
export function heapGuardBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BUFFER_BYTES);
}

type WaitAsyncResult = { async: false; value: "not-equal" | "timed-out" } | { async: true; value: Promise<"ok" | "timed-out"> };
// ES2024 (lib.es2024.sharedmemory); the project compiles against ES2023's lib.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, index: number, value: number): WaitAsyncResult }).waitAsync;

/** Main-thread half: arm()/disarm() per cell. Without a watcher on `shared` it never trips. */
export function startHeapGuard(shared: SharedArrayBuffer, opts: HeapGuardOptions = {}): HeapGuard {
  const fraction = opts.fraction ?? 0.75;
  const words = new Int32Array(shared, 0, 2);
  const threshold = new Float64Array(shared, THRESHOLD_BYTE_OFFSET, 1);
  return {
    arm() {
      const s = v8.getHeapStatistics();
      // Committed heap pages are reused before the heap grows, so only growth past them shows in RSS.
      const room = Math.max(0, s.heap_size_limit - s.total_heap_size);
      // Written before the atomic store of ARMED, so a watcher that sees ARMED = 1 sees this threshold.
      threshold[0] = process.memoryUsage.rss() + room * fraction;
      Atomics.store(words, TRIPPED, 0);
      Atomics.store(words, ARMED, 1);
      Atomics.notify(words, ARMED);
    },
    disarm() {
      // No notify: the watcher notices at its next poll and goes back to sleep.
      Atomics.store(words, ARMED, 0);
    },
    tripped() {
      // 1 -> 2 rather than back to 0: the watcher fires only from 0, so it cannot interrupt the
      // same cell twice while it unwinds; arm() resets the word for the next cell.
      return Atomics.compareExchange(words, TRIPPED, 1, 2) === 1;
    },
    error() {
      return new HeapLimitError(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
    },
  };
}

/**
 * Watcher half, for a thread that keeps its event loop free while cells run (the io worker). In
 * the thread that runs the cells it would only catch cells that allocate across awaits.
 */
export function watchHeapGuard(shared: SharedArrayBuffer, opts: HeapWatchOptions = {}): HeapWatch {
  const intervalMs = opts.intervalMs ?? 10;
  const words = new Int32Array(shared, 0, 2);
  const threshold = new Float64Array(shared, THRESHOLD_BYTE_OFFSET, 1);
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;
  let polls = 0;

  const sleep = (): void => {
    if (stopped) return;
    // Resolves at arm()'s notify; returns at once ("not-equal") when a cell was armed meanwhile.
    const w = waitAsync(words, ARMED, 0);
    if (w.async) void w.value.then(wake);
    else wake();
  };
  const wake = (): void => {
    if (stopped || timer) return;
    timer = setInterval(poll, intervalMs);
    // The kernel's lifetime is decided elsewhere; the watcher must never keep a thread alive.
    timer.unref();
  };
  const poll = (): void => {
    polls++;
    if (Atomics.load(words, ARMED) !== 1) {
      clearInterval(timer!);
      timer = null;
      sleep();
      return;
    }
    if (process.memoryUsage.rss() <= threshold[0]) return;
    if (Atomics.compareExchange(words, TRIPPED, 0, 1) === 0) process.kill(process.pid, "SIGINT");
  };

  sleep();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      // Releases a pending waitAsync (it then sees `stopped` and does nothing).
      Atomics.notify(words, ARMED);
    },
    get polls() {
      return polls;
    },
  };
}
