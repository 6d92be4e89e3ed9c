/** `//% typecheck: off|warn|error` on a line of its own switches checking from that cell on. */
import type { TypecheckMode } from "./types.js";

const DIRECTIVE = /^[ \t]*\/\/%[ \t]*typecheck[ \t]*:[ \t]*(off|warn|error)[ \t]*$/gm;

export function typecheckDirective(source: string): TypecheckMode | null {
  if (!source.includes("//%")) return null;
  let mode: TypecheckMode | null = null;
  for (const m of source.matchAll(DIRECTIVE)) mode = m[1] as TypecheckMode;
  return mode;
}

/**
 * The mode a cell runs under, given the mode in force before it. The one rule for "from that cell
 * on": the io worker (which decides whether to wait for the checker thread) and CellCompiler both
 * call this, so they cannot disagree.
 */
export function typecheckModeFor(source: string, previous: TypecheckMode): TypecheckMode {
  return typecheckDirective(source) ?? previous;
}
