#!/usr/bin/env node
/**
 * Writes the chapter's notebooks from their readable sources in notebooks/src/*.md.
 * The .ipynb files are what readers, the runner and the docs use; the sources exist so the
 * prose and code can be edited and reviewed as text. `node notebooks/build.mjs --check`
 * exits 1 when a notebook is out of date with its source.
 *
 * Source format: each cell starts with a line
 *   <!-- cell: markdown|code id=NAME [tags=a,b] -->
 * followed by its text. Notebooks are stored without outputs.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const MARKER = /^<!-- cell: (markdown|code) id=([A-Za-z0-9_-]+)(?: tags=([A-Za-z0-9_,-]+))? -->$/;

const KERNELSPEC = { name: "d2l-ts", display_name: "TypeScript (d2l-ts)", language: "typescript" };
const LANGUAGE_INFO = {
  name: "typescript",
  file_extension: ".ts",
  mimetype: "text/typescript",
  codemirror_mode: { name: "javascript", typescript: true },
  pygments_lexer: "typescript",
};

function lines(text) {
  const parts = text.split(/(?<=\n)/);
  if (parts.length > 0) parts[parts.length - 1] = parts[parts.length - 1].replace(/\n$/, "");
  return parts.filter((p, i) => !(i === parts.length - 1 && p === ""));
}

function parseSource(text, file) {
  const cells = [];
  let current = null;
  const ids = new Set();
  for (const [n, line] of text.split("\n").entries()) {
    const m = MARKER.exec(line);
    if (m) {
      const [, type, id, tags] = m;
      if (ids.has(id)) throw new Error(`${file}:${n + 1}: duplicate cell id "${id}"`);
      ids.add(id);
      current = { type, id, tags: tags ? tags.split(",") : [], body: [] };
      cells.push(current);
    } else if (current) {
      current.body.push(line);
    } else if (line.trim() !== "") {
      throw new Error(`${file}:${n + 1}: text before the first cell marker`);
    }
  }
  return cells.map((c) => {
    const source = lines(c.body.join("\n").replace(/^\s*\n/, "").trimEnd());
    const metadata = c.tags.length ? { tags: c.tags } : {};
    return c.type === "code"
      ? { cell_type: "code", execution_count: null, id: c.id, metadata, outputs: [], source }
      : { cell_type: "markdown", id: c.id, metadata, source };
  });
}

/** The d2l section label of each notebook (d2l v0.17.5, chapter "Deep Learning Computation"). */
const SECTIONS = {
  "model-construction": "sec_model_construction",
  parameters: "sec_parameters",
  "lazy-init": "sec_deferred_init",
};

function buildNotebook(text, file, lang, base) {
  const section = SECTIONS[base];
  if (!section) throw new Error(`${file}: add "${base}" to SECTIONS in notebooks/build.mjs`);
  return {
    cells: parseSource(text, file),
    metadata: { kernelspec: KERNELSPEC, language_info: LANGUAGE_INFO, d2l: { lang, section } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const check = process.argv.includes("--check");
let stale = 0;
for (const name of readdirSync(join(here, "src")).sort()) {
  const m = /^(.+)\.([a-z]{2})\.md$/.exec(name);
  if (!m) continue;
  const [, base, lang] = m;
  const src = join(here, "src", name);
  const out = join(here, lang, `${base}.ipynb`);
  const json = JSON.stringify(buildNotebook(readFileSync(src, "utf8"), src, lang, base), null, 1) + "\n";
  if (check) {
    let old = "";
    try { old = readFileSync(out, "utf8"); } catch {}
    if (old !== json) {
      console.error(`${out} is out of date with ${src}: run node notebooks/build.mjs`);
      stale++;
    }
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json);
    console.log(`wrote ${out}`);
  }
}
process.exit(stale ? 1 : 0);
