/**
 * The io server's AsyncCompiler over two compiler threads (compiler-thread.ts): "transpile" (syntax
 * check, REPL rewrite, source maps, tracebacks, is_complete) and "checker" (type check, completion,
 * inspection, and the language service's warm-up, which builds a program over ~500 declaration
 * files and takes seconds).
 *
 * A cell's transpile and type check are requested together. The typecheck mode decides what the
 * cell waits for:
 *   - "off": transpile only.
 *   - "error": always the check, even if the checker is still warming up (the user asked for
 *     type errors to block).
 *   - "warn" (default): the check only once the checker has finished its warm-up; warnings are then
 *     published before the cell runs, as before. While it is still warming up the cell runs
 *     unchecked (logged at debug level): the first cells of a fresh kernel, in warn mode, may get no
 *     type warnings. This is what keeps the first cell from waiting 5-25 s for the warm-up.
 * Every executed cell is committed to the checker, checked or not, so it learns every declaration.
 */
import { typecheckModeFor } from "../compile/directive.js";
import type { TypecheckMode } from "../compile/types.js";
import type { AsyncCompiler, CellCheck, CellCompile, CellTranspile, CompileFailure, ServerCompiler } from "./compiler.js";
import { CompilerThreadClosedError, startCompilerThread, type CompilerMethod, type CompilerRole } from "./compiler-thread.js";
import type { Log, LogLevel } from "./log.js";

/** The call face of one compiler thread (a fake in unit tests). */
export interface ThreadCalls<R extends CompilerRole> {
  call<T>(method: CompilerMethod<R>, ...args: unknown[]): Promise<T>;
}

export interface SplitCompilerOptions {
  transpiler: ThreadCalls<"transpile">;
  checker: ThreadCalls<"checker">;
  log: Log;
  /** Mode before any `//% typecheck:` directive; default "warn". */
  typecheck?: TypecheckMode;
  /** Load TypeScript on the transpile thread now rather than on `warmUp()` or the first cell. */
  eagerTranspiler?: boolean;
}

export function createSplitCompiler(opts: SplitCompilerOptions): AsyncCompiler {
  const { transpiler, checker, log } = opts;
  /** Shutdown rejects every pending call; that is no news. */
  const warnUnlessClosed = (e: Error, msg: string) => {
    if (!(e instanceof CompilerThreadClosedError)) log("warn", `${msg}: ${e.message}`);
  };
  let mode: TypecheckMode = opts.typecheck ?? "warn";
  let checkerWarm = false;
  let checkerWarming: Promise<void> | null = null;
  let transpilerWarming: Promise<void> | null = null;
  const warmUpTranspiler = (): Promise<void> => (transpilerWarming ??= transpiler.call<void>("warmUp"));
  // After the transpiler's: on a 2-core machine, both loading TypeScript at once (with the
  // executor loading the library) would slow down the first cell, which needs only the transpiler.
  const warmUpChecker = (): Promise<void> =>
    (checkerWarming ??= (transpilerWarming ?? Promise.resolve()).catch(() => {}).then(() => checker.call<void>("warmUp")).then(
      () => {
        checkerWarm = true;
      },
      (e: Error) => {
        // Checks go ahead anyway: each reports its own failure, which beats silently never checking.
        checkerWarm = true;
        warnUnlessClosed(e, "type checker warm-up failed");
      },
    ));
  if (opts.eagerTranspiler) warmUpTranspiler().catch((e: Error) => warnUnlessClosed(e, "transpiler warm-up failed"));

  const check = (code: string, m: TypecheckMode): Promise<CellCheck | CompileFailure> | null => {
    if (m === "off") return null;
    if (m === "warn" && !checkerWarm) {
      log("debug", "type checker still warming up: running the cell without waiting for type warnings");
      void warmUpChecker();
      return null;
    }
    return checker.call<CellCheck>("checkCell", code, m).catch((e: Error): CellCheck | CompileFailure => {
      warnUnlessClosed(e, "type check failed");
      if (m === "warn") return { ok: true, warnings: null };
      const evalue = "the type checker is not available, so this cell was not run (typecheck: error)";
      return { ok: false, ename: "TypeCheckUnavailable", evalue, traceback: [`TypeCheckUnavailable: ${evalue}; restart the kernel, or run a cell with //% typecheck: warn to run cells unchecked`] };
    });
  };

  return {
    async compileCell(code, executionCount): Promise<CellCompile> {
      // The same rule as CellCompiler.compile: a directive switches the mode from this cell on.
      mode = typecheckModeFor(code, mode);
      const [t, c] = await Promise.all([transpiler.call<CellTranspile>("transpileCell", code, executionCount), check(code, mode)]);
      if (!t.ok) return t;
      if (c && !c.ok) return c;
      return {
        ok: true,
        js: t.js,
        filename: t.filename,
        warnings: c?.warnings ?? null,
        commit: () => void checker.call("commitCell", code, executionCount).catch((e: Error) => warnUnlessClosed(e, `type checker missed cell ${executionCount}`)),
      };
    },
    compileExpression: (expr) => transpiler.call("compileExpression", expr),
    traceback: (ename, evalue, stack) => transpiler.call("traceback", ename, evalue, stack),
    isComplete: (code) => transpiler.call<ReturnType<ServerCompiler["isComplete"]>>("isComplete", code),
    languageVersion: () => transpiler.call("languageVersion"),
    complete: (code, pos) => checker.call("complete", code, pos),
    inspect: (code, pos, detail) => checker.call("inspect", code, pos, detail),
    async warmUp() {
      await Promise.all([warmUpTranspiler(), warmUpChecker()]);
    },
  };
}

export interface CompilerThreadsOptions {
  cwd: string;
  logLevel: LogLevel;
  log: Log;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  module?: string;
}

/**
 * Starts both threads. The transpile thread loads TypeScript right away (a few hundred ms on a
 * thread of its own), so the first cell rarely waits for it; the checker's warm-up is left to
 * `warmUp()` (scheduled by the io server after the first kernel_info) or the first cell.
 */
export function startCompilerThreads(opts: CompilerThreadsOptions): AsyncCompiler & { close(): Promise<void> } {
  const base = { cwd: opts.cwd, logLevel: opts.logLevel, module: opts.module };
  const transpiler = startCompilerThread({ ...base, role: "transpile" });
  const checker = startCompilerThread({ ...base, role: "checker" });
  const compiler = createSplitCompiler({ transpiler, checker, log: opts.log, eagerTranspiler: true });
  return Object.assign(compiler, {
    async close() {
      await Promise.all([transpiler.close(), checker.close()]);
    },
  });
}
