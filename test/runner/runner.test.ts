/**
 * Black-box tests of `d2l-ts run`: the built CLI executes fixture notebooks through the real
 * kernel and the TypeScript client, and we check what a user sees: exit status, the message
 * naming notebook, cell and error, and the executed notebooks written to --out.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/kernel/cli.js");
const FIXTURES = join(import.meta.dirname, "fixtures");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, "run", ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`d2l-ts run ${args.join(" ")} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  id: string;
  cell_type: string;
  outputs?: Output[];
  execution_count?: number | null;
}
const readNb = (file: string): { cells: Cell[] } => JSON.parse(readFileSync(file, "utf8"));
const cell = (nb: { cells: Cell[] }, id: string): Cell => {
  const c = nb.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id}`);
  return c;
};
const text = (v: string | string[] | unknown): string => (Array.isArray(v) ? v.join("") : String(v));

const tmp = mkdtempSync(join(tmpdir(), "d2l-runner-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("d2l-ts run: arguments", () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  });

  it("rejects an unknown option with the usage and exit status 2", async () => {
    const r = await runCli(["--fast"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--fast'/);
    expect(r.stderr).toMatch(/usage: d2l-ts run/);
  });

  it("names a path that does not exist", async () => {
    const r = await runCli([join(FIXTURES, "missing.ipynb"), "--out", join(tmp, "none")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.ipynb: no such file or directory/);
  });
});

describe("d2l-ts run: executing notebooks", () => {
  const out = join(tmp, "out");
  let run: Run;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    // With HTML: rendering is checked on this same run below, so the kernel starts only twice.
    run = await runCli([join(FIXTURES, "failing.ipynb"), join(FIXTURES, "ok"), "--out", out], 230_000);
  }, 240_000);

  it("exits non-zero naming the notebook, the cell and the error", () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failing\.ipynb: cell 5 \(id unexpected\) failed: TypeError: Cannot read properties of undefined \(reading 'missing'\)/);
  });

  it("lets a cell tagged raises-exception fail and goes on with the next cells", () => {
    expect(run.stderr).toMatch(/cell +3 .*raised .*RangeError \(expected: tagged raises-exception\)/);
    const nb = readNb(join(out, "failing.ipynb"));
    expect(cell(nb, "expected").outputs).toEqual([
      expect.objectContaining({ output_type: "error", ename: "RangeError", evalue: "this error is part of the lesson" }),
    ]);
    const printed = cell(nb, "after-expected").outputs!.filter((o) => o.output_type === "stream").map((o) => text(o.text)).join("");
    expect(printed).toBe("still running after the expected error\n");
  });

  it("writes the executed notebook with outputs and counts, and stops at the unexpected error", () => {
    const nb = readNb(join(out, "failing.ipynb"));
    const first = cell(nb, "first");
    expect(first.execution_count).toBe(1);
    expect(text(first.outputs![0]!.data!["text/plain"])).toBe("42");
    expect(cell(nb, "unexpected").outputs![0]).toMatchObject({ output_type: "error", ename: "TypeError" });
    expect(cell(nb, "never").outputs).toEqual([]);
    expect(cell(nb, "never").execution_count).toBeNull();
  });

  it("runs each notebook in its own directory and still runs the notebooks after a failing one", () => {
    expect(run.stderr).toMatch(/\[2\/2\] .*ok[\\/]cwd\.ipynb/);
    const nb = readNb(join(out, "cwd.ipynb"));
    expect(text(cell(nb, "cwd").outputs![0]!.data!["text/plain"])).toBe(`'${join(FIXTURES, "ok")}'`);
    expect(cell(nb, "blank").execution_count).toBeNull();
    expect(text(cell(nb, "print").outputs![0]!.text)).toBe("hello from the runner\n");
  });

  const noJupyter = missingTools("nbconvert").length > 0;

  it.skipIf(noJupyter)("renders every executed notebook to HTML next to it, the failed one included", () => {
    expect(run.stderr).toMatch(/rendered .*cwd\.html/);
    expect(readFileSync(join(out, "cwd.html"), "utf8")).toContain("hello from the runner");
    const failed = readFileSync(join(out, "failing.html"), "utf8");
    expect(failed).toContain("still running after the expected error");
    expect(failed).toContain("TypeError");
  });
});

describe("d2l-ts run: timeouts", () => {
  it("interrupts a cell that outlives --timeout and names it", async () => {
    const r = await runCli([join(FIXTURES, "slow"), "--out", join(tmp, "slow"), "--timeout", "1", "--no-html"], 60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sleep\.ipynb: cell 1 \(id sleep\) failed: CellTimeoutError: the cell ran longer than 1 s/);
    expect(readNb(join(tmp, "slow/sleep.ipynb")).cells[1]!.outputs).toEqual([]);
  }, 60_000);
});
