/**
 * The files JupyterLab names cells by: tmpFilePrefix + murmur2(code, hashSeed) + tmpFileSuffix.
 * JupyterLab 4 and ipykernel hash the UTF-8 bytes of the code; murmurhash-js hashes the low byte
 * of each UTF-16 unit, so it is given the bytes as a latin1 string (one character per byte):
 * otherwise a cell with a Vietnamese comment would get a name the frontend never asks for.
 * While the debugger is attached every cell runs under its file's name, so breakpoints match.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import murmur from "murmurhash-js";

export const HASH_SEED = 0x5eed_d21;
export const FILE_SUFFIX = ".ts";
/** Sources of cells kept for `source` and breakpoints; a notebook session rarely runs more. */
const MAX_CELLS = 2_000;

export class CellFiles {
  readonly prefix: string;
  private readonly sources = new Map<string, string>();

  constructor(dir = join(tmpdir(), `d2l-ts-${process.pid}`)) {
    this.prefix = dir + sep;
  }

  pathOf(code: string): string {
    return `${this.prefix}${cellHash(code)}${FILE_SUFFIX}`;
  }

  /** The file a cell runs under; its source is remembered. */
  remember(code: string): string {
    const path = this.pathOf(code);
    this.sources.delete(path);
    this.sources.set(path, code);
    if (this.sources.size > MAX_CELLS) this.sources.delete(this.sources.keys().next().value!);
    return path;
  }

  source(path: string): string | undefined {
    return this.sources.get(path);
  }

  isCell(path: string): boolean {
    return path.startsWith(this.prefix) && path.endsWith(FILE_SUFFIX);
  }

  paths(): string[] {
    return [...this.sources.keys()];
  }

  /** dumpCell: written whole or not at all (a temporary file renamed over it). */
  async dump(code: string): Promise<string> {
    const path = this.remember(code);
    await mkdir(this.prefix, { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.part`;
    await writeFile(tmp, code, "utf8");
    await rename(tmp, path);
    return path;
  }
}

/** murmur2 of the code's UTF-8 bytes with the seed debugInfo announces. */
export function cellHash(code: string): number {
  return murmur.murmur2(Buffer.from(code, "utf8").toString("latin1"), HASH_SEED);
}

/** The script URL V8 gives a script run under an absolute file name. */
export const scriptUrl = (path: string): string => pathToFileURL(path).href;
