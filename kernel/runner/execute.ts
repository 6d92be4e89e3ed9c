/**
 * Executes one notebook cell by cell in a kernel session and returns the executed copy.
 * The session is an interface so the logic (skipping, tags, timeouts, stopping at the first
 * unexpected error) is tested without a kernel; `session.ts` adapts the real KernelClient.
 */
import { mayRaise, sourceText, type CodeCell, type NbOutput, type Notebook } from "./notebook.js";

export interface CellOutcome {
  status: "ok" | "error" | "aborted";
  executionCount: number | null;
  outputs: NbOutput[];
  ename?: string;
  evalue?: string;
}

export interface KernelSession {
  execute(code: string): Promise<CellOutcome>;
  interrupt(): Promise<void>;
  stop(): Promise<void>;
}

export interface CellFailure {
  /** 1-based position among all cells of the notebook, as a reader counts them. */
  cell: number;
  cellId: string | null;
  ename: string;
  evalue: string;
}

export type CellEvent =
  | { kind: "start"; cell: number; code: number; codeTotal: number }
  | { kind: "done"; cell: number; code: number; codeTotal: number; ms: number; status: "ok" | "expected-error" | "error" | "timeout"; ename?: string; evalue?: string };

export interface ExecuteOptions {
  /** Per cell; the cell is interrupted when it runs longer. */
  timeoutMs: number;
  onCell?: (e: CellEvent) => void;
  /** How long to wait for an interrupted cell to end before giving up on it. */
  interruptGraceMs?: number;
}

export interface ExecutedNotebook {
  notebook: Notebook;
  failure: CellFailure | null;
  /** Code cells that ran (blank cells are not sent to the kernel). */
  executed: number;
}

const TIMEOUT = Symbol("timeout");

export async function executeNotebook(source: Notebook, session: KernelSession, opts: ExecuteOptions): Promise<ExecutedNotebook> {
  const nb = structuredClone(source);
  const codeCells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
  // Outputs saved in the source would otherwise survive next to the new ones.
  for (const c of codeCells) {
    c.outputs = [];
    c.execution_count = null;
  }
  const codeTotal = codeCells.length;
  let code = 0;
  let executed = 0;
  for (let i = 0; i < nb.cells.length; i++) {
    const cell = nb.cells[i]!;
    if (cell.cell_type !== "code") continue;
    code += 1;
    const text = sourceText(cell.source);
    if (text.trim() === "") continue;
    const where = { cell: i + 1, code, codeTotal };
    opts.onCell?.({ kind: "start", ...where });
    const started = performance.now();
    const pending = session.execute(text);
    let outcome: CellOutcome | typeof TIMEOUT;
    try {
      outcome = await withTimeout(pending, opts.timeoutMs);
    } catch (e) {
      // The kernel went away (crash, exit from user code): nothing after this cell can run.
      const ename = "KernelError";
      const evalue = `the kernel stopped answering: ${(e as Error).message}`;
      cell.outputs = [{ output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] }];
      opts.onCell?.({ kind: "done", ...where, ms: performance.now() - started, status: "error", ename, evalue });
      return { notebook: nb, failure: { cell: i + 1, cellId: cell.id ?? null, ename, evalue }, executed: executed + 1 };
    }
    const ms = performance.now() - started;
    executed += 1;

    if (outcome === TIMEOUT) {
      // Let the interrupted cell finish so its reply does not land in the next request's place.
      await session.interrupt().catch(() => undefined);
      await withTimeout(pending.catch(() => null), opts.interruptGraceMs ?? 5_000);
      const evalue = `the cell ran longer than ${fmtSeconds(opts.timeoutMs)} and was interrupted; raise --timeout if it needs more time`;
      cell.outputs = [{ output_type: "error", ename: "CellTimeoutError", evalue, traceback: [`CellTimeoutError: ${evalue}`] }];
      opts.onCell?.({ kind: "done", ...where, ms, status: "timeout", ename: "CellTimeoutError", evalue });
      return { notebook: nb, failure: { cell: i + 1, cellId: cell.id ?? null, ename: "CellTimeoutError", evalue }, executed };
    }

    cell.outputs = outcome.outputs;
    cell.execution_count = outcome.executionCount;
    if (outcome.status === "ok") {
      opts.onCell?.({ kind: "done", ...where, ms, status: "ok" });
      continue;
    }
    const ename = outcome.ename ?? (outcome.status === "aborted" ? "Aborted" : "Error");
    const evalue = outcome.evalue ?? (outcome.status === "aborted" ? "the kernel aborted the cell" : "");
    if (mayRaise(cell) && outcome.status === "error") {
      opts.onCell?.({ kind: "done", ...where, ms, status: "expected-error", ename, evalue });
      continue;
    }
    opts.onCell?.({ kind: "done", ...where, ms, status: "error", ename, evalue });
    return { notebook: nb, failure: { cell: i + 1, cellId: cell.id ?? null, ename, evalue }, executed };
  }
  return { notebook: nb, failure: null, executed };
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function fmtSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}
