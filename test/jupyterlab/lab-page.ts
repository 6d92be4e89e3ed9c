/**
 * Drives the minimal JupyterLab page (./page) with playwright-core: open a notebook, Run All and
 * wait for every code cell's reply, and check what each output shows. The page's `window.d2l`
 * hands over the notebook model (cell tags, outputs as stored); everything asserted as
 * "visible" is checked on the DOM that JupyterLab rendered.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Locator, Page } from "playwright-core";
import { parseHtml, byTag, text } from "../support/dom.js";
import { GRAPH_IMAGE, readGraphImage } from "../browser/graph-image.js";

export interface CellReport {
  index: number;
  type: string;
  tags: string[];
  trusted?: boolean;
  executionCount?: number | null;
  outputTypes?: string[];
  errors?: string[];
  stderr?: string;
}

interface OutputJson {
  output_type: string;
  data?: Record<string, string | string[] | unknown>;
  name?: string;
}

interface MarkedOutput {
  cell: number;
  output: number;
  tags: string[];
  trusted: boolean;
  json: OutputJson | null;
}

export interface OutputCheck {
  /** Network shape graphs found in the model, and how many of them were visible. */
  graphs: number;
  /** Tables (text/html with a <table>) found in the model. */
  tables: number;
  /** Code cells with outputs, and how many of them the page treats as trusted. */
  cellsWithOutputs: number;
  trustedCells: number;
  /** Everything a reader would miss, one line each; empty when all is visible. */
  problems: string[];
}

export async function openLabNotebook(page: Page, url: string, timeoutMs = 90_000): Promise<void> {
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => document.body.dataset.d2lReady || document.body.dataset.d2lError, undefined, { timeout: timeoutMs, polling: 200 });
  const error = await page.evaluate(() => document.body.dataset.d2lError);
  if (error) throw new Error(`the JupyterLab page failed to open the notebook:\n${error}`);
}

/** Run > Run All Cells, then wait until every code cell has replied. */
export async function runAll(page: Page, timeoutMs = 240_000): Promise<{ failures: string[] }> {
  await page.evaluate(() => (window as any).d2l.runAll());
  await page.waitForFunction(() => (window as any).d2l.state.run === "done", undefined, { timeout: timeoutMs, polling: 250 });
  return page.evaluate(() => ({ failures: [...(window as any).d2l.state.failures] as string[] }));
}

export function cellReports(page: Page): Promise<CellReport[]> {
  return page.evaluate(() => (window as any).d2l.cells());
}

/**
 * Errors the reader sees outside cells tagged raises-exception: error outputs, and cells left
 * without a reply (aborted after an earlier error). stderr is not an error: a chapter may show a
 * warning on purpose.
 */
export function unexpectedErrors(reports: CellReport[], opts: { executed: boolean }): string[] {
  const found: string[] = [];
  for (const r of reports) {
    if (r.type !== "code" || r.tags.includes("raises-exception")) continue;
    const where = `cell ${r.index} [${r.executionCount ?? " "}]`;
    if (r.errors?.length) found.push(`${where}: ${r.errors.join("; ")}`);
    if (opts.executed && r.executionCount == null) found.push(`${where}: not executed (aborted after an earlier error?)`);
  }
  return found;
}

const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

/** The leaf layer labels of a network's text/plain ("(0): Dense(20 -> 256, relu)" gives "Dense(20 -> 256, relu)"). */
export function layerTitles(networkText: string): string[] {
  return networkText
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== ")" && !l.endsWith("(") && !l.startsWith("(shape graph unavailable"))
    .map((l) => l.replace(/^\([^)]*\): /, ""));
}

async function checkGraph(where: string, out: Locator, json: OutputJson, problems: string[]): Promise<void> {
  const titles = layerTitles(joined(json.data?.["text/plain"]));
  if (titles.length === 0) problems.push(`${where}: no layer labels in text/plain to look for`);
  const img = out.locator(GRAPH_IMAGE);
  const inline = out.locator("svg");
  let graph: Locator;
  let labels: string;
  if ((await img.count()) > 0) {
    graph = img.first();
    const drawn = await readGraphImage(graph);
    if (!drawn.decoded || drawn.naturalWidth === 0) problems.push(`${where}: the browser could not draw the graph image`);
    if (!drawn.alt) problems.push(`${where}: the graph image has no alt text`);
    labels = drawn.labels.join(" ");
  } else if ((await inline.count()) > 0) {
    // Inline SVG (a front end that shows the graph's markup as is): its labels are DOM text.
    graph = inline.first();
    const texts = graph.locator("text");
    if ((await texts.count()) === 0 || !(await texts.first().isVisible())) problems.push(`${where}: the graph's labels are not visible`);
    labels = (await texts.allTextContents()).join(" ");
  } else {
    const shown = squash((await out.innerText()).slice(0, 200));
    problems.push(`${where}: no graph on the page (the output shows: ${JSON.stringify(shown)})`);
    return;
  }
  if (!(await graph.isVisible())) problems.push(`${where}: the graph is not visible`);
  const box = await graph.boundingBox();
  if (!box || box.width < 50 || box.height < 50) problems.push(`${where}: the graph is too small to read (${JSON.stringify(box)})`);
  for (const t of titles) if (!labels.includes(t)) problems.push(`${where}: the graph does not draw the label ${JSON.stringify(t)}`);
}

