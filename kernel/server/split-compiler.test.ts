import { describe, expect, it } from "vitest";
import type { CellCheck, CellTranspile } from "./compiler.js";
import { createSplitCompiler, type ThreadCalls } from "./split-compiler.js";

/** Fake threads that record calls; the checker's warm-up resolves only when the test says so. */
function fakes(opts: { checkerFails?: boolean } = {}) {
  const calls: string[] = [];
  let finishWarmUp!: () => void;
  const warm = new Promise<void>((r) => (finishWarmUp = r));
  const transpiler: ThreadCalls<"transpile"> = {
    async call<T>(method: string, ...args: unknown[]): Promise<T> {
      calls.push(`transpile.${method}`);
      if (method === "transpileCell") {
        const code = args[0] as string;
        const r: CellTranspile = code.includes("((") ? { ok: false, ename: "SyntaxError", evalue: "(1,1) ')' expected", traceback: [] } : { ok: true, js: `/*js*/${code}`, filename: `cell-${args[1]}.ts` };
        return r as T;
      }
      return undefined as T;
    },
  };
  const checker: ThreadCalls<"checker"> = {
    async call<T>(method: string, ...args: unknown[]): Promise<T> {
      calls.push(`checker.${method}${method === "checkCell" ? `:${args[1]}` : ""}`);
      if (method === "warmUp") await warm;
      if (opts.checkerFails && method === "checkCell") throw new Error("checker thread exited");
      if (method === "checkCell") {
        const code = args[0] as string;
        const bad = code.includes("string = 5");
        const r: CellCheck = !bad ? { ok: true, warnings: null } : args[1] === "warn" ? { ok: true, warnings: "warning TS2322" } : { ok: false, ename: "TypeError", evalue: "TS2322", traceback: ["TS2322"] };
        return r as T;
      }
      return undefined as T;
    },
  };
  const logs: string[] = [];
  const compiler = createSplitCompiler({ transpiler, checker, log: (level, msg) => logs.push(`${level}: ${msg}`) });
  return { compiler, calls, logs, finishWarmUp };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("createSplitCompiler", () => {
  it("runs warn-mode cells without waiting while the checker warms up, and waits once it is warm", async () => {
    const f = fakes();
    const first = await f.compiler.compileCell("let s: string = 5", 1);
    expect(first).toMatchObject({ ok: true, js: "/*js*/let s: string = 5", warnings: null });
    expect(f.calls).not.toContain("checker.checkCell:warn");
    expect(f.calls).toContain("checker.warmUp"); // the first cell starts the warm-up
    expect(f.logs.some((l) => l.startsWith("debug:") && l.includes("without waiting"))).toBe(true);

    f.finishWarmUp();
    await settle();
    const later = await f.compiler.compileCell("let t: string = 5", 2);
    expect(later).toMatchObject({ ok: true, warnings: "warning TS2322" });
  });

  it("commits every executed cell to the checker, checked or not", async () => {
    const f = fakes();
    const r = await f.compiler.compileCell("const early = 42", 1);
    if (!r.ok) throw new Error("expected ok");
    r.commit(true);
    await settle();
    expect(f.calls).toContain("checker.commitCell");
  });

  it("in error mode waits for the check even during warm-up, and blocks on type errors", async () => {
    const f = fakes();
    const r = await f.compiler.compileCell("//% typecheck: error\nlet s: string = 5", 1);
    expect(r).toMatchObject({ ok: false, ename: "TypeError" });
    expect(f.calls).toContain("checker.checkCell:error");
    // the directive holds for later cells
    expect(await f.compiler.compileCell("let u: string = 5", 2)).toMatchObject({ ok: false, ename: "TypeError" });
  });

  it("typecheck: off skips the checker but still commits", async () => {
    const f = fakes();
    f.finishWarmUp();
    await f.compiler.warmUp();
    const r = await f.compiler.compileCell("//% typecheck: off\nlet s: string = 5", 1);
    expect(r).toMatchObject({ ok: true, warnings: null });
    expect(f.calls.filter((c) => c.startsWith("checker.checkCell"))).toEqual([]);
    if (r.ok) r.commit(false);
    await settle();
    expect(f.calls).toContain("checker.commitCell");
  });

  it("reports syntax errors from the transpiler before any type error", async () => {
    const f = fakes();
    expect(await f.compiler.compileCell("//% typecheck: error\nlet s: string = 5; ((", 1)).toMatchObject({ ok: false, ename: "SyntaxError" });
  });

  it("a dead checker blocks error-mode cells with a clear error and lets warn-mode cells run", async () => {
    const f = fakes({ checkerFails: true });
    f.finishWarmUp();
    await f.compiler.warmUp();
    expect(await f.compiler.compileCell("1 + 1", 1)).toMatchObject({ ok: true, warnings: null });
    const r = await f.compiler.compileCell("//% typecheck: error\n1 + 1", 2);
    expect(r).toMatchObject({ ok: false, ename: "TypeCheckUnavailable" });
    if (!r.ok) expect(r.traceback.join("\n")).toMatch(/restart the kernel/);
  });
});
