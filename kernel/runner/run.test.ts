import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CellOutcome, KernelSession } from "./execute.js";
import { runNotebooks, type StartSession } from "./run.js";

const root = mkdtempSync(join(tmpdir(), "d2l-run-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function notebook(file: string, sources: string[]) {
  mkdirSync(join(file, ".."), { recursive: true });
  const cells = sources.map((source, i) => ({ cell_type: "code", id: `c${i + 1}`, source, metadata: {}, outputs: [], execution_count: null }));
  writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
}

/** Echoes each cell's code; "fail" raises. Records each session's cwd and whether it was stopped. */
function fakeKernel() {
  const sessions: { cwd: string; stopped: boolean }[] = [];
  const start: StartSession = async ({ cwd }) => {
    const record = { cwd, stopped: false };
    sessions.push(record);
    let n = 0;
    const session: KernelSession = {
      async execute(code): Promise<CellOutcome> {
        n += 1;
        if (code === "fail") return { status: "error", executionCount: n, outputs: [], ename: "Error", evalue: "failed on purpose" };
        return { status: "ok", executionCount: n, outputs: [{ output_type: "stream", name: "stdout", text: code }] };
      },
      async interrupt() {},
      async stop() {
        record.stopped = true;
      },
    };
    return session;
  };
  return { start, sessions };
}

const quiet = { notebook() {}, cell() {}, notebookDone() {}, note() {} };

describe("runNotebooks", () => {
  const src = join(root, "nbs");
  notebook(join(src, "en/a.ipynb"), ["one"]);
  notebook(join(src, "vi/b.ipynb"), ["two", "fail", "three"]);
  notebook(join(src, "vi/c.ipynb"), ["four"]);

  it("keeps the layout under --out, runs each notebook in its directory, and goes on after a failure", async () => {
    const k = fakeKernel();
    const out = join(root, "out1");
    const report = await runNotebooks({ paths: [src], outDir: out, timeoutS: 5, html: false, startSession: k.start, progress: quiet });
    expect(k.sessions.map((s) => s.cwd)).toEqual([join(src, "en"), join(src, "vi"), join(src, "vi")]);
    expect(k.sessions.every((s) => s.stopped)).toBe(true);
    expect(report.executed).toEqual([join(out, "en/a.ipynb"), join(out, "vi/c.ipynb")]);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.message).toMatch(/vi[\\/]b\.ipynb: cell 2 \(id c2\) failed: Error: failed on purpose$/);
    const partial = JSON.parse(readFileSync(join(out, "vi/b.ipynb"), "utf8"));
    expect(partial.cells.map((c: { execution_count: number | null }) => c.execution_count)).toEqual([1, 2, null]);
  });

  it("reports a kernel that does not start, naming the notebook", async () => {
    const report = await runNotebooks({
      paths: [join(src, "en/a.ipynb")],
      outDir: join(root, "out2"),
      timeoutS: 5,
      html: false,
      startSession: () => Promise.reject(new Error("spawn node ENOENT")),
      progress: quiet,
    });
    expect(report.failures.map((f) => f.message)).toEqual([expect.stringMatching(/a\.ipynb: the kernel did not start: spawn node ENOENT/)]);
  });

  it("says how to install nbconvert when HTML is wanted but Jupyter is missing", async () => {
    const notes: string[] = [];
    const report = await runNotebooks({
      paths: [join(src, "en")],
      outDir: join(root, "out3"),
      timeoutS: 5,
      html: true,
      startSession: fakeKernel().start,
      progress: { ...quiet, note: (t) => notes.push(t) },
      findNbconvert: async () => null,
    });
    expect(report.failures).toEqual([]);
    expect(report.html).toEqual([]);
    expect(report.htmlSkipped).toMatch(/apt-get install jupyter-nbconvert/);
    expect(notes.join("\n")).toMatch(/nbconvert was not found/);
  });
});