async function checkTable(where: string, out: Locator, html: string, problems: string[]): Promise<void> {
  const table = out.locator("table").first();
  if ((await out.locator("table").count()) === 0) {
    problems.push(`${where}: no table on the page`);
    return;
  }
  if (!(await table.isVisible())) problems.push(`${where}: the table is not visible`);
  const box = await table.boundingBox();
  if (!box || box.width < 20 || box.height < 10) problems.push(`${where}: the table has no real size (${JSON.stringify(box)})`);
  const firstTd = table.locator("td").first();
  if ((await table.locator("td").count()) > 0 && !(await firstTd.isVisible())) problems.push(`${where}: its first cell is not visible`);
  // What the reader sees (innerText skips what CSS hides) must hold every data cell of the markup.
  const seen = squash(await out.innerText());
  const { root } = parseHtml(html);
  const cells = byTag(root, "td").map((td) => squash(text(td))).filter(Boolean);
  const missing = cells.filter((c) => !seen.includes(c));
  if (missing.length > 0) problems.push(`${where}: table cells not visible: ${JSON.stringify(missing.slice(0, 5))}`);
}

/** Checks every output of the notebook: tables and network graphs visible, with their text. */
export async function checkOutputs(page: Page): Promise<OutputCheck> {
  const outputs: MarkedOutput[] = await page.evaluate(() => (window as any).d2l.markOutputs());
  // Renderers fill their nodes asynchronously (HTML goes through the sanitizer in a promise):
  // give them a moment, then check whatever is there.
  await page
    .waitForFunction(() => [...document.querySelectorAll("[data-d2l-output] .jp-OutputArea-output")].every((n) => n.childNodes.length > 0), undefined, { timeout: 10_000, polling: 100 })
    .catch(() => {});
  const result: OutputCheck = { graphs: 0, tables: 0, cellsWithOutputs: 0, trustedCells: 0, problems: [] };
  const cells = new Map<number, boolean>();
  for (const o of outputs) {
    cells.set(o.cell, o.trusted);
    const where = `cell ${o.cell} output ${o.output}`;
    const out = page.locator(`[data-d2l-cell="${o.cell}"][data-d2l-output="${o.output}"]`);
    if (o.json?.output_type === "error") {
      // Expected errors (raises-exception cells) are part of the lesson: the reader must see them.
      if (!(await out.isVisible()) || !squash(await out.innerText())) result.problems.push(`${where}: the error output is not visible`);
      continue;
    }
    const data = o.json?.data;
    if (!data) continue;
    const html = joined(data["text/html"]);
    if (/class="d2l-graph"/.test(html)) {
      result.graphs++;
      await checkGraph(where, out, o.json!, result.problems);
    } else if (/<table[\s>]/.test(html)) {
      result.tables++;
      await checkTable(where, out, html, result.problems);
    } else if ((await out.count()) === 0 || !(await out.isVisible())) {
      result.problems.push(`${where}: the output is not visible`);
    }
  }
  result.cellsWithOutputs = cells.size;
  result.trustedCells = [...cells.values()].filter(Boolean).length;
  return result;
}

/**
 * A screenshot of the whole notebook. The notebook scrolls inside its panel, so the window is
 * made as tall as the notebook first (capped: Chromium cannot capture arbitrarily tall pages).
 */
export async function screenshotNotebook(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const height = await page.evaluate(() => {
    const nb = document.querySelector(".jp-Notebook");
    return nb ? Math.ceil(nb.getBoundingClientRect().top + nb.scrollHeight) : 1000;
  });
  const width = page.viewportSize()?.width ?? 1280;
  await page.setViewportSize({ width, height: Math.min(Math.max(height, 600), 16_000) });
  // Lumino lays the panel out again on the next animation frame after the resize.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path });
}
