import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "./history.js";

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
