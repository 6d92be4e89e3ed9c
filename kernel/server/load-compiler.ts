/**
 * Loads the cell compiler (kernel/compile/) and adapts it to ServerCompiler.
 * The compiler module is imported lazily, and TypeScript itself only on first compile, so binding
 * sockets and the first kernel_info never wait for them.
 */
import { createRequire } from "node:module";
import { bundledOr } from "../bundled.js";
import type { CellDiagnostic, CellCompiler, CellCompilerOptions } from "../compile/index.js";
import type { CompileFailure, ExprCompile, ServerCompiler } from "./compiler.js";
import type { Log } from "./log.js";

export interface LoadCompilerOptions {
  cwd: string;
  log: Log;
  /** Module URL exporting `CellCompiler`; default kernel/compile/index.js. */
  module?: string;
}

type CompilerModule = { CellCompiler: new (opts: CellCompilerOptions) => CellCompiler };

/** TypeScript's version without loading its 9 MB: kernel_info must answer fast. */
export function typescriptVersion(): string {
  try {
    return (createRequire(import.meta.url)("typescript/package.json") as { version: string }).version;
  } catch {
    return "5";
  }
}

export async function loadCompiler(opts: LoadCompilerOptions): Promise<ServerCompiler> {
  const spec = opts.module ?? bundledOr(new URL("../compile/index.js", import.meta.url));
  const mod = (await import(spec)) as CompilerModule;
  return adapt(new mod.CellCompiler({ cwd: opts.cwd }));
}

export function adapt(api: CellCompiler): ServerCompiler {
  const failure = (ename: string, diags: CellDiagnostic[], source: string): CompileFailure => {
    const first = diags.find((d) => d.category === "error") ?? diags[0];
    return {
      ok: false as const,
      ename,
      evalue: first ? `(${first.line},${first.column}) ${first.message}` : "compilation failed",
      traceback: api.formatDiagnostics(diags, source),
    };
  };
  let exprCounter = 0;
  return {
    languageVersion: typescriptVersion(),
    warmUpTranspiler: () => api.warmUpTranspiler(),
    warmUpCheckerSteps: () => api.warmUpCheckerSteps(),
    lineTable: (code) => api.lineTable(code),
    transpileCell(code, executionCount, file) {
      const r = api.transpile(code, executionCount, file);
      return r.ok ? { ok: true, js: r.js, filename: r.filename } : failure(r.ename, r.diagnostics, code);
    },
    checkCell(code, mode) {
      const r = api.check(code, mode);
      if (!r.ok) return failure(r.ename, r.diagnostics, code);
      return { ok: true, warnings: r.warnings.length > 0 ? api.formatDiagnostics(r.warnings, code).join("\n") : null };
    },
    commitCell: (code, executionCount) => api.commit(code, executionCount),
    compileExpression(expr): ExprCompile {
      exprCounter += 1;
      const r = api.compileExpression(expr, String(exprCounter));
      return r.ok ? { ok: true, js: r.js } : failure(r.ename, r.diagnostics, expr);
    },
    traceback(ename, evalue, stack) {
      if (!stack) return [`${ename}: ${evalue}`];
      return api.mapStack(stack).replace(/\n$/, "").split("\n");
    },
    complete: (code, pos) => {
      const r = api.complete(code, pos);
      return { matches: r.matches, cursorStart: r.cursor_start, cursorEnd: r.cursor_end, metadata: r.metadata ?? {} };
    },
    inspect: (code, pos, detail) => api.inspect(code, pos, detail === 1 ? 1 : 0),
    isComplete: (code) => {
      const r = api.isComplete(code);
      return r.status === "incomplete" ? { status: "incomplete", indent: r.indent ?? "" } : { status: r.status };
    },
  };
}
