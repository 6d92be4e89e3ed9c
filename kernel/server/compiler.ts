/**
 * What the io worker needs from the cell compiler (kernel/compile/). The compiler module is loaded
 * by `loadCompiler` and adapted to this interface in one place, so the server code does not depend
 * on the compiler's internal shapes.
 */
export type CellCompile =
  | { ok: true; js: string; filename: string; warnings: string | null; commit(ok: boolean): void }
  | { ok: false; ename: string; evalue: string; traceback: string[] };

export type ExprCompile = { ok: true; js: string } | { ok: false; ename: string; evalue: string; traceback: string[] };

export interface ServerCompiler {
  /** `executionCount` names the cell ("cell-3.ts"), so stack frames and diagnostics point at it. */
  compileCell(code: string, executionCount: number): CellCompile;
  compileExpression(expr: string): ExprCompile;
  /** Traceback lines for a runtime error, frames rewritten to cell lines. */
  traceback(ename: string, evalue: string, stack: string): string[];
  complete(code: string, cursorPos: number): { matches: string[]; cursorStart: number; cursorEnd: number; metadata: Record<string, unknown> };
  inspect(code: string, cursorPos: number, detailLevel: number): { found: boolean; data: Record<string, unknown> };
  isComplete(code: string): { status: "complete" | "invalid" | "unknown" } | { status: "incomplete"; indent: string };
  /** TypeScript version, reported in kernel_info's language_info. */
  readonly languageVersion: string;
}

/** The same operations, answered by the compiler thread (see compiler-thread.ts). */
export interface AsyncCompiler {
  compileCell(code: string, executionCount: number): Promise<CellCompile>;
  compileExpression(expr: string): Promise<ExprCompile>;
  traceback(ename: string, evalue: string, stack: string): Promise<string[]>;
  complete(code: string, cursorPos: number): Promise<ReturnType<ServerCompiler["complete"]>>;
  inspect(code: string, cursorPos: number, detailLevel: number): Promise<ReturnType<ServerCompiler["inspect"]>>;
  isComplete(code: string): Promise<ReturnType<ServerCompiler["isComplete"]>>;
  languageVersion(): Promise<string>;
  warmUp(): Promise<void>;
}
