/**
 * The type checker's warm-up, run slice by slice between the compiler's other work: each slice is
 * a turn of the event loop, so a request waits for one slice at most, and slices wait while cells
 * keep arriving.
 */
import type { ServerCompiler } from "./compiler.js";
import { fullGc } from "./idle-gc.js";
import type { Log } from "./log.js";

/**
 * While cells keep coming, the warm-up steps aside: a slice in progress is what a cell would wait
 * for, and on two cores the slices would also take CPU from the running cell.
 */
const QUIET_MS = 150;

/** The checker's warm-up, run slice by slice between the thread's messages. */
export function checkerWarmth(compiler: () => ServerCompiler | null, log: Log) {
  let warm = false;
  let warming: Promise<void> | null = null;
  /** Someone waits for the warm-up (error mode, completion): no stepping aside. */
  let urgent = false;
  let quietUntil = 0;
  const run = (c: ServerCompiler): Promise<void> =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      let longest = 0;
      const finish = (e?: unknown) => {
        // Checks go ahead after a failed warm-up: each reports its own failure, which beats never checking.
        if (e) log("warn", `type checker warm-up failed: ${(e as Error).message}`);
        else log("debug", `type checker warmed up in ${(performance.now() - t0).toFixed(0)} ms (longest slice ${longest.toFixed(0)} ms)`);
        // The warm-up's garbage (parse and bind scratch, ~20 MiB) is collected now, in one pause
        // of ~50 ms, rather than left to raise the heap that later checks grow from.
        const t1 = performance.now();
        fullGc()?.();
        log("debug", `collected after the warm-up in ${(performance.now() - t1).toFixed(0)} ms`);
        warm = true;
        resolve();
      };
      // Each step is one slice of a few ms (CellCompiler.warmUpCheckerSteps bounds it).
      const steps = c.warmUpCheckerSteps();
      const slice = () => {
        const start = performance.now();
        if (!urgent && start < quietUntil) {
          setTimeout(slice, quietUntil - start);
          return;
        }
        try {
          const done = steps.next().done;
          longest = Math.max(longest, performance.now() - start);
          if (done) return finish();
        } catch (e) {
          return finish(e);
        }
        setImmediate(slice);
      };
      setImmediate(slice);
    });
  return {
    isWarm: () => warm,
    /** `needed`: the caller waits for it; otherwise it runs when cells leave the thread quiet. */
    warmUp(opts: { needed?: boolean } = {}): Promise<void> {
      const c = compiler();
      if (!c) return Promise.resolve();
      if (opts.needed) urgent = true;
      warming ??= run(c);
      return warming;
    },
    /** A cell arrived: postpone the next slice. */
    cellArrived(): void {
      quietUntil = performance.now() + QUIET_MS;
    },
  };
}

