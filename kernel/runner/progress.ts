/**
 * Progress lines of `d2l-ts run`, one per notebook and one per cell, written to stderr so stdout
 * stays free for the closing summary. Plain lines (no cursor tricks) read the same in CI logs.
 */
import type { CellEvent } from "./execute.js";

export interface Progress {
  notebook(n: number, total: number, name: string): void;
  cell(e: CellEvent): void;
  notebookDone(r: { ok: boolean; cells: number; ms: number; target: string | null }): void;
  note(text: string): void;
}

export function createProgress(write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Progress {
  return {
    notebook: (n, total, name) => write(`[${n}/${total}] ${name}`),
    cell: (e) => {
      if (e.kind === "start") return;
      const where = `  cell ${String(e.cell).padStart(3)}  (code ${String(e.code).padStart(String(e.codeTotal).length)}/${e.codeTotal})`;
      const time = fmtMs(e.ms);
      switch (e.status) {
        case "ok":
          return write(`${where}  ok      ${time}`);
        case "expected-error":
          return write(`${where}  raised  ${time}  ${e.ename} (expected: tagged raises-exception)`);
        case "timeout":
          return write(`${where}  TIMEOUT ${time}  ${e.evalue}`);
        case "error":
          return write(`${where}  FAILED  ${time}  ${e.ename}: ${firstLine(e.evalue ?? "")}`);
      }
    },
    notebookDone: (r) => {
      const what = `${r.cells} code cell${r.cells === 1 ? "" : "s"} in ${fmtMs(r.ms)}`;
      write(r.ok ? `  done: ${what} -> ${r.target}` : `  FAILED after ${what}${r.target ? ` (partial output in ${r.target})` : ""}`);
    },
    note: (text) => write(text),
  };
}

function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(s: string): string {
  const line = s.split("\n", 1)[0] ?? "";
  return line.length > 160 ? line.slice(0, 157) + "..." : line;
}
