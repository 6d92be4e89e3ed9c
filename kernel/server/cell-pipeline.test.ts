import { describe, expect, it } from "vitest";
import type { CompiledCell } from "../bridge.js";
import { createCellPipeline } from "./cell-pipeline.js";
import type { CellCheck, CellRequest, CellTranspile } from "./compiler.js";

/** A fake compiler that records calls; the checker's warm-up ends only when the test says so. */
function fakes(opts: { checkerFails?: boolean } = {}) {
  const calls: string[] = [];
  const posted: CompiledCell[] = [];
  const logs: string[] = [];
  let warm = false;
  let finishWarmUp!: () => void;
  const warming = new Promise<void>((r) => (finishWarmUp = r)).then(() => {
    warm = true;
  });
  const pipeline = createCellPipeline({
    compiler: {
      transpileCell(code, n): CellTranspile {
        calls.push("transpile");
        return code.includes("((") ? { ok: false, ename: "SyntaxError", evalue: "(1,1) ')' expected", traceback: ["SyntaxError: ')' expected"] } : { ok: true, js: `/*js*/${code}`, filename: `cell-${n}.ts` };
      },
      checkCell(code, mode): CellCheck {
        calls.push(`check:${mode}`);
        if (opts.checkerFails) throw new Error("the language service crashed");
        if (!code.includes("string = 5")) return { ok: true, warnings: null };
        return mode === "warn" ? { ok: true, warnings: "warning TS2322" } : { ok: false, ename: "TypeError", evalue: "TS2322", traceback: ["TS2322"] };
      },
      commitCell(_code, n) {
        calls.push(`commit:${n}`);
      },
      compileExpression(expr) {
        return expr.includes("((") ? { ok: false, ename: "SyntaxError", evalue: "bad", traceback: ["SyntaxError: bad"] } : { ok: true, js: `/*expr*/${expr}` };
      },
    },
    checker: {
      isWarm: () => warm,
      warmUp() {
        calls.push("warmUp");
        return warming;
      },
    },
    post: (m) => posted.push(m),
    log: (level, msg) => logs.push(`${level}: ${msg}`),
  });
  let n = 0;
  const run = async (code: string, extra: Partial<CellRequest> = {}) => {
    n += 1;
    await pipeline.run({ parent: `p${n}`, code, executionCount: n, silent: false, allowStdin: false, userExpressions: {}, ...extra });
    return posted.at(-1)!;
  };
  return { run, calls, logs, posted, finishWarmUp, warming };
}

describe("createCellPipeline", () => {
  it("runs warn-mode cells unchecked while the checker warms up, and checks them once it is warm", async () => {
    const f = fakes();
    expect(await f.run("let s: string = 5")).toMatchObject({ kind: "execute", parent: "p1", js: "/*js*/let s: string = 5", warnings: null });
    expect(f.calls).not.toContain("check:warn");
    expect(f.calls).toContain("warmUp"); // the first cell starts the warm-up
    expect(f.logs.some((l) => l.startsWith("debug:") && l.includes("without waiting"))).toBe(true);

    f.finishWarmUp();
    await f.warming;
    expect(await f.run("let t: string = 5")).toMatchObject({ kind: "execute", warnings: "warning TS2322" });
  });

  it("commits every cell it hands to the executor, checked or not, in a later turn", async () => {
    const f = fakes();
    await f.run("const early = 42");
    expect(f.posted).toHaveLength(1);
    expect(f.calls).not.toContain("commit:1"); // the io worker publishes busy first
    await new Promise((r) => setImmediate(r));
    expect(f.calls.at(-1)).toBe("commit:1");
  });

  it("commits the previous cell before compiling the next one, even within the same turn", async () => {
    const f = fakes();
    await f.run("const a = 1");
    await f.run("const b = a");
    expect(f.calls.indexOf("commit:1")).toBeLessThan(f.calls.lastIndexOf("transpile"));
    expect(f.calls.indexOf("commit:1")).toBeGreaterThan(f.calls.indexOf("transpile"));
  });

  it("in error mode waits for the warm-up, blocks on type errors, and keeps the mode for later cells", async () => {
    const f = fakes();
    const first = f.run("//% typecheck: error\nlet s: string = 5");
    await new Promise((r) => setImmediate(r));
    expect(f.posted).toHaveLength(0); // still waiting for the checker
    f.finishWarmUp();
    expect(await first).toMatchObject({ kind: "compile_failed", parent: "p1", error: { ename: "TypeError" } });
    expect(f.calls).not.toContain("commit:1"); // a cell that did not run teaches the checker nothing
    expect(await f.run("let u: string = 5")).toMatchObject({ kind: "compile_failed", error: { ename: "TypeError" } });
  });

  it("typecheck: off skips the checker but still commits", async () => {
    const f = fakes();
    f.finishWarmUp();
    await f.warming;
    expect(await f.run("//% typecheck: off\nlet s: string = 5")).toMatchObject({ kind: "execute", warnings: null });
    expect(f.calls.filter((c) => c.startsWith("check:"))).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(f.calls).toContain("commit:1");
  });

  it("reports a syntax error before any type error, and does not commit the cell", async () => {
    const f = fakes();
    f.finishWarmUp();
    expect(await f.run("//% typecheck: error\nlet s: string = 5; ((")).toMatchObject({ kind: "compile_failed", error: { ename: "SyntaxError" } });
    expect(f.calls.some((c) => c.startsWith("commit"))).toBe(false);
  });

  it("a broken checker blocks error-mode cells with a clear error and lets warn-mode cells run", async () => {
    const f = fakes({ checkerFails: true });
    f.finishWarmUp();
    await f.warming;
    expect(await f.run("1 + 1")).toMatchObject({ kind: "execute", warnings: null });
    const r = await f.run("//% typecheck: error\n1 + 1");
    expect(r).toMatchObject({ kind: "compile_failed", error: { ename: "TypeCheckUnavailable" } });
    if (r.kind === "compile_failed") expect(r.error.traceback.join("\n")).toMatch(/restart the kernel/);
  });

  it("compiles user_expressions with the cell and passes their compile errors on", async () => {
    const f = fakes();
    const r = await f.run("1", { userExpressions: { ok: "a + 1", bad: "((" } });
    expect(r).toMatchObject({ kind: "execute", userExpressions: { ok: "/*expr*/a + 1" }, exprErrors: { bad: { ename: "SyntaxError" } } });
  });

  it("keeps cells in arrival order while one waits for the warm-up", async () => {
    const f = fakes();
    const a = f.run("//% typecheck: error\nconst a = 1");
    const b = f.run("//% typecheck: off\nconst b = 2");
    f.finishWarmUp();
    await Promise.all([a, b]);
    expect(f.posted.map((m) => m.parent)).toEqual(["p1", "p2"]);
  });
});
