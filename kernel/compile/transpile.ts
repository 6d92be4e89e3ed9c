/**
 * Cell source -> runnable script. Fast path: parse once, blank the types, rewrite for the REPL.
 * Slow path (enums, namespaces, decorators, ...): `ts.transpileModule` first, then the same
 * rewrite over its JavaScript, with TypeScript's source map composed behind the rewrite's map.
 */
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { EditBuffer, lineColumn, lineStarts, type PieceMap } from "./edits.js";
import { rewriteCell, showRule } from "./rewrite.js";
import { stripTypes } from "./strip-types.js";
import { typescript, type TS } from "./typescript.js";

/** Maps a 1-based line and column of the generated script to the cell's 0-based line/column. */
export type PositionMapper = (line: number, column: number) => { line: number; column: number } | null;

export type TranspileResult =
  | { ok: true; js: string; hoisted: string[]; map: PositionMapper; sourceFile: TS.SourceFile }
  | { ok: false; errors: TS.DiagnosticWithLocation[]; sourceFile: TS.SourceFile };

export function parseCell(source: string, filename: string): TS.SourceFile {
  const ts = typescript();
  return ts.createSourceFile(filename, source, { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.ESNext }, false, ts.ScriptKind.TS);
}

export function syntaxErrors(sf: TS.SourceFile): TS.DiagnosticWithLocation[] {
  // parseDiagnostics is internal but has been on every SourceFile since TS 1.x; a program would
  // cost more than the whole fast path.
  return ((sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? []).slice();
}

export function transpileCell(source: string, filename: string, opts: { forceShow?: boolean } = {}): TranspileResult {
  const literal = objectLiteralCell(source, filename);
  if (literal) {
    // `{ a: 1 }` alone is an object, as in Node's REPL (a block with a label otherwise)
    const r = transpileCell(literal, filename, opts);
    if (r.ok) {
      const inner = r.map;
      r.map = (line, column) => {
        const p = inner(line, column);
        return p && p.line === 0 ? { line: 0, column: Math.max(0, p.column - 1) } : p;
      };
    }
    return r;
  }
  const ts = typescript();
  const sf = parseCell(source, filename);
  const errors = syntaxErrors(sf);
  if (errors.length > 0) return { ok: false, errors, sourceFile: sf };
  const buf = new EditBuffer(source);
  const fallback = stripTypes(ts, sf, buf);
  if (!fallback) {
    const r = rewriteCell(ts, sf, buf, { show: opts.forceShow ? "force" : "auto" });
    return { ok: true, js: r.js, hoisted: r.hoisted, map: pieceMapper(r.js, r.map, source), sourceFile: sf };
  }
  const out = ts.transpileModule(source, {
    fileName: filename,
    reportDiagnostics: false,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      preserveConstEnums: true,
      useDefineForClassFields: true,
      sourceMap: true,
      inlineSources: false,
    },
  });
  const js1 = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const sf1 = parseCell(js1, filename);
  const buf1 = new EditBuffer(js1);
  stripTypes(ts, sf1, buf1); // nothing typed is left; this rewrites dynamic import()
  const r = rewriteCell(ts, sf1, buf1, { show: showRule(ts, sf, opts.forceShow ?? false) });
  const toJs1 = pieceMapper(r.js, r.map, js1);
  const trace = new TraceMap(out.sourceMapText!);
  const map: PositionMapper = (line, column) => {
    const p = toJs1(line, column);
    if (!p) return null;
    const o = originalPositionFor(trace, { line: p.line + 1, column: p.column });
    return o.line == null ? null : { line: o.line - 1, column: o.column };
  };
  return { ok: true, js: r.js, hoisted: r.hoisted, map, sourceFile: sf };
}

function objectLiteralCell(source: string, filename: string): string | null {
  if (!/^\s*\{/.test(source) || !/\}\s*;?\s*$/.test(source)) return null;
  const ts = typescript();
  const trimmed = source.trimEnd();
  const semicolon = trimmed.endsWith(";");
  const body = semicolon ? trimmed.slice(0, -1) : trimmed;
  const wrapped = `(${body})${semicolon ? ";" : ""}`;
  const sf = parseCell(wrapped, filename);
  const only = sf.statements.length === 1 ? sf.statements[0] : undefined;
  const ok = syntaxErrors(sf).length === 0 && only && ts.isExpressionStatement(only) && ts.isParenthesizedExpression(only.expression) && ts.isObjectLiteralExpression(only.expression.expression);
  return ok ? wrapped : null;
}

function pieceMapper(js: string, map: PieceMap, source: string): PositionMapper {
  let genStarts: number[] | undefined;
  let srcStarts: number[] | undefined;
  return (line, column) => {
    genStarts ??= lineStarts(js);
    srcStarts ??= lineStarts(source);
    const start = genStarts[line - 1];
    if (start === undefined) return null;
    const offset = map.toSource(start + column - 1);
    return offset === null ? null : lineColumn(srcStarts, offset);
  };
}
