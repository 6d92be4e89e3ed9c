/**
 * V8 compiles console.log's formatting path lazily: the first few thousand calls of a fresh
 * process cost ~30 µs each instead of ~1 µs, so the first printing cell would be 10x slower than
 * later ones. Shortly after `ready` the executor prints into a silent context (output dropped at
 * the capture) in small slices, so a cell arriving meanwhile waits at most one slice (~2 ms while
 * the calls are still slow). It starts after `delayMs`: a kernel just started has a first cell to
 * compile (the io worker loads TypeScript meanwhile) and two cores at most to do it on.
 */
import { cellStorage, makeContext } from "./context.js";

export function warmUpOutput(opts: { slices?: number; perSlice?: number; delayMs?: number } = {}): void {
  const ctx = makeContext({ parent: "__warmup__", silent: true });
  let left = opts.slices ?? 60;
  const perSlice = opts.perSlice ?? 50;
  const slice = (): void => {
    cellStorage.run(ctx, () => {
      for (let i = 0; i < perSlice; i++) {
        console.log(i);
        console.log("line", i, i / 3);
        process.stdout.write(`${i}\n`);
      }
    });
    if (--left > 0) setImmediate(slice).unref();
  };
  setTimeout(() => setImmediate(slice).unref(), opts.delayMs ?? 0).unref();
}
