/**
 * The chapter's notebooks as readers get them: executed by Jupyter itself (nbconvert --execute,
 * with the d2l-ts kernelspec installed into a temporary JUPYTER_PATH) and by Sphinx/nbsphinx.
 * Each notebook is executed once (executedOnce, in beforeAll) and every test reads that executed copy.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools, PYTHON } from "../support/tools.js";
import { errorOf, executedOnce, joinText, LANGS, params, result, ROOT, run, shapes, tagsOf, type ParamJson } from "./executed.js";

const CLI = join(ROOT, "dist/kernel/cli.js");

/** The text Graphviz draws, in document order, entities decoded (a label may span several <text>). */
const svgLabels = (svg: string): string =>
  [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)]
    .map((m) => m[1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&"))
    .join("");

const states = (ps: ParamJson[]) => Object.fromEntries(ps.map((p) => [p.name, p.state]));

const missing = missingTools("jupyter", "nbconvert");

describe.skipIf(missing.length > 0)("the chapter executed by jupyter nbconvert with the d2l-ts kernel", () => {
  const executed = executedOnce(["lazy-init"], "d2l-chapter-", 900_000);

  describe.each(LANGS)("%s", (lang) => {
    const nb = () => executed(lang, "lazy-init");

    it("shows errors only in cells tagged raises-exception, and each of those does raise", () => {
      for (const c of nb().cells.filter((x) => x.cell_type === "code")) {
        const errors = (c.outputs ?? []).filter((o) => o.output_type === "error");
        if (tagsOf(c).includes("raises-exception")) expect(errors.length, `cell ${c.id} should raise`).toBe(1);
        else expect(errors, `cell ${c.id}: ${errors.map((e) => `${e.ename}: ${e.evalue}`).join("; ")}`).toEqual([]);
      }
    });

    it("before the first batch: weights of unknown width and an empty Keras weight list", () => {
      const before = params(nb(), "check-before");
      expect(shapes(before)).toMatchObject({ "0.weight": [256, -1], "1.weight": [10, -1] });
      expect(before.every((p) => p.state === "never-initialized")).toBe(true);
      expect(joinText(result(nb(), "check-before")["text/html"])).toMatch(/<table/);
      expect(joinText(result(nb(), "keras-before")["text/plain"])).toBe("[]");
      expect(errorOf(nb(), "data-never-initialized").ename).toBe("NotInitializedError");
    });

    it("the graph before the first batch marks the unknown sizes", () => {
      const svg = joinText(result(nb(), "graph-before")["image/svg+xml"]);
      expect(svg).toMatch(/<svg/);
      // Read the drawn labels, not the markup: "-1" and "?" also occur in SVG path data.
      const labels = svgLabels(svg);
      expect(labels).toContain("Dense(-1 -> 256, relu)");
      expect(labels).toContain("weight (256, -1)");
      expect(labels).toContain("weight (10, -1)");
      expect(labels).not.toMatch(/weight \(256, 20\)/);
    });

    it("initialize() leaves the weights deferred, and reading one names the deferred parameter", () => {
      const after = params(nb(), "check-after-init");
      expect(shapes(after)).toMatchObject({ "0.weight": [256, -1], "1.weight": [10, -1] });
      expect(states(after)).toMatchObject({ "0.weight": "deferred", "1.weight": "deferred" });
      const err = errorOf(nb(), "data-deferred");
      expect(err.ename).toBe("DeferredInitializationError");
      expect(err.evalue).toContain("0.weight");
    });

    it("after a (2, 20) batch: (256, 20), (256), (10, 256), (10), all ready", () => {
      expect(joinText(result(nb(), "forward")["text/plain"])).toMatch(/\[\s*2,\s*10\s*\]/);
      const after = params(nb(), "check-after");
      expect(shapes(after)).toEqual({ "0.weight": [256, 20], "0.bias": [256], "1.weight": [10, 256], "1.bias": [10] });
      expect(after.every((p) => p.state === "ready")).toBe(true);
      const labels = svgLabels(joinText(result(nb(), "graph-after")["image/svg+xml"]));
      expect(labels).toContain("weight (256, 20)");
      expect(labels).toContain("weight (10, 256)");
      expect(labels).not.toContain("-1");
      expect(joinText(result(nb(), "summary-after")["text/plain"])).toMatch(/7,?946/);
    });

    it("the Keras-style network has its four weights after its first call", () => {
      const shown = joinText(result(nb(), "keras-after")["text/plain"]);
      const arrays = [...shown.matchAll(/\[\s*([\d,\s]+?)\s*\]/g)].map((m) => m[1]!.split(/,\s*/).map(Number));
      expect(arrays).toHaveLength(4);
      expect(arrays.map((a) => a.reduce((x, y) => x * y, 1))).toEqual([5120, 256, 2560, 10]);
    });

    it("exercise 1: with inUnits only the first layer is initialized at once", () => {
      const ps = params(nb(), "ex1");
      expect(shapes(ps)).toMatchObject({ "0.weight": [256, 20], "1.weight": [10, -1] });
      expect(states(ps)).toMatchObject({ "0.weight": "ready", "0.bias": "ready", "1.weight": "deferred" });
      const later = params(nb(), "ex1-after");
      expect(shapes(later)["1.weight"]).toEqual([10, 256]);
      expect(later.every((p) => p.state === "ready")).toBe(true);
    });

    it("exercise 2: mismatched sizes give an error naming the layer and both sizes, and change nothing", () => {
      const input = errorOf(nb(), "ex2");
      expect(input.ename).toBe("ShapeMismatchError");
      expect(input.evalue).toMatch(/Dense "0"/);
      expect(input.evalue).toMatch(/\b20\b/);
      expect(input.evalue).toMatch(/\b30\b/);
      expect(states(params(nb(), "ex2-unchanged"))).toMatchObject({ "0.weight": "ready", "1.weight": "deferred" });
      const between = errorOf(nb(), "ex2-between");
      expect(between.ename).toBe("ShapeMismatchError");
      expect(between.evalue).toMatch(/Dense "1"/);
      expect(between.evalue).toMatch(/\b100\b/);
      expect(between.evalue).toMatch(/\b256\b/);
      const fixed = errorOf(nb(), "ex2-fixed");
      expect(fixed.ename).toBe("ShapeMismatchError");
      expect(fixed.evalue).toMatch(/\b20\b/);
      expect(fixed.evalue).toMatch(/\b30\b/);
    });

    it("exercise 3: one lazy first layer per input width, the shared trunk listed once", () => {
      const ps = params(nb(), "ex3-define");
      const names = ps.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      expect(ps).toHaveLength(8);
      const byShape = ps.map((p) => p.shape.join("x"));
      expect(byShape).toEqual(expect.arrayContaining(["32x20", "32x30", "64x32", "10x64"]));
      expect(byShape.filter((s) => s === "64x32")).toHaveLength(1);
      expect(byShape.filter((s) => s === "10x64")).toHaveLength(1);
      expect(joinText(result(nb(), "ex3-shared")["text/plain"])).toBe("true");
    });
  });
});

const missingDocs = missingTools("jupyter", "nbsphinx");

describe.skipIf(missingDocs.length > 0)("the Sphinx site (nbsphinx, executed with the d2l-ts kernel)", () => {
  const out = mkdtempSync(join(tmpdir(), "d2l-docs-"));
  let build: { code: number; out: string };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    build = await run(PYTHON, ["-m", "sphinx", "-b", "html", "-d", join(out, "doctrees"), "docs", join(out, "html")], process.env, ROOT, 900_000);
  }, 900_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("builds", () => {
    expect(build.code, build.out.slice(-4000)).toBe(0);
  });

  it.each(LANGS)("the %s page shows the parameter tables and the SVG shape graphs", (lang) => {
    const page = join(out, "html/chapter", lang, "lazy-init.html");
    const html = readFileSync(page, "utf8");
    expect(html.match(/<table class="d2l-param-table"/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    expect(html).toMatch(/DeferredInitializationError/);
    // nbsphinx writes image/svg+xml outputs to files and links them; accept inline SVG too.
    const linked = [...html.matchAll(/<img[^>]+src="([^"]+\.svg)"/g)].map((m) => resolve(dirname(page), m[1]!));
    // The network's text/html carries the graph as a data: URI image, which nbsphinx keeps as is.
    const dataUris = [...html.matchAll(/<img[^>]+src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1]!, "base64").toString("utf8"));
    const svgs = [...linked.filter(existsSync).map((f) => readFileSync(f, "utf8")), ...(html.match(/<svg[\s\S]*?<\/svg>/g) ?? []), ...dataUris];
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    expect(svgs.some((s) => /256, 20/.test(s))).toBe(true);
  });

  it("links both languages from the index", () => {
    const index = readFileSync(join(out, "html/index.html"), "utf8");
    for (const lang of LANGS) expect(index).toContain(`chapter/${lang}/lazy-init.html`);
    expect(readdirSync(join(out, "html/chapter"))).toEqual(expect.arrayContaining([...LANGS]));
  });
});
