/**
 * V8 compiles console.log's formatting path lazily: the first few thousand calls of a fresh
 * process cost ~30 µs each instead of ~1 µs, so the first printing cell would be 10x slower than
 * later ones. Right after `ready` the executor prints into a silent context (output dropped at the
 * capture) in small slices, so a cell arriving meanwhile waits at most one slice.
 */
import { cellStorage, makeContext } from "./context.js";

export function warmUpOutput(opts: { slices?: number; perSlice?: number } = {}): void {
  const ctx = makeContext({ parent: "__warmup__", silent: true });
  let left = opts.slices ?? 12;
  const perSlice = opts.perSlice ?? 250;
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
  setImmediate(slice).unref();
}
