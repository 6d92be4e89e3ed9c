/**
 * The chapter's notebooks as readers get them: executed by Jupyter itself (nbconvert --execute,
 * with the d2l-ts kernelspec installed into a temporary JUPYTER_PATH) and by Sphinx/nbsphinx.
 * Each notebook is executed once in beforeAll and every test reads that executed copy.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools, PYTHON } from "../support/tools.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/kernel/cli.js");
const LANGS = ["en", "vi"] as const;
/** Debian's jupyter: the one first on PATH may belong to a Python without nbconvert. */
const JUPYTER = existsSync("/usr/bin/jupyter") ? "/usr/bin/jupyter" : "jupyter";
const notebookPath = (lang: string) => join(ROOT, "notebooks", lang, "lazy-init.ipynb");

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: Record<string, any>;
}
interface ParamJson {
  name: string;
  shape: number[];
  state: string;
}

const joinText = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const tagsOf = (c: Cell) => c.metadata.tags ?? [];

function cellTagged(nb: Notebook, tag: string): Cell {
  const found = nb.cells.filter((c) => tagsOf(c).includes(tag));
  if (found.length !== 1) throw new Error(`expected exactly one cell tagged "${tag}", found ${found.length}`);
  return found[0]!;
}

function result(nb: Notebook, tag: string): Record<string, unknown> {
  const outs = (cellTagged(nb, tag).outputs ?? []).filter((o) => o.output_type === "execute_result" || o.output_type === "display_data");
  const last = outs.at(-1);
  if (!last?.data) throw new Error(`cell "${tag}" shows no result; outputs: ${JSON.stringify(cellTagged(nb, tag).outputs)}`);
  return last.data;
}

function params(nb: Notebook, tag: string): ParamJson[] {
  const json = result(nb, tag)["application/vnd.d2l-ts.params+json"] as { parameters?: ParamJson[] } | undefined;
  if (!json?.parameters) throw new Error(`cell "${tag}" has no parameter table (application/vnd.d2l-ts.params+json)`);
  return json.parameters;
}

function errorOf(nb: Notebook, tag: string): Output {
  const err = (cellTagged(nb, tag).outputs ?? []).find((o) => o.output_type === "error");
  if (!err) throw new Error(`cell "${tag}" shows no error`);
  return err;
}

const shapes = (ps: ParamJson[]) => Object.fromEntries(ps.map((p) => [p.name, p.shape]));
const states = (ps: ParamJson[]) => Object.fromEntries(ps.map((p) => [p.name, p.state]));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: ROOT, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe("the chapter's notebooks as stored", () => {
  const stored = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(notebookPath(l), "utf8")) as Notebook]));

  it("use the d2l-ts kernel and are saved without outputs", () => {
    for (const lang of LANGS) {
      const nb = stored[lang]!;
      expect(nb.metadata.kernelspec).toEqual({ name: "d2l-ts", display_name: "TypeScript (d2l-ts)", language: "typescript" });
      expect(nb.metadata.language_info.name).toBe("typescript");
      for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
        expect(c.outputs, `${lang} ${c.id}`).toEqual([]);
        expect(c.execution_count).toBeNull();
      }
    }
  });

  it("run the same code in English and Vietnamese, cell for cell", () => {
    // The one cell allowed to differ chooses the display language.
    const source = (c: Cell) => (tagsOf(c).includes("set-language") ? joinText(c.source).replace(/setDisplayLanguage\("(en|vi)"\)/, "LANG") : joinText(c.source));
    const code = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, tags: tagsOf(c), source: source(c) }));
    expect(code(stored.vi!)).toEqual(code(stored.en!));
    expect(code(stored.en!).length).toBeGreaterThan(15);
  });

  it("are up to date with their sources in notebooks/src", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "notebooks/build.mjs"), "--check"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});

const missing = missingTools("jupyter", "nbconvert");

describe.skipIf(missing.length > 0)("the chapter executed by jupyter nbconvert with the d2l-ts kernel", () => {
  const tmp = mkdtempSync(join(tmpdir(), "d2l-chapter-"));
  const executed: Record<string, Notebook> = {};
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    const install = spawnSync(process.execPath, [CLI, "install", "--prefix", join(tmp, "prefix")], { encoding: "utf8" });
    if (install.status !== 0) throw new Error(`d2l-ts install failed:\n${install.stdout}${install.stderr}`);
    env = { ...process.env, JUPYTER_PATH: join(tmp, "prefix/share/jupyter") };
    // Both languages at once: most of the time is kernel start-up, not the cells.
    await Promise.all(
      LANGS.map(async (lang) => {
        const r = await run(
          JUPYTER,
          ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=d2l-ts", "--ExecutePreprocessor.timeout=300", "--output-dir", join(tmp, lang), notebookPath(lang)],
          env,
          400_000,
        );
        if (r.code !== 0) throw new Error(`jupyter nbconvert --execute failed on ${lang}/lazy-init.ipynb:\n${r.out.slice(-4000)}`);
        executed[lang] = JSON.parse(readFileSync(join(tmp, lang, "lazy-init.ipynb"), "utf8"));
      }),
    );
  }, 900_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  describe.each(LANGS)("%s", (lang) => {
    const nb = () => executed[lang]!;

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
      expect(svg).toMatch(/-1|\?/);
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
      const svg = joinText(result(nb(), "graph-after")["image/svg+xml"]);
      expect(svg).toMatch(/256, 20/);
      expect(svg).toMatch(/10, 256/);
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
    build = await run(PYTHON, ["-m", "sphinx", "-b", "html", "-d", join(out, "doctrees"), "docs", join(out, "html")], process.env, 900_000);
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
    const svgs = [...linked.filter(existsSync).map((f) => readFileSync(f, "utf8")), ...(html.match(/<svg[\s\S]*?<\/svg>/g) ?? [])];
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    expect(svgs.some((s) => /256, 20/.test(s))).toBe(true);
  });

  it("links both languages from the index", () => {
    const index = readFileSync(join(out, "html/index.html"), "utf8");
    for (const lang of LANGS) expect(index).toContain(`chapter/${lang}/lazy-init.html`);
    expect(readdirSync(join(out, "html/chapter"))).toEqual(expect.arrayContaining([...LANGS]));
  });
});
