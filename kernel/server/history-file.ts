/**
 * Reading the history file (JSON lines, one record per cell, appended by every kernel that ever
 * ran) without holding it: records come one at a time from chunks of CHUNK_BYTES, so a kernel's
 * memory does not grow with the years of cells the file holds (61,000 records, 10 MB, took ~12 MiB
 * of the io worker's heap when the file was read whole, and 50–100 ms of its start-up), and the io
 * worker's thread answers its sockets between chunks. Start-up reads only the file's end.
 */
import { open, type FileHandle } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

export interface HistoryRecord {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

const CHUNK_BYTES = 256 * 1024;

/** The file opened for reading, or null if there is none yet (no kernel has written history). */
async function openIfExists(file: string): Promise<FileHandle | null> {
  try {
    return await open(file, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** The file's lines in order, the last one even without its newline; none if the file is missing. */
export async function* fileLines(file: string): AsyncGenerator<string> {
  const handle = await openIfExists(file);
  if (!handle) return;
  try {
    const decoder = new StringDecoder("utf8");
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let rest = "";
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const lines = (rest + decoder.write(buf.subarray(0, bytesRead))).split("\n");
      rest = lines.pop()!;
      for (const line of lines) yield line;
    }
    rest += decoder.end();
    if (rest) yield rest;
  } finally {
    await handle.close();
  }
}

/** One line as a record, or null: a torn last line from a killed kernel, or anything foreign. */
export function parseRecord(line: string): HistoryRecord | null {
  if (!line.trim()) return null;
  try {
    const r = JSON.parse(line) as HistoryRecord;
    if (typeof r?.session !== "number" || typeof r.line !== "number" || typeof r.input !== "string") return null;
    return { session: r.session, line: r.line, input: r.input, output: typeof r.output === "string" ? r.output : null };
  } catch {
    return null;
  }
}

// What JSON.stringify writes first for a record: read without parsing the rest of the line.
const SESSION_PREFIX = /^\{"session":(\d+),/;

/** A line's session number, from its prefix when the kernel wrote it; null if it is no record. */
function sessionOf(line: string): number | null {
  const m = SESSION_PREFIX.exec(line);
  return m ? Number(m[1]) : (parseRecord(line)?.session ?? null);
}

/** The file's records of the sessions `wanted` accepts (default all); other lines are not parsed. */
export async function* fileRecords(file: string, wanted: (session: number) => boolean = () => true): AsyncGenerator<HistoryRecord> {
  for await (const line of fileLines(file)) {
    const session = sessionOf(line);
    if (session === null || !wanted(session)) continue;
    const r = parseRecord(line);
    if (r) yield r;
  }
}

const TAIL_BYTES = 64 * 1024;

/**
 * The highest session number among the file's last records (0 if none): the next kernel start
 * takes the one after. Only the end of the file is read (64 KiB, more if one cell is longer), so a
 * long history costs nothing at start-up; every kernel's session is larger than those of the
 * kernels started before it, so the latest records name the latest session unless a kernel has
 * stayed silent while others wrote 64 KiB since it started (the two would then share a number).
 */
export async function lastSession(file: string): Promise<number> {
  const handle = await openIfExists(file);
  if (!handle) return 0;
  try {
    const size = (await handle.stat()).size;
    for (let window = TAIL_BYTES; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      const { bytesRead } = await handle.read(buf, 0, buf.length, start);
      const lines = buf.subarray(0, bytesRead).toString("utf8").split("\n");
      // The window's first line may begin mid-record.
      if (start > 0) lines.shift();
      let max = 0;
      for (const line of lines) max = Math.max(max, sessionOf(line) ?? 0);
      if (max > 0 || start === 0) return max;
    }
  } finally {
    await handle.close();
  }
}
