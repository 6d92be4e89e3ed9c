/**
 * Node's `breakOnSigint` starts a SIGINT watchdog thread and joins it again on every call unless
 * one is already running: ~0.5 ms per cell on a small VM. Keeping one started for the kernel's
 * lifetime (the same helper Node's REPL uses) makes each cell's guard ~40 µs. While it is started it
 * owns SIGINT: a signal interrupts synchronous code run with `breakOnSigint`, and otherwise only
 * sets a pending flag (so a stray SIGINT never kills an idle kernel), which the runner polls while a
 * cell awaits. A JavaScript SIGINT listener must not be added afterwards: libuv's handler would take
 * the signal back and loops could no longer be interrupted.
 */
interface WatchdogBinding {
  startSigintWatchdog(): boolean;
  watchdogHasPendingSigint(): boolean;
}

export interface SigintWatch {
  /** A SIGINT arrived while no `breakOnSigint` script was running. */
  pending(): boolean;
}

/** Per process, not per module copy: the kernel's start-up and its bundled executor both ask. */
const KEPT = Symbol.for("d2l-ts.sigint-watchdog");
const registry = globalThis as { [KEPT]?: SigintWatch | null };

/** Starts the watchdog once per process; null where Node does not offer it (then use a listener). */
export function keepSigintWatchdog(): SigintWatch | null {
  if (registry[KEPT] !== undefined) return registry[KEPT];
  let kept: SigintWatch | null = null;
  try {
    // process.binding is deprecated, but this binding is what vm uses itself; feature-checked.
    const binding = (process as unknown as { binding(name: string): Partial<WatchdogBinding> }).binding("contextify");
    if (typeof binding.startSigintWatchdog === "function" && typeof binding.watchdogHasPendingSigint === "function" && binding.startSigintWatchdog()) {
      const b = binding as WatchdogBinding;
      kept = { pending: () => b.watchdogHasPendingSigint() };
    }
  } catch {
    // Not available in this Node: the caller falls back to a process listener.
  }
  Object.defineProperty(registry, KEPT, { value: kept, configurable: true, enumerable: false, writable: true });
  return kept;
}
