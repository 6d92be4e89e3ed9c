/** TypeScript diagnostics -> cell diagnostics (1-based, code points) and traceback lines. */
import { utf16ToCodePoint } from "./unicode.js";
import type { CellDiagnostic } from "./types.js";
import type { TS } from "./typescript.js";

/**
 * Codes that do not apply to cells: each cell runs as a REPL script where top-level names are
 * globals, so "used before its declaration" (a redeclared name read before its new declaration,
 * `let x = f(x)`) is fine at run time; `import x = require("m")` (1202) is supported.
 */
const IGNORED = new Set([1202, 2448, 2449, 2450, 2454]);
/** Never blocking: a JavaScript package without types is usable, just untyped. */
const ALWAYS_WARNING = new Set([7016]);

export function toCellDiagnostics(ts: typeof TS, diags: readonly TS.Diagnostic[], source: string, asWarnings: boolean): CellDiagnostic[] {
  const out: CellDiagnostic[] = [];
  const lines = source.split(/\r\n|\r|\n/);
  for (const d of diags) {
    if (IGNORED.has(d.code) || d.start === undefined || !d.file) continue;
    if (d.category !== ts.DiagnosticCategory.Error && d.category !== ts.DiagnosticCategory.Warning) continue;
    const start = Math.min(d.start, source.length);
    const lc = d.file.getLineAndCharacterOfPosition(start);
    out.push({
      line: lc.line + 1,
      column: utf16ToCodePoint(lines[lc.line] ?? "", lc.character) + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      code: d.code,
      category: asWarnings || ALWAYS_WARNING.has(d.code) || d.category === ts.DiagnosticCategory.Warning ? "warning" : "error",
    });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Traceback lines: a heading per diagnostic, the cell's line, and a caret under the column. */
export function formatDiagnostics(diags: readonly CellDiagnostic[], source: string): string[] {
  const lines = source.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const d of diags) {
    const code = d.code ? ` TS${d.code}` : "";
    const [first, ...rest] = d.message.split("\n");
    out.push(`line ${d.line}, column ${d.column}: ${d.category}${code}: ${first}`);
    for (const r of rest) out.push(`    ${r}`);
    const text = lines[d.line - 1];
    if (text !== undefined) {
      const gutter = String(d.line);
      const prefix = [...text].slice(0, d.column - 1).map((c) => (c === "\t" ? "\t" : " ")).join("");
      out.push(`  ${gutter} | ${text}`);
      out.push(`  ${" ".repeat(gutter.length)} | ${prefix}^`);
    }
  }
  return out;
}
