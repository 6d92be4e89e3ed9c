/**
 * What the io worker needs from the cell compiler (kernel/compile/). The compiler module is loaded
 * by `loadCompiler` and adapted to this interface in one place, so the server code does not depend
 * on the compiler's internal shapes.
 */
import type { FormattedError } from "../bridge.js";
import type { LineTable } from "../compile/line-table.js";

export type CompileFailure = { ok: false; ename: string; evalue: string; traceback: string[] };

/** The compiler itself failed, not the cell's code: what the cell's error output then says. */
export function compilerError(evalue: string): FormattedError {
  return { ename: "CompilerError", evalue, traceback: [`CompilerError: ${evalue}`] };
}

/** The compiler could not be reached or loaded (`why`): the kernel needs a restart. */
export const compilerUnavailable = (why: string): FormattedError => compilerError(`the cell compiler is not available (${why}); restart the kernel`);

/** Syntax check, REPL rewrite and source map: the first half of a cell's compile. */
export type CellTranspile = { ok: true; js: string; filename: string } | CompileFailure;

/** The type check, the second half: formatted warnings ("warn") or a TypeError failure ("error"). */
export type CellCheck = { ok: true; warnings: string | null } | CompileFailure;

export type ExprCompile = { ok: true; js: string } | CompileFailure;

export type CheckMode = "warn" | "error";

/** One CellCompiler adapted for the compiler (on the io worker or its own thread). */
export interface ServerCompiler {
  /** `executionCount` names the cell ("cell-3.ts"), so stack frames and diagnostics point at it. */
  transpileCell(code: string, executionCount: number, file?: string): CellTranspile;
  /** Cell lines <-> script lines, for the debugger; null if the cell does not compile. */
  lineTable(code: string): LineTable | null;
  compileExpression(expr: string): ExprCompile;
  /** Traceback lines for a runtime error, frames rewritten to cell lines. */
  traceback(ename: string, evalue: string, stack: string): string[];
  isComplete(code: string): { status: "complete" | "invalid" | "unknown" } | { status: "incomplete"; indent: string };
  warmUpTranspiler(): void;
  /** TypeScript version, reported in kernel_info's language_info. */
  readonly languageVersion: string;
  checkCell(code: string, mode: CheckMode): CellCheck;
  /** The cell ran (even if it then threw): its declarations exist at runtime, so the checker learns them. */
  commitCell(code: string, executionCount: number): void;
  complete(code: string, cursorPos: number): { matches: string[]; cursorStart: number; cursorEnd: number; metadata: Record<string, unknown> };
  inspect(code: string, cursorPos: number, detailLevel: number): { found: boolean; data: Record<string, unknown> };
  /** The type checker's warm-up in slices of a few ms each, so requests are served in between. */
  warmUpCheckerSteps(): Iterator<unknown>;
}

/** An execute_request as the compiler gets it; the result goes to the executor, not back. */
export interface CellRequest {
  parent: string;
  code: string;
  executionCount: number;
  silent: boolean;
  allowStdin: boolean;
  /** name -> expression source */
  userExpressions: Record<string, string>;
  /** Set while the debugger is attached: the script is run under this file (kernel/debug/). */
  file?: string;
}

/** The operations the io server uses, answered by the compiler thread (see compiler-thread.ts). */
export interface AsyncCompiler {
  /**
   * Compiles the cell and hands it (or its compile error) straight to the executor, whose `done`
   * is the only answer: one thread hop less per cell than a reply through the io worker.
   */
  runCell(req: CellRequest): void;
  traceback(ename: string, evalue: string, stack: string): Promise<string[]>;
  complete(code: string, cursorPos: number): Promise<ReturnType<ServerCompiler["complete"]>>;
  inspect(code: string, cursorPos: number, detailLevel: number): Promise<ReturnType<ServerCompiler["inspect"]>>;
  isComplete(code: string): Promise<ReturnType<ServerCompiler["isComplete"]>>;
  languageVersion(): Promise<string>;
  warmUp(): Promise<void>;
  lineTable(code: string): Promise<LineTable | null>;
}
