/**
 * Drives the classic Notebook 6 page with playwright-core: open a notebook, wait for its kernel,
 * Cell > Run All through the menus, wait until every code cell has its reply, and read back what
 * each cell shows. The page's own `Jupyter.notebook` object is read only to learn cell tags and
 * output types; everything asserted as "visible" is checked on the DOM.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface CellReport {
  index: number;
  tags: string[];
  /** Prompt after the run: a number, or null when the kernel aborted the cell. */
  executionCount: number | null;
  outputTypes: string[];
  /** "ename: evalue" of each error output. */
  errors: string[];
  /** Text of stderr streams, for failure messages. */
  stderr: string;
}

export async function openNotebook(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: "domcontentloaded" });
  // Connected and kernel_info answered: the page stores the reply on the kernel object.
  await page.waitForFunction(
    () => {
      const k = (window as any).Jupyter?.notebook?.kernel;
      return Boolean(k && k.is_connected() && k.info_reply && k.info_reply.language_info);
    },
    undefined,
    { timeout: timeoutMs, polling: 200 },
  );
  // Autosave would rewrite the copy under test while we read it; it is not part of the check.
  await page.evaluate(() => (window as any).Jupyter.notebook.set_autosave_interval(0));
}

/**
 * Cell > Run All, as a user does it. Outputs and prompts of a notebook saved with results are
 * cleared first, so waitForRunAll only counts replies of this run.
 */
export async function runAllFromMenu(page: Page): Promise<void> {
  await page.evaluate(() => {
    const nb = (window as any).Jupyter.notebook;
    nb.clear_all_output();
    for (const c of nb.get_cells()) if (c.cell_type === "code") c.set_input_prompt(null);
  });
  await page.click("#menus li.dropdown:has(> #cell_menu) > a.dropdown-toggle");
  await page.click("#run_all_cells > a");
}

/** Waits until every code cell has a reply (a number, or blank when aborted) and the kernel is idle. */
export async function waitForRunAll(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const nb = (window as any).Jupyter.notebook;
      const code = nb.get_cells().filter((c: any) => c.cell_type === "code");
      const replied = code.every((c: any) => c.input_prompt_number !== null && c.input_prompt_number !== "*" && !c.element.hasClass("running"));
      const idle = document.querySelector("#kernel_indicator_icon")?.classList.contains("kernel_idle_icon");
      return replied && idle;
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}

export async function cellReports(page: Page): Promise<CellReport[]> {
  return page.evaluate(() => {
    const nb = (window as any).Jupyter.notebook;
    return nb
      .get_cells()
      .map((c: any, index: number) => ({ c, index }))
      .filter(({ c }: any) => c.cell_type === "code")
      .map(({ c, index }: any) => {
        const outputs: any[] = c.output_area.outputs;
        return {
          index,
          tags: (c.metadata.tags ?? []) as string[],
          executionCount: typeof c.input_prompt_number === "number" ? c.input_prompt_number : null,
          outputTypes: outputs.map((o) => o.output_type),
          errors: outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
          stderr: outputs
            .filter((o) => o.output_type === "stream" && o.name === "stderr")
            .map((o) => o.text)
            .join(""),
        };
      });
  });
}

/** Errors the reader would see outside cells tagged raises-exception (model and DOM agree). */
export async function unexpectedErrors(page: Page, reports: CellReport[]): Promise<string[]> {
  const found: string[] = [];
  const cells = page.locator("#notebook-container > .cell");
  for (const r of reports) {
    if (r.tags.includes("raises-exception")) continue;
    const shown = await cells.nth(r.index).locator(".output_error").count();
    if (r.errors.length > 0 || shown > 0) {
      found.push(`cell ${r.index} (In [${r.executionCount ?? " "}]): ${r.errors.join("; ") || `${shown} error output(s) on the page`}`);
    } else if (r.executionCount === null) {
      found.push(`cell ${r.index}: not executed (aborted after an earlier error)`);
    }
  }
  return found;
}

/**
 * Full-page screenshot. The classic Notebook scrolls inside #site, so that box is let out to its
 * natural height first; otherwise only the first screenful would be captured.
 */
export async function screenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.addStyleTag({ content: "#site { height: auto !important; overflow: visible !important; } body, html { overflow: visible !important; height: auto !important; }" });
  await page.screenshot({ path, fullPage: true });
}
