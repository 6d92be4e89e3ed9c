/** Shapes shared by the cell compiler, the language service and their callers (the io worker). */

/** A problem found in a cell; line and column are 1-based and count Unicode code points. */
export interface CellDiagnostic {
  line: number;
  column: number;
  message: string;
  code?: number;
  category: "error" | "warning";
}

export type TypecheckMode = "off" | "warn" | "error";

export type CompileResult =
  | { ok: true; js: string; filename: string; hoisted: string[]; warnings: CellDiagnostic[] }
  | { ok: false; ename: "SyntaxError" | "TypeError"; diagnostics: CellDiagnostic[] };

export type CheckResult = { ok: true; warnings: CellDiagnostic[] } | { ok: false; ename: "TypeError"; diagnostics: CellDiagnostic[] };

export interface CompletionResult {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Record<string, unknown>;
}

export interface InspectResult {
  found: boolean;
  data: { "text/plain": string; "text/markdown"?: string };
}

export interface IsCompleteResult {
  status: "complete" | "incomplete" | "invalid";
  indent?: string;
}
