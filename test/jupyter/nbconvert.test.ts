/**
 * Acceptance 3 of the kernel issue, first half: `jupyter nbconvert --to notebook --execute` runs
 * test/fixtures/sample.ipynb (TypeScript cells) with the installed d2l-ts kernelspec.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";
import { FIXTURES, makeJupyterEnv, type JupyterEnv } from "./jupyter-env.js";
import { describeRun, reapStrays, runTool } from "./run-tool.js";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
}
interface Cell {
  id: string;
  cell_type: string;
  execution_count: number | null;
  /** Absent on markdown cells. */
  outputs: Output[];
}

const join1 = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));
const plain = (o: Output | undefined) => join1(o?.data?.["text/plain"]);

const missing = missingTools("jupyter", "nbconvert");

describe.skipIf(missing.length > 0)("jupyter nbconvert --execute with the d2l-ts kernel", () => {
  let jenv: JupyterEnv;
  let cells: Map<string, Cell>;
  let run: Awaited<ReturnType<typeof runTool>>;

  beforeAll(async () => {
    jenv = makeJupyterEnv("nbconvert");
    copyFileSync(join(FIXTURES, "sample.ipynb"), join(jenv.work, "sample.ipynb"));
    run = await runTool(
      "jupyter",
      ["nbconvert", "--to", "notebook", "--execute", "sample.ipynb", "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=120"],
      { cwd: jenv.work, env: jenv.env, timeoutMs: 180_000 },
    );
    cells = new Map();
    if (run.status === 0) {
      const nb = JSON.parse(readFileSync(join(jenv.work, "executed.ipynb"), "utf8")) as { cells: Cell[] };
      for (const c of nb.cells) cells.set(c.id, c);
    }
  }, 200_000);

  afterAll(async () => {
    await reapStrays(jenv.root);
    jenv.cleanup();
  });

  const cell = (id: string): Cell => {
    const c = cells.get(id);
    if (!c) throw new Error(`cell ${id} missing from the executed notebook\n${describeRun("nbconvert", run)}`);
    return c;
  };
  const result = (id: string) => cell(id).outputs.find((o) => o.output_type === "execute_result");

  it("executes the notebook without errors", () => {
    expect(run.status, describeRun("jupyter nbconvert --execute", run)).toBe(0);
    const errors = [...cells.values()].flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "error").map((o) => `${c.id}: ${o.ename}: ${o.evalue}`));
    expect(errors).toEqual([]);
  });

  it("numbers the code cells in order", () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "sample.ipynb"), "utf8")) as { cells: Cell[] };
    const codeCells = fixture.cells.filter((c) => c.cell_type === "code").length;
    const counts = [...cells.values()].filter((c) => c.cell_type === "code").map((c) => c.execution_count);
    expect(counts).toEqual(Array.from({ length: codeCells }, (_, i) => i + 1));
  });

  it("reuses declarations across cells", () => {
    expect(cell("declare").outputs).toEqual([]);
    expect(plain(result("reuse"))).toBe("'hello 42'");
    expect(result("reuse")?.execution_count).toBe(cell("reuse").execution_count);
  });

  it("awaits at top level", () => {
    expect(plain(result("await"))).toBe("42");
  });

  it("imports a Node built-in and the d2l-ts library (the same instance as the preloaded globals)", () => {
    expect(plain(result("import-node"))).toBe("'data/mnist.csv'");
    expect(plain(result("import-library"))).toBe("true");
  });

  it("shows display() as display_data and keeps console output in order", () => {
    const outs = cell("display").outputs;
    expect(outs.map((o) => o.output_type)).toEqual(["display_data", "stream"]);
    expect(join1(outs[0].data?.["text/html"])).toBe('<b class="sample">hello from display</b>');
    expect(join1(outs[0].data?.["text/plain"])).toBe("hello from display");
    expect(outs[1].name).toBe("stdout");
    expect(join1(outs[1].text)).toBe("printed after display\n");
  });

  it("suppresses the result after a trailing semicolon, and later cells see everything", () => {
    expect(cell("suppressed").outputs).toEqual([]);
    expect(plain(result("last"))).toBe("[ 'HELLO', 42, 10 ]");
  });

  it("shuts the kernel down when done", async () => {
    expect(await reapStrays(jenv.root)).toEqual([]);
  });
});
