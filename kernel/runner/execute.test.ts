import { describe, expect, it } from "vitest";
import { executeNotebook, type CellEvent, type CellOutcome, type KernelSession } from "./execute.js";
import type { Cell, CodeCell, Notebook } from "./notebook.js";

/** A stand-in kernel: "fail:Name:msg" errors, "hang" waits for an interrupt, anything else prints itself. */
function fakeSession() {
  let count = 0;
  let wake: (() => void) | null = null;
  const seen: string[] = [];
  const session: KernelSession & { seen: string[]; interrupts: number } = {
    seen,
    interrupts: 0,
    async execute(code): Promise<CellOutcome> {
      seen.push(code);
      count += 1;
      if (code === "hang") {
        await new Promise<void>((r) => (wake = r));
        return { status: "error", executionCount: count, outputs: [], ename: "InterruptedError", evalue: "interrupted" };
      }
      const m = /^fail:(\w+):(.*)$/.exec(code);
      if (m) {
        const [, ename, evalue] = m as unknown as [string, string, string];
        return { status: "error", executionCount: count, outputs: [{ output_type: "error", ename, evalue, traceback: [] }], ename, evalue };
      }
      return { status: "ok", executionCount: count, outputs: [{ output_type: "stream", name: "stdout", text: code }] };
    },
    async interrupt() {
      session.interrupts += 1;
      wake?.();
    },
    async stop() {},
  };
  return session;
}

const code = (source: string, tags: string[] = []): Cell => ({
  cell_type: "code",
  source,
  metadata: tags.length ? { tags } : {},
  outputs: [{ output_type: "stream", name: "stdout", text: "stale" }],
  execution_count: 99,
});
const md = (source: string): Cell => ({ cell_type: "markdown", source, metadata: {} });
const nb = (...cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

describe("executeNotebook", () => {
  it("runs code cells in order, skips blank ones, and records outputs and counts without touching the source", async () => {
    const s = fakeSession();
    const source = nb(md("# title"), code("a"), code("  \n"), code("b"));
    const events: CellEvent[] = [];
    const r = await executeNotebook(source, s, { timeoutMs: 1000, onCell: (e) => events.push(e) });
    expect(r.failure).toBeNull();
    expect(s.seen).toEqual(["a", "b"]);
    const cells = r.notebook.cells as CodeCell[];
    expect(cells[1]!.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "a" }]);
    expect(cells[1]!.execution_count).toBe(1);
    expect(cells[2]!.outputs).toEqual([]);
    expect(cells[2]!.execution_count).toBeNull();
    expect(cells[3]!.execution_count).toBe(2);
    expect((source.cells[1] as CodeCell).outputs[0]).toMatchObject({ text: "stale" });
    expect(events.filter((e) => e.kind === "done").map((e) => [e.cell, e.code, e.codeTotal])).toEqual([[2, 1, 3], [4, 3, 3]]);
  });

  it("continues past an error in a cell tagged raises-exception and keeps the error output", async () => {
    const s = fakeSession();
    const r = await executeNotebook(nb(code("fail:DeferredInitializationError:not yet", ["raises-exception"]), code("after")), s, { timeoutMs: 1000 });
    expect(r.failure).toBeNull();
    expect(s.seen).toEqual(["fail:DeferredInitializationError:not yet", "after"]);
    expect((r.notebook.cells[0] as CodeCell).outputs[0]).toMatchObject({ output_type: "error", ename: "DeferredInitializationError" });
  });

  it("stops at an unexpected error and names the cell by its position among all cells", async () => {
    const s = fakeSession();
    const r = await executeNotebook(nb(md("x"), code("a"), { ...code("fail:TypeError:x is not a function"), id: "boom" }, code("never")), s, { timeoutMs: 1000 });
    expect(r.failure).toEqual({ cell: 3, cellId: "boom", ename: "TypeError", evalue: "x is not a function" });
    expect(s.seen).not.toContain("never");
    expect((r.notebook.cells[3] as CodeCell).outputs).toEqual([]);
  });

  it("interrupts a cell that outlives the timeout and reports it as a failure", async () => {
    const s = fakeSession();
    const r = await executeNotebook(nb(code("hang"), code("never")), s, { timeoutMs: 50 });
    expect(s.interrupts).toBe(1);
    expect(r.failure).toMatchObject({ cell: 1, ename: "CellTimeoutError" });
    expect(r.failure!.evalue).toMatch(/longer than 0\.05 s.*--timeout/);
    expect(s.seen).toEqual(["hang"]);
  });

  it("reports a kernel that stops answering as a failure of the cell that was running", async () => {
    const s = fakeSession();
    s.execute = () => Promise.reject(new Error("kernel exited with code 1"));
    const r = await executeNotebook(nb(code("a")), s, { timeoutMs: 1000 });
    expect(r.failure).toMatchObject({ cell: 1, ename: "KernelError" });
    expect(r.failure!.evalue).toMatch(/exited with code 1/);
  });
});
