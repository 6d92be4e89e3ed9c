import { describe, expect, it } from "vitest";
import { NotebookFormatError } from "./errors.js";
import { mayRaise, parseNotebook, serializeNotebook, sourceText, splitLines } from "./notebook.js";

describe("notebook format", () => {
  it("keeps unknown fields through a parse and serialize round trip", () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "d2l-ts" }, extra: 1 },
      cells: [{ cell_type: "code", id: "c1", source: ["a\n", "b"], metadata: { tags: ["raises-exception"], x: 2 }, outputs: [], execution_count: null }],
    });
    const nb = parseNotebook(text, "t.ipynb");
    expect(JSON.parse(serializeNotebook(nb))).toEqual(JSON.parse(text));
    expect(sourceText(nb.cells[0]!.source)).toBe("a\nb");
    expect(mayRaise(nb.cells[0]!)).toBe(true);
  });

  it("rejects what is not an nbformat 4 notebook, naming the file and the problem", () => {
    expect(() => parseNotebook("{", "bad.ipynb")).toThrow(/bad\.ipynb: not valid JSON/);
    expect(() => parseNotebook(JSON.stringify({ nbformat: 3, cells: [] }), "old.ipynb")).toThrow(/old\.ipynb: nbformat 3/);
    expect(() => parseNotebook(JSON.stringify({ nbformat: 4, cells: [{ source: "" }] }), "c.ipynb")).toThrow(NotebookFormatError);
  });

  it("splits text into nbformat lines that keep their newlines", () => {
    expect(splitLines("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(splitLines("a")).toEqual(["a"]);
    expect(splitLines("")).toEqual([]);
  });
});
