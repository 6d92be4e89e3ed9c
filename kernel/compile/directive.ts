/** `//% typecheck: off|warn|error` on a line of its own switches checking from that cell on. */
import type { TypecheckMode } from "./types.js";

const DIRECTIVE = /^[ \t]*\/\/%[ \t]*typecheck[ \t]*:[ \t]*(off|warn|error)[ \t]*$/gm;

export function typecheckDirective(source: string): TypecheckMode | null {
  if (!source.includes("//%")) return null;
  let mode: TypecheckMode | null = null;
  for (const m of source.matchAll(DIRECTIVE)) mode = m[1] as TypecheckMode;
  return mode;
}
