/**
 * Garbage collection while the compiler is idle.
 *
 * Every type check after a commit builds a new program and type checker (a few MiB of garbage per
 * cell). V8 collects the old generation only once the heap has grown to a multiple of its live
 * size, so the checker thread floated at ~250 MiB of heap (live: ~90 MiB) and its resident memory
 * never came back. Collecting when the thread has had nothing to do for a moment (the cell is
 * running) keeps the heap near its live size at no cost to the latency of a request. Cells run
 * back to back (Run All, the soak) never leave the thread idle, so past `forceBytes` of growth it
 * collects right after answering instead (tens of ms, once every few dozen cells).
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const FORCE_CHECK_MS = 50;

export interface IdleGcOptions {
  /** Quiet time after the last request before collecting. */
  idleMs: number;
  /** Collect only if the heap grew by this much since the last collection. */
  growthBytes: number;
  /** Collect right after the current answer, idle or not, once the heap grew by this much. */
  forceBytes?: number;
  /** The collector; default V8's full GC (see `fullGc`). */
  collect?: () => void;
  /** Milliseconds, for the rate of heap reads; default performance.now. */
  now?: () => number;
  /** Heap size now; default V8's used heap size. */
  heapBytes?: () => number;
  /** Told each collection's duration and freed bytes. */
  onCollect?: (info: { ms: number; before: number; after: number }) => void;
}

export interface IdleGc {
  /** A request was just answered: restart the quiet-time countdown. */
  poke(): void;
  stop(): void;
}

let cachedGc: (() => void) | null | undefined;

/**
 * V8's full collection, obtained without starting the process with --expose-gc. The flag is set
 * only for the moment a fresh context is made, so user code never sees a `gc` global.
 * null if this V8 refuses.
 */
export function fullGc(): (() => void) | null {
  if (cachedGc !== undefined) return cachedGc;
  try {
    setFlagsFromString("--expose-gc");
    const fn = runInNewContext("gc") as unknown;
    cachedGc = typeof fn === "function" ? (fn as () => void) : null;
  } catch {
    cachedGc = null;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
  return cachedGc;
}

export function startIdleGc(opts: IdleGcOptions): IdleGc {
  const collect = opts.collect ?? fullGc();
  const heapBytes = opts.heapBytes ?? (() => getHeapStatistics().used_heap_size);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let baseline = heapBytes();
  let forceCheckedAt = -Infinity;
  const clock = opts.now ?? (() => performance.now());
  const run = (threshold: number) => {
    if (timer) clearTimeout(timer);
    timer = null;
    const before = heapBytes();
    if (!collect || before - baseline < threshold) return;
    const t0 = performance.now();
    collect();
    baseline = heapBytes();
    opts.onCollect?.({ ms: performance.now() - t0, before, after: baseline });
  };
  return {
    poke() {
      if (!collect) return;
      // Heap statistics cost ~30 µs: read at most every FORCE_CHECK_MS, which back-to-back cells exceed.
      const now = clock();
      if (opts.forceBytes !== undefined && now - forceCheckedAt >= FORCE_CHECK_MS) {
        forceCheckedAt = now;
        if (heapBytes() - baseline >= opts.forceBytes) return run(opts.forceBytes);
      }
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => run(opts.growthBytes), opts.idleMs);
      // The thread's port keeps it alive; a pending collection must not.
      timer.unref?.();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
