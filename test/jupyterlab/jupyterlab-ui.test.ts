/**
 * JupyterLab, tested for real: minimal JupyterLab notebook pages built from the @jupyterlab/*
 * packages (./page: JupyterLab 3.5.3, the release matching Debian's servers; ./page4: JupyterLab 4,
 * which runs against them too), served by Debian's jupyter-server + jupyterlab-server, in headless
 * Chromium, with the d2l-ts kernel. In each, for EVERY notebook under notebooks/:
 *   live       Run All in the page; no error output outside cells tagged raises-exception, and
 *              every table and shape graph visible (bounding boxes, the text of table cells, the
 *              layer labels the graph draws);
 *   untrusted  the notebook executed by `jupyter nbconvert --execute` (as CI does), opened
 *              without running it: JupyterLab treats it as untrusted and sanitizes its HTML;
 *              the same visibility checks;
 *   dark       the same untrusted notebook in JupyterLab's dark theme.
 * (JupyterLab 3.5 gets all three on every notebook; JupyterLab 4 the untrusted view of every
 * notebook and the live run of the first.)
 * Screenshots: artifacts/jupyterlab/3.5/<lang>/<notebook>.dark.png for every notebook, and of any
 * view that fails: artifacts/jupyterlab/<3.5|4>/<lang>/<notebook>.{live,untrusted,dark}.png.
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
import { startLabServer, type LabServer, type PageName } from "./lab-server.js";
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
const missing = missingTools("jupyter", "nbconvert", "chromium", "labServer", "labPage", "lab4Page");
const PAGE_NAMES: PageName[] = ["JupyterLab 3.5", "JupyterLab 4"];

const executedName = (nb: string) => nb.replace(/\.ipynb$/, ".executed.ipynb");
const shotPath = (page: PageName, nb: string, kind: string) => join(SHOTS, page.replace("JupyterLab ", ""), nb.replace(/\.ipynb$/, `.${kind}.png`));

describe.skipIf(missing.length > 0)("JupyterLab notebook pages in headless Chromium with the d2l-ts kernel", () => {
  let jenv: JupyterEnv;
  const servers = new Map<PageName, LabServer>();
  let browser: Browser;

  beforeAll(async () => {
    if (IN_CI && NOTEBOOKS.length === 0) throw new Error(`no notebooks found under ${NOTEBOOKS_DIR}`);
    jenv = makeJupyterEnv("jupyterlab");
    // Copies: the run and nbconvert write next to them; the repository's files stay clean.
    cpSync(NOTEBOOKS_DIR, jenv.work, { recursive: true });
    executeAllWithNbconvert();
    for (const [name, server] of await Promise.all(PAGE_NAMES.map(async (n) => [n, await startLabServer(jenv, n)] as const))) servers.set(name, server);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([...servers.values()].map((s) => s.stop()));
    if (jenv) {
      await reapStrays(jenv.root);
      jenv.cleanup();
    }
  }, 60_000);

  /**
   * Opens a page, hands it to `use`, and adds the server log and a screenshot to failures. The
   * screenshot is kept also on success when `keep` (the dark-theme views, which the README names).
   */
  async function withPage(server: LabServer, shot: string, keep: boolean, use: (page: Page) => Promise<void>): Promise<void> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await use(page);
      if (keep) await screenshotNotebook(page, shot);
    } catch (e) {
      await screenshotNotebook(page, shot).catch(() => {});
      (e as Error).message +=
        `\nscreenshot: ${relative(REPO, shot)}` +
        (pageErrors.length ? `\n--- page errors ---\n${pageErrors.join("\n")}` : "") +
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
  /**
   * nbconvert --execute, as CI runs the notebooks. Started for all notebooks in beforeAll, one
   * after the other, so they run while the live checks do. No --allow-errors: only cells tagged
   * raises-exception may fail.
   */
  function executeAllWithNbconvert(): void {
    let previous: Promise<unknown> = Promise.resolve();
    for (const nb of NOTEBOOKS) {
      const p = previous.then(async () => {
        const r = await runTool(
          "jupyter",
          ["nbconvert", "--to", "notebook", "--execute", nb, "--output", executedName(nb).split("/").pop()!, "--ExecutePreprocessor.timeout=300"],
          { cwd: jenv.work, env: jenv.env, timeoutMs: 400_000 },
        );
        if (r.status !== 0) throw new Error(describeRun(`nbconvert --execute ${nb}`, r));
      });
      p.catch(() => {}); // reported by the tests that await it
      executed.set(nb, p);
      previous = p.catch(() => {});
    }
  }

  /** The graphs in an executed notebook file (what the untrusted views must show). */
  function graphsInFile(nb: string): number {
    const json = JSON.parse(readFileSync(join(jenv.work, executedName(nb)), "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
    const html = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
    return json.cells.flatMap((c) => c.outputs ?? []).filter((o) => /class="d2l-graph"/.test(html(o.data?.["text/html"]))).length;
  }

  async function live(pageName: PageName, nb: string): Promise<void> {
    const server = servers.get(pageName)!;
    await withPage(server, shotPath(pageName, nb, "live"), false, async (page) => {
      await openLabNotebook(page, server.pageUrl(nb));
      expect(await page.evaluate(() => (window as any).d2l.jupyterlab)).toMatch(pageName === "JupyterLab 3.5" ? /^3\.5\./ : /^4\./);
      await runAll(page);
      const reports = await cellReports(page);
      expect(reports.filter((r) => r.type === "code").length, "the notebook has code cells").toBeGreaterThan(0);
      expect(unexpectedErrors(reports, { executed: true })).toEqual([]);
      const check = await checkOutputs(page);
      expectAllVisible(check);
      expect(check.trustedCells, "outputs of a run are trusted").toBe(check.cellsWithOutputs);
    });
  }

  async function untrusted(pageName: PageName, nb: string, theme: "light" | "dark"): Promise<void> {
    await executed.get(nb);
    const server = servers.get(pageName)!;
    await withPage(server, shotPath(pageName, nb, theme === "dark" ? "dark" : "untrusted"), theme === "dark", async (page) => {
      await openLabNotebook(page, server.pageUrl(executedName(nb), { kernel: false, theme }));
      if (theme === "dark") {
        const background = await page.evaluate(() => getComputedStyle(document.querySelector(".jp-Notebook")!).backgroundColor);
        expect(background, "the dark theme is applied").toBe("rgb(17, 17, 17)");
      }
      const check = await checkOutputs(page);
      expect(check.cellsWithOutputs, "the executed notebook has outputs").toBeGreaterThan(0);
      expect(check.trustedCells, "JupyterLab treats the executed notebook as untrusted").toBe(0);
      expect(check.graphs, "every graph of the file is checked").toBe(graphsInFile(nb));
      expectAllVisible(check);
      expect(unexpectedErrors(await cellReports(page), { executed: false })).toEqual([]);
    });
  }

  // JupyterLab 3.5 (the release of Debian's servers) gets every check on every notebook;
  // JupyterLab 4 the untrusted view of every notebook and one live run, to keep CI time modest.
  describe.each(NOTEBOOKS)("%s", (nb) => {
    it("JupyterLab 3.5, live: Run All shows every table and graph, and errors only in raises-exception cells", () => live("JupyterLab 3.5", nb), 300_000);
    it("JupyterLab 3.5, untrusted: the nbconvert-executed notebook, opened without running it, shows every table and graph", () => untrusted("JupyterLab 3.5", nb, "light"), 400_000);
    it("JupyterLab 3.5, dark theme: the untrusted notebook's tables and graphs are visible (screenshot kept)", async () => {
      await untrusted("JupyterLab 3.5", nb, "dark");
      expect(existsSync(shotPath("JupyterLab 3.5", nb, "dark"))).toBe(true);
    }, 400_000);
    it("JupyterLab 4, untrusted: the nbconvert-executed notebook shows every table and graph", () => untrusted("JupyterLab 4", nb, "light"), 400_000);
    if (nb === NOTEBOOKS[0]) {
      it("JupyterLab 4, live: Run All shows every table and graph, and errors only in raises-exception cells", () => live("JupyterLab 4", nb), 300_000);
    }
  });

  describe.each(PAGE_NAMES)("%s", (pageName) => {
    const server = () => servers.get(pageName)!;

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
        await openLabNotebook(page, server().pageUrl(NOTEBOOKS[0] ?? "missing.ipynb", { kernel: false }));
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
  });

  it("the notebooks together showed shape graphs and tables (the checks above were not vacuous)", () => {
    expect(seen.graphs).toBeGreaterThan(0);
    expect(seen.tables).toBeGreaterThan(0);
  });
});
