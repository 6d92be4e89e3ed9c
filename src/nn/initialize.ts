import { Uniform, toInitializer, type Initializer, type InitLike } from "../init/initializer.js";
import type { Parameter } from "./parameter.js";

/** Options of `initialize()`. */
export interface InitializeOptions {
  /** Initializer for parameters that have none of their own (default `new init.Uniform(0.07)`). */
  init?: Initializer | InitLike;
  /** Reinitialize parameters that were already initialized (otherwise they are left alone with a warning). */
  forceReinit?: boolean;
}

/**
 * Registers initializers; parameters with fully known shapes get data at once, the others
 * become "deferred". Already initialized parameters are left alone with one warning on stderr.
 */
export function initializeParams(params: readonly Parameter[], opts: InitializeOptions = {}): void {
  const global = opts.init === undefined ? null : toInitializer(opts.init, "initialize({ init })");
  const skipped: string[] = [];
  for (const p of params) {
    if (p.isConstant) continue; // constants keep their value, even under forceReinit
    const init = p.defaultInit ?? global ?? new Uniform(0.07);
    if (p.register(init, opts.forceReinit ?? false) === "skipped") skipped.push(p.name);
  }
  if (skipped.length > 0) {
    process.stderr.write(
      `Warning: parameters ${skipped.map((n) => `"${n}"`).join(", ")} are already initialized; ignoring initialize(). ` +
        `Pass { forceReinit: true } to reinitialize them.\n`,
    );
  }
}
