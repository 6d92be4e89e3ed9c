/**
 * Which notebooks a `d2l-ts run` invocation means. Directories are searched recursively, skipping
 * places that hold copies rather than sources (checkpoints, earlier outputs, builds, dependencies),
 * so re-running after a run never executes its own results.
 */
import { readdir, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { NotebookNotFoundError } from "./errors.js";

export interface FoundNotebook {
  /** Absolute path of the source notebook. */
  file: string;
  /** Path under the output directory: relative to the directory argument it was found in. */
  rel: string;
}

const SKIPPED_DIRS = new Set([".ipynb_checkpoints", "out", "node_modules", "_build", ".git"]);

export interface DiscoverOptions {
  /** Absolute directories never searched (the output directory of this run). */
  exclude?: readonly string[];
}

export async function findNotebooks(paths: readonly string[], opts: DiscoverOptions = {}): Promise<FoundNotebook[]> {
  const exclude = new Set((opts.exclude ?? []).map((p) => resolve(p)));
  const found = new Map<string, FoundNotebook>();
  for (const given of paths) {
    const abs = resolve(given);
    const info = await stat(abs).catch(() => null);
    if (info === null) throw new NotebookNotFoundError(given, "no such file or directory");
    if (info.isFile()) {
      if (!abs.endsWith(".ipynb")) throw new NotebookNotFoundError(given, "is not a .ipynb file");
      if (!found.has(abs)) found.set(abs, { file: abs, rel: basename(abs) });
      continue;
    }
    const files = await walk(abs, exclude);
    if (files.length === 0) throw new NotebookNotFoundError(given, "holds no .ipynb notebook");
    for (const file of files) {
      if (!found.has(file)) found.set(file, { file, rel: relative(abs, file) });
    }
  }
  return [...found.values()];
}

async function walk(dir: string, exclude: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (SKIPPED_DIRS.has(e.name) || exclude.has(full)) continue;
      files.push(...(await walk(full, exclude)));
    } else if (e.isFile() && e.name.endsWith(".ipynb") && !e.name.endsWith("-checkpoint.ipynb")) {
      files.push(full);
    }
  }
  return files;
}
