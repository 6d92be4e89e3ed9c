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
 * `watchHeapGuard` polls every `intervalMs` from the moment the io worker hands a cell over until
 * its `done` arrives (`cellStarted`/`cellEnded`), so no timer runs while the kernel is idle and a
 * cell shorter than one interval costs no wake-up at all. The threshold's inputs (resident memory,
 * heap statistics: a system call and ~40 µs) are re-read at most every 250 ms while cells are
 * short (under 20 ms): a cell that starts right after such a one finds the heap about where it was.
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
  /**
   * The io worker handed a cell to the executor / got its `done`: polling runs in between (and
   * only while the executor has armed the guard). The io worker is awake at both moments anyway,
   * so a short cell costs the watcher no wake-up at all.
   */
  cellStarted(): void;
  cellEnded(): void;
  /** Stops watching for good (the io worker's exit). */
  stop(): void;
  /** Resident-memory polls so far: tests check that none happen while the guard is disarmed. */
  readonly polls: number;
}

// Layout of the shared buffer: two Int32 words, then the Float64 threshold.
/** 1 while a cell runs (main thread writes; the watcher reads it). */
const ARMED = 0;
/** 0 = not tripped; 1 = the watcher sent SIGINT; 2 = the main thread has reported it (tripped()). */
const TRIPPED = 1;
const THRESHOLD_BYTE_OFFSET = 8;
const BUFFER_BYTES = 16;
const REMEASURE_MS = 250;
const SHORT_CELL_MS = 20;

/** The state both halves share; pass the same buffer to startHeapGuard and watchHeapGuard. */
export function heapGuardBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BUFFER_BYTES);
}

/** Main-thread half: arm()/disarm() per cell. Without a watcher on `shared` it never trips. */
export function startHeapGuard(shared: SharedArrayBuffer, opts: HeapGuardOptions = {}): HeapGuard {
  const fraction = opts.fraction ?? 0.75;
  const words = new Int32Array(shared, 0, 2);
  const threshold = new Float64Array(shared, THRESHOLD_BYTE_OFFSET, 1);
  let measuredAt = -Infinity;
  let armedAt = 0;
  let lastCellMs = Infinity;
  return {
    arm() {
      const now = performance.now();
      armedAt = now;
      // Only after short cells: one that ran long may have grown the heap past the old threshold.
      if (now - measuredAt > REMEASURE_MS || lastCellMs > SHORT_CELL_MS) {
        measuredAt = now;
        const s = v8.getHeapStatistics();
        // Committed heap pages are reused before the heap grows, so only growth past them shows in RSS.
        const room = Math.max(0, s.heap_size_limit - s.total_heap_size);
        // Written before the atomic store of ARMED, so a watcher that sees ARMED = 1 sees this threshold.
        threshold[0] = process.memoryUsage.rss() + room * fraction;
      }
      Atomics.store(words, TRIPPED, 0);
      Atomics.store(words, ARMED, 1);
    },
    disarm() {
      Atomics.store(words, ARMED, 0);
      lastCellMs = performance.now() - armedAt;
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

  const poll = (): void => {
    polls++;
    if (Atomics.load(words, ARMED) !== 1) return;
    if (process.memoryUsage.rss() <= threshold[0]) return;
    if (Atomics.compareExchange(words, TRIPPED, 0, 1) === 0) process.kill(process.pid, "SIGINT");
  };
  const halt = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  return {
    cellStarted() {
      if (stopped || timer) return;
      timer = setInterval(poll, intervalMs);
      // The kernel's lifetime is decided elsewhere; the watcher must never keep a thread alive.
      timer.unref();
    },
    cellEnded: halt,
    stop() {
      stopped = true;
      halt();
    },
    get polls() {
      return polls;
    },
  };
}
