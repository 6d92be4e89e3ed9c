/**
 * Reading the chapter's notebooks, as stored and as executed: cells by tag, their results, streams,
 * errors, parameter tables and the numbers of a tensor display. Shared by the notebook tests.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";

export const ROOT = resolve(import.meta.dirname, "../..");
export const LANGS = ["en", "vi"] as const;
/** The chapter's sections in reading order, each stored as notebooks/<lang>/<section>.ipynb. */
export const SECTIONS = ["model-construction", "parameters", "lazy-init", "custom-layer", "read-write", "use-gpu"] as const;

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
export interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, any>;
}
export interface ParamJson {
  name: string;
  shape: number[];
  state: string;
  init: string | null;
}

export const joinText = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));
export const tagsOf = (c: Cell) => c.metadata.tags ?? [];

/** notebooks/<lang>/<section>.ipynb, as stored in the repository (no outputs). */
export const stored = (lang: string, section: string): string => join(ROOT, "notebooks", lang, `${section}.ipynb`);
export const load = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8")) as Notebook;

/**
 * The code cells as the languages must share them: id, tags and source, with the one cell allowed
 * to differ (tagged set-language: it chooses the display language) read with the language masked.
 */
export function sharedCode(nb: Notebook): { id?: string; tags: string[]; source: string }[] {
  const source = (c: Cell) => (tagsOf(c).includes("set-language") ? joinText(c.source).replace(/setDisplayLanguage\("(en|vi)"\)/, "LANG") : joinText(c.source));
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, tags: tagsOf(c), source: source(c) }));
}

export function cellTagged(nb: Notebook, tag: string): Cell {
  const found = nb.cells.filter((c) => tagsOf(c).includes(tag));
  if (found.length !== 1) throw new Error(`expected exactly one cell tagged "${tag}", found ${found.length}`);
  return found[0]!;
}

/** The MIME bundle of the cell's last result or display. */
export function result(nb: Notebook, tag: string): Record<string, unknown> {
  const outs = (cellTagged(nb, tag).outputs ?? []).filter((o) => o.output_type === "execute_result" || o.output_type === "display_data");
  const last = outs.at(-1);
  if (!last?.data) throw new Error(`cell "${tag}" shows no result; outputs: ${JSON.stringify(cellTagged(nb, tag).outputs)}`);
  return last.data;
}

export const plain = (nb: Notebook, tag: string): string => joinText(result(nb, tag)["text/plain"]);

/** Everything the cell wrote to one stream. */
export function stream(nb: Notebook, tag: string, name: "stdout" | "stderr"): string {
  return (cellTagged(nb, tag).outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === name)
    .map((o) => joinText(o.text))
    .join("");
}

export function errorOf(nb: Notebook, tag: string): Output {
  const err = (cellTagged(nb, tag).outputs ?? []).find((o) => o.output_type === "error");
  if (!err) throw new Error(`cell "${tag}" shows no error`);
  return err;
}

export function params(nb: Notebook, tag: string): ParamJson[] {
  const json = result(nb, tag)["application/vnd.d2l-ts.params+json"] as { parameters?: ParamJson[] } | undefined;
  if (!json?.parameters) throw new Error(`cell "${tag}" has no parameter table (application/vnd.d2l-ts.params+json)`);
  return json.parameters;
}

export const shapes = (ps: ParamJson[]) => Object.fromEntries(ps.map((p) => [p.name, p.shape]));

/** The result read as JSON-ish JS (e.g. "[ [ 2, 10 ], 2 ]", "true", "0.53"). */
export function value(nb: Notebook, tag: string): unknown {
  const text = plain(nb, tag).replace(/'/g, '"');
  return JSON.parse(text);
}

/** Each tensor display in a text ("array([...], shape=(8, 4), dtype=float32)"): its shape and values. */
export function tensors(text: string): { shape: number[]; values: number[] }[] {
  return [...text.matchAll(/array\(([\s\S]*?),\s*shape=\(([^)]*)\)/g)].map((m) => ({
    shape: m[2]!.split(",").map((s) => s.trim()).filter(Boolean).map(Number),
    values: (m[1]!.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g) ?? []).map(Number),
  }));
}

export function tensor(nb: Notebook, tag: string): { shape: number[]; values: number[] } {
  const all = tensors(plain(nb, tag));
  if (all.length !== 1) throw new Error(`cell "${tag}" shows ${all.length} tensors: ${plain(nb, tag)}`);
  return all[0]!;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/**
 * Installs the kernelspec into a temporary JUPYTER_PATH and executes `notebooks/<lang>/<section>.ipynb`
 * for every language and section with `jupyter nbconvert --execute`, two at a time (the machine has
 * two cores and each kernel is busy the whole run). Resolves with the executed notebooks keyed
 * `<lang>/<section>`; `cleanup` removes the temporary folder.
 */
export async function executeSections(root: string, langs: readonly string[], sections: readonly string[], tmpPrefix: string): Promise<{ executed: Record<string, Notebook>; cleanup: () => void }> {
  const cli = join(root, "dist/kernel/cli.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const jupyter = existsSync("/usr/bin/jupyter") ? "/usr/bin/jupyter" : "jupyter";
  const tmp = mkdtempSync(join(tmpdir(), tmpPrefix));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  try {
    const install = spawnSync(process.execPath, [cli, "install", "--prefix", join(tmp, "prefix")], { encoding: "utf8" });
    if (install.status !== 0) throw new Error(`d2l-ts install failed:\n${install.stdout}${install.stderr}`);
    const env = { ...process.env, JUPYTER_PATH: join(tmp, "prefix/share/jupyter") };
    const executed: Record<string, Notebook> = {};
    const jobs = langs.flatMap((lang) => sections.map((section) => ({ lang, section })));
    for (let i = 0; i < jobs.length; i += 2) {
      await Promise.all(
        jobs.slice(i, i + 2).map(async ({ lang, section }) => {
          const source = join(root, "notebooks", lang, `${section}.ipynb`);
          const args = ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=d2l-ts", "--ExecutePreprocessor.timeout=300", "--output-dir", join(tmp, lang), source];
          const r = await run(jupyter, args, env, root, 400_000);
          if (r.code !== 0) throw new Error(`jupyter nbconvert --execute failed on ${lang}/${section}.ipynb:\n${r.out.slice(-4000)}`);
          executed[`${lang}/${section}`] = JSON.parse(readFileSync(join(tmp, lang, `${section}.ipynb`), "utf8")) as Notebook;
        }),
      );
    }
    return { executed, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/**
 * For the describe block it is called in: executes the sections in both languages once
 * (`executeSections` in beforeAll, the temporary folder removed in afterAll) and returns the reader
 * of the executed notebooks, `executed(lang, section)`, for the tests.
 */
export function executedOnce(sections: readonly string[], tmpPrefix: string, timeoutMs = 1_200_000): (lang: string, section: string) => Notebook {
  let executed: Record<string, Notebook> = {};
  let cleanup = () => {};
  beforeAll(async () => {
    ({ executed, cleanup } = await executeSections(ROOT, LANGS, sections, tmpPrefix));
  }, timeoutMs);
  afterAll(() => cleanup());
  return (lang, section) => {
    const nb = executed[`${lang}/${section}`];
    if (!nb) throw new Error(`${lang}/${section}.ipynb was not executed (see the beforeAll error)`);
    return nb;
  };
}
