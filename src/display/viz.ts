/**
 * Graphviz (viz-js WebAssembly) loaded on the first graph only: importing this module costs
 * nothing, so the kernel starts without the ~1.5 MB wasm module.
 */
import type { Viz } from "@viz-js/viz";

let pending: Promise<Viz> | null = null;
let loaded: Viz | null = null;

export function loadViz(): Promise<Viz> {
  if (loaded) return Promise.resolve(loaded);
  pending ??= import("@viz-js/viz")
    .then((m) => m.instance())
    .then((viz) => {
      loaded = viz;
      return viz;
    })
    .catch((err: unknown) => {
      // Forget the failure so a later display can try again (e.g. after a transient I/O error).
      pending = null;
      throw err;
    });
  return pending;
}

/** Whether the layout engine is already in memory (bench and tests report cold vs warm). */
export function isVizLoaded(): boolean {
  return loaded !== null;
}
