/**
 * `d2l-ts run`: finds notebooks, executes each in a fresh kernel whose working directory is the
 * notebook's own (so relative paths in cells mean what they mean in Jupyter), writes the executed
 * copies under the output directory and renders them to HTML when nbconvert is available.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { findNotebooks, type FoundNotebook } from "./discover.js";
import { executeNotebook, type CellFailure, type KernelSession } from "./execute.js";
import { readNotebook, serializeNotebook } from "./notebook.js";
import { createProgress, type Progress } from "./progress.js";
import { findNbconvert, NBCONVERT_HINT, renderHtml, type Nbconvert } from "./render.js";

export type StartSession = (opts: { cwd: string; cellTimeoutMs: number }) => Promise<KernelSession>;

export interface RunOptions {
  paths: readonly string[];
  outDir: string;
  timeoutS: number;
  html: boolean;
  startSession: StartSession;
  progress?: Progress;
  /** Stop the running kernel and exit 130 on Ctrl-C instead of leaving it orphaned (CLI use). */
  handleSigint?: boolean;
  /** How nbconvert is found (tests replace it); default: Debian's /usr/bin/jupyter, then PATH. */
  findNbconvert?: () => Promise<Nbconvert | null>;
}

export interface NotebookFailure {
  notebook: string;
  /** Null when the notebook failed outside a cell (unreadable, kernel did not start, HTML). */
  failure: CellFailure | null;
  message: string;
}

export interface RunReport {
  executed: string[];
  html: string[];
  failures: NotebookFailure[];
  /** Why HTML was not rendered, when it was wanted but nbconvert is missing. */
  htmlSkipped: string | null;
}

/** How a failure reads on the terminal: notebook, cell, then the error as Python prints it. */
export function describeFailure(notebook: string, f: CellFailure): string {
  const id = f.cellId ? ` (id ${f.cellId})` : "";
  return `${notebook}: cell ${f.cell}${id} failed: ${f.ename}: ${f.evalue}`;
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

export async function runNotebooks(opts: RunOptions): Promise<RunReport> {
  const progress = opts.progress ?? createProgress();
  const outDir = resolve(opts.outDir);
  const found = await findNotebooks(opts.paths, { exclude: [outDir] });
  const report: RunReport = { executed: [], html: [], failures: [], htmlSkipped: null };
  const written: string[] = [];

  let active: KernelSession | null = null;
  const onSigint = () => {
    progress.note("interrupted: stopping the kernel");
    void (active?.stop() ?? Promise.resolve()).catch(() => undefined).then(() => process.exit(130));
  };
  if (opts.handleSigint) process.once("SIGINT", onSigint);
  try {
    for (const [n, nb] of found.entries()) {
      progress.notebook(n + 1, found.length, shown(nb.file));
      await runOne(nb, opts, outDir, progress, report, written, (s) => (active = s));
    }
  } finally {
    if (opts.handleSigint) process.removeListener("SIGINT", onSigint);
  }

  if (opts.html && written.length > 0) await renderAll(written, progress, report, opts.findNbconvert ?? findNbconvert);
  return report;
}

async function runOne(
  nb: FoundNotebook,
  opts: RunOptions,
  outDir: string,
  progress: Progress,
  report: RunReport,
  written: string[],
  setActive: (s: KernelSession | null) => void,
): Promise<void> {
  const name = shown(nb.file);
  const started = performance.now();
  let session: KernelSession | null = null;
  try {
    const source = await readNotebook(nb.file);
    session = await opts.startSession({ cwd: dirname(nb.file), cellTimeoutMs: opts.timeoutS * 1000 }).catch((e: Error) => {
      throw new Error(`the kernel did not start: ${e.message}`);
    });
    setActive(session);
    const result = await executeNotebook(source, session, { timeoutMs: opts.timeoutS * 1000, onCell: (e) => progress.cell(e) });
    // Written even after a failure: the partial notebook shows the error in context.
    const target = join(outDir, nb.rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, serializeNotebook(result.notebook));
    written.push(target);
    const ms = performance.now() - started;
    if (result.failure) {
      report.failures.push({ notebook: name, failure: result.failure, message: describeFailure(name, result.failure) });
    } else {
      report.executed.push(target);
    }
    progress.notebookDone({ ok: !result.failure, cells: result.executed, ms, target: shown(target) });
  } catch (e) {
    report.failures.push({ notebook: name, failure: null, message: `${name}: ${(e as Error).message}` });
    progress.notebookDone({ ok: false, cells: 0, ms: performance.now() - started, target: null });
  } finally {
    setActive(null);
    await session?.stop().catch(() => undefined);
  }
}

async function renderAll(
  written: readonly string[],
  progress: Progress,
  report: RunReport,
  find: () => Promise<Nbconvert | null>,
): Promise<void> {
  const nbc = await find();
  if (nbc === null) {
    report.htmlSkipped = `HTML not rendered: Jupyter's nbconvert was not found. Install it with: ${NBCONVERT_HINT}`;
    progress.note(report.htmlSkipped);
    return;
  }
  for (const file of written) {
    const r = await renderHtml(nbc, file, dirname(file));
    if (r.ok) {
      report.html.push(r.html);
      progress.note(`rendered ${shown(r.html)}`);
    } else {
      const message = `${shown(file)}: jupyter nbconvert --to html failed:\n${r.error}`;
      report.failures.push({ notebook: shown(file), failure: null, message });
      progress.note(message);
    }
  }
}
