/**
 * Whole-file reads and writes. A write goes to a temporary file next to the target, is flushed
 * to disk, then renamed over the target: readers see the old file or the new one, never half of
 * one, and a failed write leaves the old file where it was.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { IoError } from "./errors.js";

let counter = 0;

/** Writes `bytes` to `path` atomically (temporary file + rename). */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${++counter}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx");
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new IoError("E_WRITE", `could not write ${path}: ${(e as Error).message}. The previous file, if any, is unchanged.`);
  }
}

/** Reads a whole file, with an error that names it. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file (paths are relative to the notebook's directory, the kernel's working directory)" : (e as Error).message;
    throw new IoError("E_READ", `could not read ${path}: ${why}`);
  }
}
