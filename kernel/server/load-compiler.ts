/**
 * Loads the cell compiler (kernel/compile/) in the io worker and adapts it to ServerCompiler.
 * The compiler module is imported lazily, and TypeScript itself only on first compile, so binding
 * sockets and the first kernel_info never wait for them.
 */
import { createRequire } from "node:module";
import type { CellDiagnostic, CellCompiler, CellCompilerOptions } from "../compile/index.js";
import type { CellCompile, ExprCompile, ServerCompiler } from "./compiler.js";
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

export async function loadCompiler(opts: LoadCompilerOptions): Promise<ServerCompiler & { warmUp(): void }> {
  const spec = opts.module ?? new URL("../compile/index.js", import.meta.url).href;
  const mod = (await import(spec)) as CompilerModule;
  return adapt(new mod.CellCompiler({ cwd: opts.cwd }));
}

export function adapt(api: CellCompiler): ServerCompiler & { warmUp(): void } {
  const failure = (ename: string, diags: CellDiagnostic[], source: string) => {
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
    warmUp: () => api.warmUp(),
    compileCell(code, executionCount): CellCompile {
      const r = api.compile(code, executionCount);
      if (!r.ok) return failure(r.ename, r.diagnostics, code);
      return {
        ok: true,
        js: r.js,
        filename: r.filename,
        warnings: r.warnings.length > 0 ? api.formatDiagnostics(r.warnings, code).join("\n") : null,
        // The cell ran (even if it then threw): its declarations exist at runtime, so the
        // language service learns them either way.
        commit: () => api.commit(code, executionCount),
      };
    },
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
