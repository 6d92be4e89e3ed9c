/**
 * The displays issue, acceptance 3, second half: the browser check's notebook, executed with
 * `jupyter nbconvert --execute` and converted with `jupyter nbconvert --to html`, contains the
 * parameter tables and the shape graphs (SVG images) as static markup. The HTML is kept as
 * artifacts/browser/display.html.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "parse5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attr, byTag, elements, parseHtml, text, type El } from "../support/dom.js";
import { missingTools } from "../support/tools.js";
import { ARTIFACTS, FIXTURES, makeJupyterEnv, type JupyterEnv } from "../jupyter/jupyter-env.js";
import { describeRun, reapStrays, runTool, type ToolResult } from "../jupyter/run-tool.js";

const missing = missingTools("jupyter", "nbconvert");

describe.skipIf(missing.length > 0)("nbconvert --to html of the executed display notebook", () => {
  let jenv: JupyterEnv;
  let execute: ToolResult;
  let convert: ToolResult | undefined;
  let outputs: El[] = [];

  beforeAll(async () => {
    jenv = makeJupyterEnv("html-export");
    copyFileSync(join(FIXTURES, "display.ipynb"), join(jenv.work, "display.ipynb"));
    // No --allow-errors: nbclient lets only cells tagged raises-exception fail.
    execute = await runTool(
      "jupyter",
      ["nbconvert", "--to", "notebook", "--execute", "display.ipynb", "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=120"],
      { cwd: jenv.work, env: jenv.env, timeoutMs: 180_000 },
    );
    if (execute.status !== 0) return;
    convert = await runTool("jupyter", ["nbconvert", "--to", "html", "executed.ipynb", "--output", "display.html"], {
      cwd: jenv.work,
      env: jenv.env,
      timeoutMs: 120_000,
    });
    if (convert.status !== 0) return;
    const htmlFile = join(jenv.work, "display.html");
    mkdirSync(join(ARTIFACTS, "browser"), { recursive: true });
    copyFileSync(htmlFile, join(ARTIFACTS, "browser", "display.html"));
    const doc = parse(readFileSync(htmlFile, "utf8"));
    outputs = elements(doc).filter((e) => attr(e, "data-mime-type") !== undefined);
  }, 300_000);

  afterAll(async () => {
    await reapStrays(jenv.root);
    jenv.cleanup();
  });

  const byMime = (mime: string) => outputs.filter((e) => attr(e, "data-mime-type") === mime);

  it("executes and converts", () => {
    expect(execute.status, describeRun("nbconvert --execute", execute)).toBe(0);
    expect(convert?.status, convert ? describeRun("nbconvert --to html", convert) : "not run").toBe(0);
  });

  it("contains the parameter tables before and after the first batch", () => {
    const tables = byMime("text/html").flatMap((o) => byTag(o, "table"));
    const tableTexts = tables.map((t) => text(t));
    expect(tableTexts.some((t) => t.includes("(256, -1)") && t.includes("weight")), tableTexts.join("\n---\n")).toBe(true);
    expect(tableTexts.some((t) => t.includes("(256, 20)") && t.includes("(10, 256)")), tableTexts.join("\n---\n")).toBe(true);
    for (const t of tables) expect(byTag(t, "td").length).toBeGreaterThan(0);
  });

  it("contains the shape graphs as SVG images, with their labels and alt text", () => {
    // The network's text/html (which nbconvert prefers) holds the SVG as a data: URI image.
    const imgs = byMime("text/html").flatMap((o) => byTag(o, "img")).filter((i) => attr(i, "src")?.startsWith("data:image/svg+xml;base64,"));
    expect(imgs.length).toBeGreaterThanOrEqual(2);
    for (const img of imgs) {
      const svg = Buffer.from(attr(img, "src")!.split(",")[1]!, "base64").toString("utf8");
      const { root, errors } = parseHtml(svg);
      expect(errors).toEqual([]);
      const labels = byTag(root, "text").map((t) => text(t));
      expect(labels.join(" ")).toContain("Dense");
      expect(attr(img, "alt")).toMatch(/^Shape graph of Sequential: input /);
    }
  });

  it("shows the deferred-initialization error only in the tagged cell", () => {
    const nb = JSON.parse(readFileSync(join(jenv.work, "executed.ipynb"), "utf8")) as {
      cells: { id: string; metadata: { tags?: string[] }; outputs?: { output_type: string }[] }[];
    };
    const withErrors = nb.cells.filter((c) => c.outputs?.some((o) => o.output_type === "error")).map((c) => c.id);
    expect(withErrors).toEqual(["deferred-error"]);
  });
});
