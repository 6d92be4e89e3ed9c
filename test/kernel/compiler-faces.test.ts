/**
 * The io worker runs the compiler on its own thread, or on a thread of its own with
 * D2L_TS_COMPILER_THREAD=1. Both must answer alike: one suite for both, over the built code (the
 * thread loads dist/ JavaScript).
 */
import vm from "node:vm";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledCell } from "../../dist/kernel/bridge.js";
import { startLocalCompiler } from "../../dist/kernel/server/compiler-service.js";
import { startCompilerThread } from "../../dist/kernel/server/compiler-thread.js";
import type { AsyncCompiler } from "../../dist/kernel/server/compiler.js";
import { PACKAGE_ROOT } from "../../dist/kernel/client/index.js";
import { assertBuilt } from "./support.js";

type Face = AsyncCompiler & { begin(): void; close(): Promise<void> };
type Start = (opts: { cwd: string; logLevel: "error"; log: () => void; executorPort: MessagePort }) => Face;

const faces: [string, Start][] = [
  ["on the io worker", startLocalCompiler as Start],
  ["on a thread of its own", startCompilerThread as Start],
];

describe.each(faces)("the compiler %s", (_name, start) => {
  let compiler: Face;
  let executor: MessagePort;
  const received: CompiledCell[] = [];
  const next = () =>
    new Promise<CompiledCell>((resolve) => {
      const n = received.length;
      const check = () => (received.length > n ? resolve(received[n]!) : setTimeout(check, 5));
      check();
    });

  beforeAll(() => {
    assertBuilt();
    const { port1, port2 } = new MessageChannel();
    executor = port2;
    executor.on("message", (m: CompiledCell) => received.push(m));
    compiler = start({ cwd: PACKAGE_ROOT, logLevel: "error", log: () => {}, executorPort: port1 });
    compiler.begin();
  });
  afterAll(async () => {
    await compiler.close();
    executor.close();
  });

  const cell = (code: string, n: number, userExpressions: Record<string, string> = {}) => {
    const arrived = next();
    compiler.runCell({ parent: `p${n}`, code, executionCount: n, silent: false, allowStdin: false, userExpressions });
    return arrived;
  };

  it("hands a compiled cell, its user_expressions and their compile errors to the executor", async () => {
    const m = await cell("const answer: number = 42; answer", 1, { twice: "answer * 2", broken: "((" });
    expect(m).toMatchObject({ kind: "execute", parent: "p1", filename: "cell-1.ts", silent: false });
    if (m.kind !== "execute") throw new Error("expected execute");
    expect(m.js).toContain("42");
    expect(Object.keys(m.userExpressions)).toEqual(["twice"]);
    expect(m.exprErrors?.broken?.ename).toBe("SyntaxError");
  }, 30_000);

  it("sends a syntax error with the cell's line and column instead of running it", async () => {
    const m = await cell("let x = ;", 2);
    expect(m).toMatchObject({ kind: "compile_failed", parent: "p2", error: { ename: "SyntaxError" } });
    if (m.kind === "compile_failed") expect(m.error.evalue).toMatch(/^\(1,9\)/);
  });

  it("completes with earlier cells' declarations and the library's types, once the checker is warm", async () => {
    await cell("const net = new nn.Sequential();", 3);
    const r = await compiler.complete("net.initia", 10);
    expect(r.matches).toContain("initialize");
  }, 60_000);

  it("in error mode blocks a type error, and maps tracebacks to the cell's lines", async () => {
    const m = await cell("//% typecheck: error\nconst s: string = 5;", 4);
    expect(m).toMatchObject({ kind: "compile_failed", error: { ename: "TypeError" } });
    const ok = await cell("//% typecheck: warn\nfunction boom(): never {\n  throw new Error('x');\n}\nboom()", 5);
    if (ok.kind !== "execute") throw new Error("expected execute");
    // Run the script as the executor would, for a stack with the generated script's positions.
    const err = await Promise.resolve(vm.runInThisContext(ok.js, { filename: ok.filename })).then(() => null, (e: Error) => e);
    expect(err?.message).toBe("x");
    const tb = await compiler.traceback("Error", "x", err!.stack!);
    expect(tb.join("\n")).toMatch(/cell-5\.ts:3/);
  }, 30_000);
});
