/**
 * The chapter's notebooks as stored in the repository (notebooks/{en,vi}/<section>.ipynb), before
 * anything runs them: what CI executes and readers open must be the same code in both languages,
 * saved clean, built from notebooks/src, and listed by the docs site.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellTagged, joinText, LANGS, load, ROOT, SECTIONS, sharedCode, stored } from "./executed.js";

describe("the chapter's notebooks as stored", () => {
  it.each(LANGS)("notebooks/%s holds exactly the chapter's sections", (lang) => {
    const files = readdirSync(join(ROOT, "notebooks", lang)).filter((f) => f.endsWith(".ipynb"));
    expect(files.sort()).toEqual(SECTIONS.map((s) => `${s}.ipynb`).sort());
  });

  it.each(SECTIONS)("%s: same code in English and Vietnamese (but the display language), saved without outputs, for the d2l-ts kernel", (section) => {
    const en = load(stored("en", section));
    const vi = load(stored("vi", section));
    expect(sharedCode(vi)).toEqual(sharedCode(en));
    expect(sharedCode(en).length).toBeGreaterThan(20);
    expect(joinText(cellTagged(en, "set-language").source)).toMatch(/setDisplayLanguage\("en"\)/);
    expect(joinText(cellTagged(vi, "set-language").source)).toMatch(/setDisplayLanguage\("vi"\)/);
    for (const [lang, nb] of [["en", en], ["vi", vi]] as const) {
      expect(nb.metadata.kernelspec).toEqual({ name: "d2l-ts", display_name: "TypeScript (d2l-ts)", language: "typescript" });
      expect(nb.metadata.language_info.name).toBe("typescript");
      for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
        expect(c.outputs, `${lang} ${c.id}`).toEqual([]);
        expect(c.execution_count, `${lang} ${c.id}`).toBeNull();
      }
    }
  });

  it("are up to date with their sources in notebooks/src", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "notebooks/build.mjs"), "--check"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });

  it("the docs site lists every section in both languages", () => {
    for (const lang of LANGS) {
      const index = readFileSync(join(ROOT, "docs", `${lang}.rst`), "utf8");
      for (const section of SECTIONS) expect(index).toContain(`chapter/${lang}/${section}`);
    }
  });
});
