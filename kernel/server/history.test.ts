import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getHeapStatistics } from "node:v8";
import { History } from "./history.js";
import { fullGc } from "./idle-gc.js";

describe("History", () => {
  it("numbers sessions per kernel start and persists across instances", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "d2l-hist-")), "sub", "history.jsonl");
    const a = new History(file);
    await a.add(1, "const x = 1");
    await a.add(2, "x + 1", "2");
    await a.flushed();
    expect(a.session).toBe(1);

    const b = new History(file);
    await b.add(1, "print(x)");
    expect(b.session).toBe(2);
    expect(await b.query({ hist_access_type: "tail", n: 2 })).toEqual([[1, 2, "x + 1"], [2, 1, "print(x)"]]);
    expect(await b.query({ hist_access_type: "range", session: -1, start: 1, stop: 3, output: true })).toEqual([
      [1, 1, ["const x = 1", null]],
      [1, 2, ["x + 1", "2"]],
    ]);
    expect(await b.query({ hist_access_type: "range", session: 0 })).toEqual([[2, 1, "print(x)"]]);
    expect(await b.query({ hist_access_type: "search", pattern: "x*" })).toEqual([[1, 2, "x + 1"]]);
    expect(await b.query({ hist_access_type: "search", pattern: "*x*", n: 1 })).toEqual([[2, 1, "print(x)"]]);
  });

  it("keeps every line of cells added back to back, in order", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "d2l-hist-")), "history.jsonl");
    const h = new History(file);
    await Promise.all(Array.from({ length: 5 }, (_, i) => h.add(i + 1, `cell ${i + 1}`)));
    await h.add(6, "cell 6");
    await h.flushed();
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { line: number; input: string });
    expect(lines.map((l) => [l.line, l.input])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, `cell ${n}`]));
  });

  it("works without a file", async () => {
    const h = new History(null);
    await h.add(1, "a");
    await h.add(2, "a");
    expect(await h.query({ hist_access_type: "search", pattern: "a", unique: true })).toEqual([[1, 2, "a"]]);
  });
});

describe("History over a long file", () => {
  // 400 earlier sessions of 100 cells, ~600 bytes each: 24 MB, as years of use (or a day of the
  // benches) leave it. Read whole, it held ~30 MiB of the io worker's heap.
  const SESSIONS = 400;
  const CELLS = 100;
  const input = (s: number, l: number) => `// session ${s} cell ${l}\n${"x".repeat(560)}`;
  function longFile(): string {
    const file = join(mkdtempSync(join(tmpdir(), "d2l-hist-")), "history.jsonl");
    const lines: string[] = [];
    for (let s = 1; s <= SESSIONS; s++) for (let l = 1; l <= CELLS; l++) lines.push(JSON.stringify({ session: s, line: l, input: input(s, l), output: null }));
    writeFileSync(file, lines.join("\n") + "\n");
    return file;
  }

  it("holds only its own session: memory does not grow with the file", async () => {
    const file = longFile();
    const gc = fullGc();
    expect(gc, "V8 refused --expose-gc at run time").not.toBeNull();
    gc!();
    const before = getHeapStatistics().used_heap_size;
    const h = new History(file);
    await h.add(1, "1 + 1");
    gc!();
    const grown = getHeapStatistics().used_heap_size - before;
    expect(h.session).toBe(SESSIONS + 1);
    expect(grown / 2 ** 20, `heap grew by ${(grown / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(4);
    await h.close();
  });

  it("answers tail, range and search requests from the file", async () => {
    const file = longFile();
    const h = new History(file);
    await h.add(1, "np.ones([2])");
    expect(await h.query({ hist_access_type: "tail", n: 3 })).toEqual([
      [SESSIONS, CELLS - 1, input(SESSIONS, CELLS - 1)],
      [SESSIONS, CELLS, input(SESSIONS, CELLS)],
      [SESSIONS + 1, 1, "np.ones([2])"],
    ]);
    const range = await h.query({ hist_access_type: "range", session: 7, start: 2, stop: 4 });
    expect(range).toEqual([
      [7, 2, input(7, 2)],
      [7, 3, input(7, 3)],
    ]);
    expect(await h.query({ hist_access_type: "range", session: -SESSIONS, start: 1, stop: 2 })).toEqual([[1, 1, input(1, 1)]]);
    const hits = await h.query({ hist_access_type: "search", pattern: "// session 12 cell 5*", n: 2 });
    expect(hits.map((e) => [e[0], e[1]])).toEqual([
      [12, 58],
      [12, 59],
    ]);
    await h.close();
  });

  it("takes its session number from the file's end, even after a cell longer than the part first read", async () => {
    const file = longFile();
    const big = new History(file);
    await big.add(1, `// one long cell\n${"y".repeat(300_000)}`);
    await big.close();
    const next = new History(file);
    await next.load();
    expect(next.session).toBe(SESSIONS + 2);
    expect((await next.query({ hist_access_type: "range", session: -1 }))[0][2]).toMatch(/^\/\/ one long cell/);
  });

  it("sees what another kernel sharing the file appended after it started", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "d2l-hist-")), "history.jsonl");
    const a = new History(file);
    await a.add(1, "a1");
    await a.flushed();
    const b = new History(file);
    await b.add(1, "b1");
    await a.add(2, "a2");
    await a.flushed();
    expect(await b.query({ hist_access_type: "tail", n: 3 })).toEqual([
      [1, 1, "a1"],
      [1, 2, "a2"],
      [2, 1, "b1"],
    ]);
    await a.close();
    await b.close();
  });
});

describe("History file handle", () => {
  it("keeps one append handle open: later batches follow the file when it is renamed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "d2l-hist-"));
    const file = join(dir, "history.jsonl");
    const h = new History(file);
    await h.add(1, "first");
    await h.flushed();
    // The open descriptor still points at the renamed file; a per-write open would recreate `file`.
    renameSync(file, join(dir, "moved.jsonl"));
    await h.add(2, "second");
    await h.flushed();
    expect(existsSync(file)).toBe(false);
    const lines = readFileSync(join(dir, "moved.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { input: string }).input);
    expect(lines).toEqual(["first", "second"]);
    await h.close();
  });

  it("close() flushes what is queued; a later add() opens the file again", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "d2l-hist-")), "history.jsonl");
    const h = new History(file);
    void h.add(1, "a");
    void h.add(2, "b");
    await h.load();
    await h.close();
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
    await h.add(3, "c");
    await h.close();
    const again = new History(file);
    expect((await again.query({ hist_access_type: "tail", n: 5 })).map((e) => e[2])).toEqual(["a", "b", "c"]);
  });

  it("reports a file it cannot write and recovers once it can", async () => {
    const dir = mkdtempSync(join(tmpdir(), "d2l-hist-"));
    const file = join(dir, "history.jsonl");
    const errors: string[] = [];
    const h = new History(file, (m) => errors.push(m));
    await h.add(1, "a");
    await h.flushed();
    // Closed, then its directory replaced by a plain file: the reopen fails.
    await h.close();
    rmSync(dir, { recursive: true });
    writeFileSync(dir, "not a directory");
    await h.add(2, "b");
    await h.flushed();
    expect(errors.join("\n")).toMatch(/cannot write history file/);
    rmSync(dir);
    await h.add(3, "c");
    await h.flushed();
    expect(readFileSync(file, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { input: string }).input)).toEqual(["c"]);
    await h.close();
  });
});
