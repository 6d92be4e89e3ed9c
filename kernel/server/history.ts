/**
 * Execution history with IPython's addressing: (session, line) where session numbers count
 * kernel starts. This kernel's own session is kept in memory (with outputs); every record is also
 * appended to a JSON-lines file, which `history` requests read on demand (history-file.ts) for
 * earlier sessions and for other kernels sharing the file, so memory does not grow with the file.
 * The file is first read after start-up, for the last session number, to keep launch fast.
 *
 * Writing: the file is opened once for appending (O_APPEND, on the first record) and stays open
 * until close(); each batch of records is one write(2), made synchronously on this thread right
 * after the cell was handed to the executor: a few hundred bytes to the page cache take
 * microseconds, while an asynchronous write would wake a libuv pool thread and then this thread
 * again in the middle of every cell. Records added in one turn share a write. O_APPEND and one
 * write per batch keep lines whole even when two kernels share the file.
 *
 * What a crash loses: a killed kernel (SIGKILL, V8's out-of-memory abort) loses only the records
 * not yet handed to write(2), which happens in the turn the cell arrived in: at most the cell that
 * was arriving. What was written is in the
 * operating system's page cache and survives the process; nothing is fsync'ed, so a crash of the
 * machine itself (power loss) can lose what the OS had not yet written back. Outputs reach the file
 * only when passed to add(): setOutput() comes after the record was written and stays in memory.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { HistoryEntry, HistoryRequest } from "../wire/messages.js";
import { fileRecords, lastSession, type HistoryRecord } from "./history-file.js";

export type { HistoryRecord } from "./history-file.js";

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.D2L_TS_HISTORY) return env.D2L_TS_HISTORY;
  if (env.JUPYTER_DATA_DIR) return join(env.JUPYTER_DATA_DIR, "d2l-ts", "history.jsonl");
  const data = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(data, "d2l-ts", "history.jsonl");
}

export class History {
  /** This session's records; earlier ones stay in the file. */
  private records: HistoryRecord[] = [];
  /** 0 until the file was read; appends wait for it so line numbers belong to the right session. */
  session = 0;
  private loaded: Promise<void> | null = null;
  private writes: Promise<void> = Promise.resolve();
  /** Records waiting for the next append. */
  private unwritten: HistoryRecord[] = [];
  private dirMade = false;
  /** The open append descriptor (opened by the first write, closed by close()). */
  private fd: number | null = null;

  constructor(private readonly file: string | null, private readonly onError: (msg: string) => void = () => {}) {}

  load(): Promise<void> {
    this.loaded ??= (async () => {
      let last = 0;
      if (this.file) {
        try {
          last = await lastSession(this.file);
        } catch (e) {
          this.onError(`history file ${this.file}: ${(e as Error).message}`);
        }
      }
      this.session = last + 1;
    })();
    return this.loaded;
  }

  /**
   * Every record in order: the file's other sessions (read now, so other kernels' cells since this
   * one started are in), then this session's from memory, which hold outputs the file lacks.
   */
  private async *allRecords(session?: number): AsyncGenerator<HistoryRecord> {
    if (this.file) {
      try {
        for await (const r of fileRecords(this.file, (s) => s !== this.session && (session === undefined || s === session))) yield r;
      } catch (e) {
        this.onError(`history file ${this.file}: ${(e as Error).message}`);
      }
    }
    for (const r of this.records) yield r;
  }

  async add(line: number, input: string, output: string | null = null): Promise<void> {
    await this.load();
    const rec: HistoryRecord = { session: this.session, line, input, output };
    this.records.push(rec);
    if (!this.file) return;
    // Cells run back to back (a notebook run) share one append: the file is not the hot path.
    this.unwritten.push(rec);
    if (this.unwritten.length === 1) this.writes = this.writes.then(() => this.writeUnwritten(this.file!));
  }

  private writeUnwritten(file: string): void {
    const recs = this.unwritten;
    this.unwritten = [];
    try {
      if (this.fd === null) {
        if (!this.dirMade) {
          mkdirSync(dirname(file), { recursive: true });
          this.dirMade = true;
        }
        this.fd = openSync(file, "a");
      }
      let buf = Buffer.from(recs.map((r) => JSON.stringify(r) + "\n").join(""));
      // One write; the loop only runs again after a short write (a full disk, a signal).
      while (buf.length > 0) buf = buf.subarray(writeSync(this.fd, buf));
    } catch (e) {
      // Reopen (and recreate the directory) next time: the file may have been moved or removed.
      this.dirMade = false;
      this.closeFd();
      this.onError(`cannot write history file ${file}: ${(e as Error).message}`);
    }
  }

  private closeFd(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    try {
      closeSync(fd);
    } catch (e) {
      this.onError(`cannot close history file ${this.file}: ${(e as Error).message}`);
    }
  }

  /** Records the text/plain output of a line once it is known. */
  setOutput(line: number, output: string): void {
    const r = this.records.findLast((x) => x.session === this.session && x.line === line);
    if (r) r.output = output;
  }

  /** Resolves once every record added so far was handed to the OS (write(2) returned). */
  flushed(): Promise<void> {
    return this.writes;
  }

  /** Flushes and closes the file (shutdown). A later add() opens it again. */
  close(): Promise<void> {
    this.writes = this.writes.then(() => this.closeFd());
    return this.writes;
  }

  async query(req: HistoryRequest): Promise<HistoryEntry[]> {
    await this.load();
    const withOutput = req.output === true;
    const entry = (r: HistoryRecord): HistoryEntry => (withOutput ? [r.session, r.line, [r.input, r.output]] : [r.session, r.line, r.input]);
    // n is a count of the latest records: only that many are held while the file streams by.
    const latest = (n: number | null | undefined) => {
      const kept: HistoryRecord[] = [];
      return {
        push(r: HistoryRecord) {
          kept.push(r);
          if (n !== undefined && n !== null && kept.length > Math.max(0, n)) kept.shift();
        },
        entries: () => kept.map(entry),
      };
    };
    switch (req.hist_access_type) {
      case "tail": {
        const out = latest(req.n ?? 10);
        for await (const r of this.allRecords()) out.push(r);
        return out.entries();
      }
      case "range": {
        const s = req.session ?? 0;
        const session = s <= 0 ? this.session + s : s;
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.POSITIVE_INFINITY;
        const inRange = (r: HistoryRecord) => r.session === session && r.line >= start && r.line < stop;
        if (session === this.session) return this.records.filter(inRange).map(entry);
        const out = latest(null);
        for await (const r of this.allRecords(session)) if (inRange(r)) out.push(r);
        return out.entries();
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        if (!req.unique) {
          const out = latest(req.n);
          for await (const r of this.allRecords()) if (re.test(r.input)) out.push(r);
          return out.entries();
        }
        // unique: each input once, at its latest occurrence (a Map keeps insertion order).
        const byInput = new Map<string, HistoryRecord>();
        for await (const r of this.allRecords()) {
          if (!re.test(r.input)) continue;
          byInput.delete(r.input);
          byInput.set(r.input, r);
        }
        const out = latest(req.n);
        for (const r of byInput.values()) out.push(r);
        return out.entries();
      }
      default:
        return [];
    }
  }
}

/** IPython's history search pattern: a glob over the whole input, `*` and `?`. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}
