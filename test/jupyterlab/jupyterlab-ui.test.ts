/**
 * JupyterLab, tested for real: a JupyterLab 3.5 notebook page (./page, built from the
 * @jupyterlab/* packages) served by Debian's jupyter-server + jupyterlab-server, in headless
 * Chromium, with the d2l-ts kernel. For EVERY notebook under notebooks/:
 *   live       Run All in the page; no error output outside cells tagged raises-exception, and
 *              every table and shape graph visible (bounding boxes, the text of table cells, the
 *              layer labels the graph draws);
 *   untrusted  the notebook executed by `jupyter nbconvert --execute` (as CI does), opened
 *              without running it: JupyterLab treats it as untrusted and sanitizes its HTML;
 *              the same visibility checks;
 *   dark       the same untrusted notebook in JupyterLab's dark theme.
 * Screenshots: artifacts/jupyterlab/<lang>/<notebook>.{live,untrusted,dark}.png.
 * Also: which MIME type JupyterLab's own renderer registry picks for each display, trusted and
 * untrusted.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IN_CI, missingTools } from "../support/tools.js";
import { ARTIFACTS, makeJupyterEnv, REPO, type JupyterEnv } from "../jupyter/jupyter-env.js";
import { describeRun, reapStrays, runTool } from "../jupyter/run-tool.js";
import { CHROMIUM } from "../browser/classic-ui.js";
import { startLabServer, type LabServer } from "./lab-server.js";
import { cellReports, checkOutputs, openLabNotebook, runAll, screenshotNotebook, unexpectedErrors, type OutputCheck } from "./lab-page.js";
import { JUPYTER_DISPLAY, nn, np, type MimeBundle } from "../../src/index.js";

const NOTEBOOKS_DIR = join(REPO, "notebooks");
const SHOTS = join(ARTIFACTS, "jupyterlab");

/** Every notebook under notebooks/, as paths relative to it ("en/lazy-init.ipynb"). */
function findNotebooks(): string[] {
  if (!existsSync(NOTEBOOKS_DIR)) return [];
  return (readdirSync(NOTEBOOKS_DIR, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ipynb") && !f.includes(".ipynb_checkpoints") && !f.endsWith(".executed.ipynb"))
    .sort();
}

const NOTEBOOKS = findNotebooks();
const missing = missingTools("jupyter", "nbconvert", "chromium", "labServer", "labPage");

const executedName = (nb: string) => nb.replace(/\.ipynb$/, ".executed.ipynb");
const shotPath = (nb: string, kind: string) => join(SHOTS, nb.replace(/\.ipynb$/, `.${kind}.png`));

describe.skipIf(missing.length > 0)("JupyterLab 3.5 page in headless Chromium with the d2l-ts kernel", () => {
  let jenv: JupyterEnv;
  let server: LabServer;
  let browser: Browser;

  beforeAll(async () => {
    if (IN_CI && NOTEBOOKS.length === 0) throw new Error(`no notebooks found under ${NOTEBOOKS_DIR}`);
    jenv = makeJupyterEnv("jupyterlab");
    // Copies: the run and nbconvert write next to them; the repository's files stay clean.
    cpSync(NOTEBOOKS_DIR, jenv.work, { recursive: true });
    server = await startLabServer(jenv);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (jenv) {
      await reapStrays(jenv.root);
      jenv.cleanup();
    }
  }, 60_000);

  /** Opens a page, hands it to `use`, always leaves a screenshot, and adds the server log to failures. */
  async function withPage(url: string, shot: string, use: (page: Page) => Promise<void>): Promise<void> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    try {
      await use(page);
      await screenshotNotebook(page, shot);
    } catch (e) {
      await screenshotNotebook(page, shot).catch(() => {});
      (e as Error).message +=
        `\nscreenshot: ${relative(REPO, shot)}` +
        (consoleErrors.length ? `\n--- page errors ---\n${consoleErrors.join("\n")}` : "") +
        `\n--- server log (tail) ---\n${server.log().slice(-3000)}`;
      throw e;
    } finally {
      await page.evaluate(() => (window as any).d2l?.shutdown?.()).catch(() => {});
      await page.close();
    }
  }

  const seen = { graphs: 0, tables: 0 };
  function expectAllVisible(check: OutputCheck): void {
    expect(check.problems, check.problems.join("\n")).toEqual([]);
    seen.graphs += check.graphs;
    seen.tables += check.tables;
  }

  const executed = new Map<string, Promise<void>>();
  /** nbconvert --execute, as CI runs the notebooks; once per notebook. No --allow-errors: only raises-exception cells may fail. */
  function executeWithNbconvert(nb: string): Promise<void> {
    let p = executed.get(nb);
    if (!p) {
      p = runTool(
        "jupyter",
        ["nbconvert", "--to", "notebook", "--execute", nb, "--output", executedName(nb).split("/").pop()!, "--ExecutePreprocessor.timeout=300"],
        { cwd: jenv.work, env: jenv.env, timeoutMs: 400_000 },
      ).then((r) => {
        if (r.status !== 0) throw new Error(describeRun(`nbconvert --execute ${nb}`, r));
      });
      executed.set(nb, p);
    }
    return p;
  }

  /** The graphs in an executed notebook file (what the untrusted views must show). */
  function graphsInFile(nb: string): number {
    const json = JSON.parse(readFileSync(join(jenv.work, executedName(nb)), "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
    const html = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
    return json.cells.flatMap((c) => c.outputs ?? []).filter((o) => /class="d2l-graph"/.test(html(o.data?.["text/html"]))).length;
  }

  describe.each(NOTEBOOKS)("%s", (nb) => {
    it("live: Run All shows every table and graph, and errors only in raises-exception cells", async () => {
      await withPage(server.pageUrl(nb), shotPath(nb, "live"), async (page) => {
        await openLabNotebook(page, server.pageUrl(nb));
        await runAll(page);
        const reports = await cellReports(page);
        expect(reports.filter((r) => r.type === "code").length, "the notebook has code cells").toBeGreaterThan(0);
        expect(unexpectedErrors(reports, { executed: true })).toEqual([]);
        const errorsOnPage = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count();
        const taggedErrors = reports.filter((r) => r.tags.includes("raises-exception")).reduce((n, r) => n + (r.errors?.length ?? 0), 0);
        expect(errorsOnPage, "error outputs on the page are those of raises-exception cells").toBe(taggedErrors);
        const check = await checkOutputs(page);
        expectAllVisible(check);
        expect(check.trustedCells, "outputs of a run are trusted").toBe(check.cellsWithOutputs);
      });
    }, 300_000);

    it("untrusted: the nbconvert-executed notebook, opened without running it, shows every table and graph", async () => {
      await executeWithNbconvert(nb);
      await withPage(server.pageUrl(executedName(nb), { kernel: false }), shotPath(nb, "untrusted"), async (page) => {
        await openLabNotebook(page, server.pageUrl(executedName(nb), { kernel: false }));
        const check = await checkOutputs(page);
        expect(check.cellsWithOutputs, "the executed notebook has outputs").toBeGreaterThan(0);
        expect(check.trustedCells, "JupyterLab treats the executed notebook as untrusted").toBe(0);
        expect(check.graphs, "every graph of the file is checked").toBe(graphsInFile(nb));
        expectAllVisible(check);
        expect(unexpectedErrors(await cellReports(page), { executed: false })).toEqual([]);
      });
    }, 400_000);

    it("dark theme: the untrusted notebook's tables and graphs are visible", async () => {
      await executeWithNbconvert(nb);
      await withPage(server.pageUrl(executedName(nb), { kernel: false, theme: "dark" }), shotPath(nb, "dark"), async (page) => {
        await openLabNotebook(page, server.pageUrl(executedName(nb), { kernel: false, theme: "dark" }));
        expect(await page.evaluate(() => document.body.dataset.jpThemeLight)).toBe("false");
        const background = await page.evaluate(() => getComputedStyle(document.querySelector(".jp-Notebook")!).backgroundColor);
        expect(background, "the dark theme is applied").toBe("rgb(17, 17, 17)");
        expectAllVisible(await checkOutputs(page));
      });
      expect(existsSync(shotPath(nb, "dark"))).toBe(true);
    }, 400_000);
  });

  it("JupyterLab's renderer registry picks the intended MIME type for each display, trusted and untrusted", async () => {
    const net = new nn.Sequential();
    net.add(new nn.Dense(8, { activation: "relu" }), new nn.Dense(2));
    net.initialize();
    const bundles: Record<string, MimeBundle> = {
      "parameter table (deferred)": await net.collectParams()[JUPYTER_DISPLAY](),
      "network (deferred)": await net[JUPYTER_DISPLAY](),
      "summary (deferred)": await net.summary()[JUPYTER_DISPLAY](),
    };
    net.forward(np.ones([2, 4]));
    bundles["parameter table"] = await net.collectParams()[JUPYTER_DISPLAY]();
    bundles["network"] = await net[JUPYTER_DISPLAY]();
    bundles["summary"] = await net.summary()[JUPYTER_DISPLAY]();
    bundles["tensor"] = await (np.ones([2, 3]) as unknown as { [JUPYTER_DISPLAY](): MimeBundle })[JUPYTER_DISPLAY]();

    // Intended: the HTML form everywhere (tables, and the graph as an <img> the sanitizer keeps);
    // never image/svg+xml or the vendor JSON, which untrusted JupyterLab refuses or cannot draw.
    const intended = { trusted: "text/html", untrusted: "text/html" };
    const page = await browser.newPage();
    try {
      await openLabNotebook(page, server.pageUrl(NOTEBOOKS[0] ?? "missing.ipynb", { kernel: false }));
      const picked: Record<string, { trusted: string | null; untrusted: string | null }> = {};
      for (const [name, bundle] of Object.entries(bundles)) {
        picked[name] = await page.evaluate((b) => ({ trusted: (window as any).d2l.preferredMimeType(b, true), untrusted: (window as any).d2l.preferredMimeType(b, false) }), bundle);
      }
      expect(picked).toEqual(Object.fromEntries(Object.keys(bundles).map((k) => [k, intended])));
      // The network keeps an image/svg+xml for front ends without HTML; JupyterLab must not prefer it.
      expect(Object.keys(bundles["network"]!)).toContain("image/svg+xml");
      expect(await page.evaluate(() => (window as any).d2l.preferredMimeType({ "image/svg+xml": "<svg/>", "text/plain": "x" }, false))).toBe("text/plain");
    } finally {
      await page.close();
    }
  }, 120_000);

  it("the notebooks together showed shape graphs and tables (the checks above were not vacuous)", () => {
    expect(seen.graphs).toBeGreaterThan(0);
    expect(seen.tables).toBeGreaterThan(0);
  });
});
