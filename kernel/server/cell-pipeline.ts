/**
 * What the compiler does with one execute_request: transpile, type check as the mode says,
 * compile the user_expressions, hand the result to the executor, then teach the checker the cell's
 * declarations. The typecheck mode decides what a cell waits for:
 *   - "off": transpile only.
 *   - "error": always the check, even while the checker is still warming up (the user asked for
 *     type errors to block).
 *   - "warn" (default): the check only once the checker's warm-up is done; warnings are then shown
 *     before the cell runs. While it is still warming up the cell runs unchecked (logged at debug
 *     level), which is what keeps the first cell from waiting seconds for the warm-up.
 * Every cell that compiled is committed, checked or not, so the checker learns every declaration.
 * The commit comes after the hand-over, in a later turn: the executor runs the cell meanwhile.
 */
import type { CompiledCell, FormattedError } from "../bridge.js";
import { typecheckModeFor } from "../compile/directive.js";
import type { TypecheckMode } from "../compile/types.js";
import { compilerError, type CellRequest, type CompileFailure, type ServerCompiler } from "./compiler.js";
import type { Log } from "./log.js";

export interface CheckerWarmth {
  isWarm(): boolean;
  /**
   * Starts the warm-up if it has not started; resolves when it is done (or failed). `needed`: the
   * caller waits for it, so it must not step aside for other cells.
   */
  warmUp(opts?: { needed?: boolean }): Promise<void>;
}

export interface CellPipelineOptions {
  compiler: Pick<ServerCompiler, "transpileCell" | "checkCell" | "commitCell" | "compileExpression">;
  checker: CheckerWarmth;
  /** To the executor. */
  post(m: CompiledCell): void;
  log: Log;
  /** Mode before any `//% typecheck:` directive; default "warn". */
  typecheck?: TypecheckMode;
}

const formatted = (f: CompileFailure): FormattedError => ({ ename: f.ename, evalue: f.evalue, traceback: f.traceback });

export function createCellPipeline(opts: CellPipelineOptions): { run(req: CellRequest): Promise<void>; flush(): void } {
  const { compiler, checker, log } = opts;
  let mode: TypecheckMode = opts.typecheck ?? "warn";
  // Cells are compiled in arrival order even when one waits for the warm-up ("error" mode).
  let tail: Promise<void> = Promise.resolve();
  let idle = true;

  type Checked = { ok: true; warnings: string | null } | CompileFailure;
  /** Synchronous unless it must wait for the warm-up: a cell is handed over in the same turn. */
  const check = (code: string, m: TypecheckMode): Checked | Promise<Checked> => {
    if (m === "off") return { ok: true, warnings: null };
    if (m === "warn" && !checker.isWarm()) {
      log("debug", "type checker still warming up: running the cell without waiting for type warnings");
      void checker.warmUp();
      return { ok: true, warnings: null };
    }
    if (m === "error" && !checker.isWarm()) return checker.warmUp({ needed: true }).then(() => checkNow(code, m));
    return checkNow(code, m);
  };
  const checkNow = (code: string, m: "warn" | "error"): Checked => {
    try {
      return compiler.checkCell(code, m);
    } catch (e) {
      log("warn", `type check failed: ${(e as Error).message}`);
      if (m === "warn") return { ok: true, warnings: null };
      const evalue = "the type checker is not available, so this cell was not run (typecheck: error)";
      return { ok: false, ename: "TypeCheckUnavailable", evalue, traceback: [`TypeCheckUnavailable: ${evalue}; restart the kernel, or run a cell with //% typecheck: warn to run cells unchecked`] };
    }
  };

  const runOne = async (req: CellRequest): Promise<void> => {
    flush();
    const { parent, code, silent } = req;
    // The same rule as CellCompiler.compile: a directive switches the mode from this cell on.
    mode = typecheckModeFor(code, mode);
    const t = compiler.transpileCell(code, req.executionCount, req.file);
    if (!t.ok) return opts.post({ kind: "compile_failed", parent, silent, error: formatted(t) });
    const pending = check(code, mode);
    const c = pending instanceof Promise ? await pending : pending;
    if (!c.ok) return opts.post({ kind: "compile_failed", parent, silent, error: formatted(c) });
    const userExpressions: Record<string, string> = {};
    const exprErrors: Record<string, FormattedError> = {};
    for (const [name, expr] of Object.entries(req.userExpressions)) {
      const e = compiler.compileExpression(expr);
      if (e.ok) userExpressions[name] = e.js;
      else exprErrors[name] = formatted(e);
    }
    opts.post({ kind: "execute", parent, js: t.js, filename: t.filename, silent, allowStdin: req.allowStdin, userExpressions, exprErrors, warnings: c.warnings });
    // After this turn, so the io worker publishes busy and execute_input first; before the next
    // request (runOne and flush() take it up if it has not run yet).
    pendingCommit = () => {
      try {
        compiler.commitCell(code, req.executionCount);
      } catch (e) {
        log("warn", `type checker missed cell ${req.executionCount}: ${(e as Error).message}`);
      }
    };
    setImmediate(flush);
  };
  let pendingCommit: (() => void) | null = null;
  const flush = (): void => {
    const commit = pendingCommit;
    pendingCommit = null;
    commit?.();
  };

  return {
    /** Commits the last cell now if it is still waiting (before completion or inspection). */
    flush,
    run(req) {
      // Idle: compile now, in the caller's turn (the io worker publishes busy after handing over).
      const start = idle ? runOne(req) : tail.then(() => runOne(req));
      idle = false;
      const next = start.catch((e: Error) => {
        // Never leave the io worker waiting for a `done` that would not come.
        log("error", `compiling cell ${req.executionCount} failed: ${e.stack ?? e.message}`);
        const error = compilerError(`the kernel could not compile this cell (${e.message}); please report it, and restart the kernel if it persists`);
        opts.post({ kind: "compile_failed", parent: req.parent, silent: req.silent, error });
      });
      tail = next;
      void next.then(() => {
        if (tail === next) idle = true;
      });
      return next;
    },
  };
}
