import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findNotebooks } from "./discover.js";
import { NotebookNotFoundError } from "./errors.js";

const root = mkdtempSync(join(tmpdir(), "d2l-discover-"));
const touch = (rel: string) => {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), "{}");
};
touch("nb/en/b.ipynb");
touch("nb/en/a.ipynb");
touch("nb/vi/a.ipynb");
touch("nb/en/.ipynb_checkpoints/a-checkpoint.ipynb");
touch("nb/out/en/a.ipynb");
touch("nb/results/en/a.ipynb");
touch("nb/notes.md");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("findNotebooks", () => {
  it("walks directories in name order, keeping paths relative to the directory given", async () => {
    const found = await findNotebooks([join(root, "nb")], { exclude: [join(root, "nb/results")] });
    expect(found.map((f) => f.rel)).toEqual(["en/a.ipynb", "en/b.ipynb", "vi/a.ipynb"]);
    expect(found[0]!.file).toBe(join(root, "nb/en/a.ipynb"));
  });

  it("takes a file as given and lists a notebook once when named twice", async () => {
    const f = join(root, "nb/vi/a.ipynb");
    const found = await findNotebooks([f, join(root, "nb/vi")]);
    expect(found).toEqual([{ file: f, rel: "a.ipynb" }]);
  });

  it("names a missing path, a non-notebook file and a directory without notebooks", async () => {
    await expect(findNotebooks([join(root, "nope")])).rejects.toThrow(NotebookNotFoundError);
    await expect(findNotebooks([join(root, "nb/notes.md")])).rejects.toThrow(/notes\.md: is not a \.ipynb file/);
    mkdirSync(join(root, "empty"));
    await expect(findNotebooks([join(root, "empty")])).rejects.toThrow(/empty: holds no \.ipynb notebook/);
  });
});
