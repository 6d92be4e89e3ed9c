/**
 * Execution history with IPython's addressing: (session, line) where session numbers count
 * kernel starts. Kept in memory and appended to a JSON-lines file so `history` requests of a later
 * kernel see earlier sessions. The file is read lazily (after start-up) to keep launch fast.
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
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { HistoryEntry, HistoryRequest } from "../wire/messages.js";

export interface HistoryRecord {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.D2L_TS_HISTORY) return env.D2L_TS_HISTORY;
  if (env.JUPYTER_DATA_DIR) return join(env.JUPYTER_DATA_DIR, "d2l-ts", "history.jsonl");
  const data = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(data, "d2l-ts", "history.jsonl");
}

export class History {
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
      if (this.file) {
        try {
          const text = await readFile(this.file, "utf8");
          for (const line of text.split("\n")) {
            if (!line.trim()) continue;
            try {
              const r = JSON.parse(line) as HistoryRecord;
              if (typeof r.session === "number" && typeof r.line === "number" && typeof r.input === "string") this.records.push(r);
            } catch {
              // A torn last line from a killed kernel is not worth failing over.
            }
          }
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "ENOENT") this.onError(`history file ${this.file}: ${(e as Error).message}`);
        }
      }
      this.session = this.records.reduce((m, r) => Math.max(m, r.session), 0) + 1;
    })();
    return this.loaded;
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
    const all = this.records;
    switch (req.hist_access_type) {
      case "tail": {
        const n = req.n ?? 10;
        return all.slice(Math.max(0, all.length - n)).map(entry);
      }
      case "range": {
        const s = req.session ?? 0;
        const session = s <= 0 ? this.session + s : s;
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.POSITIVE_INFINITY;
        return all.filter((r) => r.session === session && r.line >= start && r.line < stop).map(entry);
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        let hits = all.filter((r) => re.test(r.input));
        if (req.unique) {
          const seen = new Set<string>();
          hits = hits.reverse().filter((r) => (seen.has(r.input) ? false : (seen.add(r.input), true))).reverse();
        }
        if (req.n !== undefined && req.n !== null) hits = hits.slice(Math.max(0, hits.length - req.n));
        return hits.map(entry);
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
