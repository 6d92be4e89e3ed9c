/**
 * The slice of nbformat 4 the runner reads and writes. Unknown fields are kept as they are, so a
 * notebook written back differs from its source only in outputs and execution counts.
 */
import { readFile } from "node:fs/promises";
import { NotebookFormatError } from "./errors.js";

export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DataOutput {
  output_type: "display_data" | "execute_result";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type NbOutput = StreamOutput | DataOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs: NbOutput[];
  execution_count: number | null;
}
export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** Cells tagged so may end in an error without failing the run (the tag nbclient honours too). */
export const RAISES_EXCEPTION = "raises-exception";

export function sourceText(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

export function tagsOf(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

export function mayRaise(cell: Cell): boolean {
  return tagsOf(cell).includes(RAISES_EXCEPTION);
}

/** Parses and checks the structure the runner relies on; the error names the file and the problem. */
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null) throw new NotebookFormatError(file, "the top level is not an object");
  const nb = raw as Partial<Notebook>;
  if (nb.nbformat !== 4) throw new NotebookFormatError(file, `nbformat ${String(nb.nbformat)} is not supported (only nbformat 4)`);
  if (!Array.isArray(nb.cells)) throw new NotebookFormatError(file, `"cells" is missing or not a list`);
  nb.cells.forEach((cell, i) => {
    if (typeof cell !== "object" || cell === null || typeof (cell as Cell).cell_type !== "string") {
      throw new NotebookFormatError(file, `cell ${i + 1} has no cell_type`);
    }
    const src = (cell as Cell).source;
    if (typeof src !== "string" && !(Array.isArray(src) && src.every((s) => typeof s === "string"))) {
      throw new NotebookFormatError(file, `cell ${i + 1} has no source text`);
    }
    cell.metadata ??= {};
  });
  return { nbformat: 4, nbformat_minor: nb.nbformat_minor ?? 4, metadata: nb.metadata ?? {}, cells: nb.cells };
}

export async function readNotebook(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new NotebookFormatError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNotebook(text, file);
}

/** Jupyter's own layout: one-space indent, keys as given, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** nbformat stores multi-line strings as lists of lines, each keeping its "\n". */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}
