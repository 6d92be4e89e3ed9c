/**
 * JupyterLab's visual debugger (@jupyterlab/debugger 4, built into the JupyterLab 4 page) on a
 * TypeScript notebook, in headless Chromium, as a learner uses it: click the bug button, click the
 * gutter beside a line inside a function, Run All; the cell calling the function stops there, the
 * sidebar shows the function's frame and its locals, the editor highlights the line; Continue,
 * and the cell's result appears. Screenshot: artifacts/jupyterlab/debugger.png (kept).
 */
import { copyFileSync } from "node:fs";
import { join, relative } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";
import { ARTIFACTS, makeJupyterEnv, REPO, type JupyterEnv } from "../jupyter/jupyter-env.js";
import { reapStrays } from "../jupyter/run-tool.js";
import { CHROMIUM } from "../browser/classic-ui.js";
import { startLabServer, type LabServer } from "./lab-server.js";
import { openLabNotebook } from "./lab-page.js";

const FIXTURE = join(REPO, "test", "jupyterlab", "fixtures", "debugger.ipynb");
const SHOT = join(ARTIFACTS, "jupyterlab", "debugger.png");
const missing = missingTools("jupyter", "chromium", "labServer", "lab4Page");

interface DebuggerState {
  started: boolean;
  stopped: boolean;
  frames: { name: string; line: number; path: string }[];
  breakpoints: { path: string; lines: (number | undefined)[]; verified: boolean[] }[];
}

const debuggerState = (page: Page): Promise<DebuggerState> => page.evaluate(() => (window as any).d2l.debugger.state());

describe.skipIf(missing.length > 0)("JupyterLab 4's visual debugger on a TypeScript notebook", () => {
  let jenv: JupyterEnv;
  let server: LabServer;
  let browser: Browser;

  beforeAll(async () => {
    jenv = makeJupyterEnv("jupyterlab-debugger");
    copyFileSync(FIXTURE, join(jenv.work, "debugger.ipynb"));
    [server, browser] = await Promise.all([
      startLabServer(jenv, "JupyterLab 4"),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (jenv) {
      await reapStrays(jenv.root);
      jenv.cleanup();
    }
  }, 60_000);

  it("stops at a breakpoint inside a function: call stack, locals and the highlighted line; Continue gives the result", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await openLabNotebook(page, server.pageUrl("debugger.ipynb", { debugger: true }));
      const cells = page.locator(".jp-Notebook .jp-Cell");
      const defining = cells.nth(1);
      const calling = cells.nth(2);

      // The bug button is enabled once the service has read the kernelspec (metadata.debugger).
      const bug = page.locator(".jp-DebuggerBugButton button, button.jp-DebuggerBugButton").first();
      await expect.poll(() => bug.isEnabled(), { timeout: 30_000 }).toBe(true);
      await bug.click();
      await expect.poll(async () => (await debuggerState(page)).started, { timeout: 30_000 }).toBe(true);

      // Line 3 of the function, `return doubled + 1;`: a click in the breakpoint gutter beside it.
      const line = defining.locator(".cm-line").nth(2);
      expect(await line.innerText()).toContain("return doubled + 1");
      const gutter = defining.locator(".cm-gutter.cm-breakpoint-gutter");
      const [l, g] = [await line.boundingBox(), await gutter.boundingBox()];
      await page.mouse.click(g!.x + g!.width / 2, l!.y + l!.height / 2);
      const codeId = await page.evaluate(() => (window as any).d2l.debugger.codeId(1));
      await expect
        .poll(async () => (await debuggerState(page)).breakpoints.find((b) => b.path === codeId), { timeout: 20_000 })
        .toEqual({ path: codeId, lines: [3], verified: [true] });

      // Run All: the first cell defines the function, the second calls it and stops inside.
      await page.evaluate(() => (window as any).d2l.runAll());
      await expect.poll(async () => (await debuggerState(page)).stopped, { timeout: 60_000 }).toBe(true);
      // The service asks for the stack after the stopped event.
      await expect.poll(async () => (await debuggerState(page)).frames[0], { timeout: 20_000 }).toMatchObject({ name: "scale", line: 3, path: codeId });

      // What the sidebar shows: the function's frame first in the call stack, its locals.
      const frameNames = page.locator(".jp-DebuggerCallstack .jp-DebuggerCallstackFrame-name");
      await expect.poll(() => frameNames.first().innerText(), { timeout: 20_000 }).toBe("scale");
      const variable = (name: string) =>
        page.locator(".jp-DebuggerVariables .jp-DebuggerVariables-name", { hasText: new RegExp(`^${name}$`) }).locator("xpath=..").locator(".jp-DebuggerVariables-detail");
      await expect.poll(() => variable("doubled").first().innerText(), { timeout: 20_000 }).toBe("40");
      expect(await variable("a").first().innerText()).toBe("20");
      // The editor highlights the stopped line, in the cell where it is.
      const highlighted = defining.locator(".jp-DebuggerEditor-highlight");
      await expect.poll(() => highlighted.count(), { timeout: 20_000 }).toBe(1);
      expect(await highlighted.innerText()).toContain("return doubled + 1");
      expect(await calling.locator(".jp-OutputArea-output").count(), "the calling cell has no result while stopped").toBe(0);
      await page.screenshot({ path: SHOT });

      // Continue (the button in the call stack's title bar): the cell finishes with the function's result.
      await page.locator("[data-command='debugger:continue']").first().click();
      await page.waitForFunction(() => (window as any).d2l.state.run === "done", undefined, { timeout: 60_000, polling: 200 });
      expect(await page.evaluate(() => (window as any).d2l.state.failures)).toEqual([]);
      await expect.poll(() => calling.locator(".jp-OutputArea-output").innerText(), { timeout: 10_000 }).toContain("41");
      expect((await debuggerState(page)).stopped).toBe(false);
    } catch (e) {
      await page.screenshot({ path: SHOT }).catch(() => {});
      (e as Error).message +=
        `\nscreenshot: ${relative(REPO, SHOT)}` +
        (pageErrors.length ? `\n--- page errors ---\n${pageErrors.join("\n")}` : "") +
        `\n--- server log (tail) ---\n${server.log().slice(-3000)}`;
      throw e;
    } finally {
      await page.evaluate(() => (window as any).d2l?.shutdown?.()).catch(() => {});
      await page.close();
    }
  }, 180_000);
});
