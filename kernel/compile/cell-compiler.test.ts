import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { CellCompiler } from "./cell-compiler.js";
import { typecheckModeFor } from "./directive.js";

const FAKE_LIBRARY = `
export declare namespace nn {
  /** A container that runs its layers in order. */
  class Sequential {
    /**
     * Initializes the parameters of every layer (deferred until the first forward pass).
     * @param opts forceReinit re-draws already initialized parameters
     */
    initialize(opts?: { forceReinit?: boolean }): void;
    add(...layers: Dense[]): this;
  }
  class Dense {
    constructor(units: number);
  }
}
export declare const np: { ones(shape: number[]): number[] };
export declare namespace made {
  function declared(x: number): number;
  const byMaker: (x: number) => number;
  const count: number;
}
export interface Shape { dims: number[] }
`;

let dir: string;
let libraryDts: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "d2l-compile-"));
  libraryDts = path.join(dir, "fake-d2l.d.ts");
  writeFileSync(libraryDts, FAKE_LIBRARY);
  (globalThis as Record<string, unknown>).__d2l = { import: (s: string) => import(s) };
});

function compiler(typecheck: "off" | "warn" | "error" = "warn"): CellCompiler {
  return new CellCompiler({ cwd: dir, typecheck, libraryDts });
}

describe("type checking", () => {
  it("reports type errors as warnings by default, with the cell's line and column", () => {
    const c = compiler();
    const r = c.compile("const a = 1;\nconst x: number = 'a'", 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([expect.objectContaining({ line: 2, column: 7, code: 2322, category: "warning" })]);
  });

  it("blocks the cell in error mode and the directive switches modes from that cell on", () => {
    const c = compiler("error");
    const r = c.compile("let s: string = 5", 1);
    expect(r).toMatchObject({ ok: false, ename: "TypeError", diagnostics: [{ line: 1, column: 5, code: 2322, category: "error" }] });
    expect(c.compile("//% typecheck: off\nlet s: string = 5", 2).ok).toBe(true);
    expect(c.compile("let s: string = 5", 3)).toMatchObject({ ok: true, warnings: [] });
    expect(c.compile("//% typecheck: warn\nlet s: string = 5", 4)).toMatchObject({ ok: true, warnings: [{ line: 2 }] });
  });

  it("sees earlier cells' declarations, the latest declaration of a name winning", () => {
    const c = compiler("error");
    c.commit("const x = 1\ninterface Pt { x: number }\nfunction twice(n: number) { return 2 * n }", 1);
    expect(c.compile("const p: Pt = { x: twice(x) }", 2).ok).toBe(true);
    expect(c.compile("x.length", 3)).toMatchObject({ ok: false, diagnostics: [{ code: 2339 }] });
    c.commit("const x = 'now a string'", 4);
    expect(c.compile("x.length", 5).ok).toBe(true);
    c.commit("const x = 'now a string'", 4); // a re-run: the superseded cell file leaves the program
    expect(c.compile("x.length + twice(2)", 5).ok).toBe(true);
    // redeclaring in the current cell is no conflict either, even reading the old value first
    expect(c.compile("const x = [1, 2]\nx.push(3)", 6).ok).toBe(true);
  });

  it("knows the library's exports, the kernel globals and Node's types", () => {
    const c = compiler("error");
    const src = [
      "const net = new nn.Sequential().add(new nn.Dense(3));",
      "net.initialize({ forceReinit: true });",
      "const s: Shape = { dims: np.ones([2]) };",
      "const h = display(s); h.update(1);",
      "const name = await input('name?', { password: true });",
      'import { readFileSync } from "node:fs";',
      "readFileSync(process.argv[0]!).length;",
    ].join("\n");
    const r = c.compile(src, 1);
    expect(r.ok ? [] : r.diagnostics).toEqual([]);
    expect(c.compile("net.forward(1)", 2)).toMatchObject({ ok: false, ename: "TypeError" });
  });

  it("types `import * as tslab from \"tslab\"` with the kernel's own shim, all of it", () => {
    const c = compiler("error");
    expect(c.compile("import * as tslab from 'tslab';\ntslab.display.html('<b>x</b>');\ntslab.newDisplay().text('y');\ntslab.isNode() && tslab.versions.node.length", 1)).toMatchObject({ ok: true });
    const bad = c.compile("import * as tslab from 'tslab';\ntslab.display.nope('x')", 2);
    expect(bad).toMatchObject({ ok: false, ename: "TypeError" });
  });

  it("reports syntax errors in every mode with line and column", () => {
    const r = compiler("off").compile("const a = 1;\nconst b = ;", 1);
    expect(r).toMatchObject({ ok: false, ename: "SyntaxError", diagnostics: [{ line: 2, column: 11, category: "error" }] });
  });

  it("counts columns in code points after astral characters", () => {
    const r = compiler().compile('const s = "😀😀"; const n: number = s', 1);
    expect(r.ok && r.warnings[0]).toMatchObject({ line: 1, column: 23 });
  });

  it("formats diagnostics with the cell line and a caret under the column", () => {
    const c = compiler();
    const lines = c.formatDiagnostics([{ line: 2, column: 7, message: "Bad.", code: 2322, category: "error" }], "ok\nconst x = 1");
    expect(lines).toEqual(["line 2, column 7: error TS2322: Bad.", "  2 | const x = 1", "    |       ^"]);
  });
});

describe("transpile and check apart (the kernel's two compiler threads)", () => {
  it("transpile never type checks; check gives what compile would, and a committed cell is known to check", () => {
    const t = compiler("warn");
    const bad = "let s: string = 5;";
    const transpiled = t.transpile(bad, 1);
    expect(transpiled).toMatchObject({ ok: true, filename: "cell-1.ts", warnings: [] });
    expect(t.transpile("let = ;", 2)).toMatchObject({ ok: false, ename: "SyntaxError" });
    t.warmUpTranspiler();
    // the transpile thread stays lean: no language service (and no program) is ever built there
    expect((t as unknown as { service?: unknown }).service).toBeUndefined();

    const c = compiler("warn");
    const warned = c.check(bad, "warn");
    expect(warned.ok && warned.warnings.map((w) => w.code)).toEqual([2322]);
    expect(c.compile(bad, 3)).toMatchObject({ ok: true, warnings: warned.ok ? warned.warnings : [] });
    expect(c.check(bad, "error")).toMatchObject({ ok: false, ename: "TypeError" });
    // a cell that ran unchecked still teaches the checker its declarations
    c.commit("const early = 41;", 4);
    const later = c.check("let n: string = early;", "warn");
    expect(later.ok && later.warnings.map((w) => w.message).join()).toMatch(/Type 'number' is not assignable to type 'string'/);
  });

  it("decides the mode with the same rule the kernel uses", () => {
    expect(typecheckModeFor("1 + 1", "warn")).toBe("warn");
    expect(typecheckModeFor("//% typecheck: error\n1", "warn")).toBe("error");
    expect(typecheckModeFor("//% typecheck: off\n//% typecheck: warn\n1", "error")).toBe("warn");
    const c = compiler("warn");
    c.compile("//% typecheck: off\n1", 1);
    expect(c.typecheck).toBe(typecheckModeFor("//% typecheck: off\n1", "warn"));
  });
});

describe("runtime errors", () => {
  it("maps stack frames to the cell's lines and drops the kernel's frames", async () => {
    const c = compiler("off");
    const r = c.compile("const v: number = 1\nfunction boom(): never {\n  throw new Error('boom')\n}\nboom()", 7);
    if (!r.ok) throw new Error("compile failed");
    const err = (await (vm.runInThisContext(r.js, { filename: r.filename }) as Promise<unknown>).catch((e: Error) => e)) as Error;
    const mapped = c.mapStack(err.stack!);
    expect(mapped.split("\n")[0]).toBe("Error: boom");
    expect(mapped).toContain("at boom (cell-7.ts:3:9)");
    expect(mapped).toMatch(/cell-7\.ts:5:1\b/);
    expect(mapped.match(/cell-7\.ts/g)).toHaveLength(2); // the wrapper's own frame is dropped
    expect(mapped).not.toContain("node:");
  });

  it("maps frames of cells compiled through TypeScript's emit (enums)", async () => {
    const c = compiler("off");
    const r = c.compile("enum E { A }\nconst f = () => {\n  null!.x\n}\nf()", 8);
    if (!r.ok) throw new Error("compile failed");
    const err = (await (vm.runInThisContext(r.js, { filename: r.filename }) as Promise<unknown>).catch((e: Error) => e)) as Error;
    expect(c.mapStack(err.stack!)).toMatch(/at f \(cell-8\.ts:3:\d+\)/);
  });

  it("lists the names a cell hoists", () => {
    const r = compiler("off").compile("const a = 1\nfunction f() {}\nclass C {}\nimport * as p from 'node:path'\ninterface I {}", 9);
    expect(r.ok && [...r.hoisted].sort()).toEqual(["C", "a", "f", "p"]);
  });

  it("compiles user expressions whose value is always shown", async () => {
    const r = compiler().compileExpression("6 * 7;", "answer");
    if (!r.ok) throw new Error("compile failed");
    expect(r.filename).toBe("expr-answer.ts");
    expect(await vm.runInThisContext(r.js, { filename: r.filename })).toEqual({ value: 42, show: true });
  });
});

describe("editor requests", () => {
  it("completes members of an earlier cell's variable typed by the library", () => {
    const c = compiler();
    c.commit("const net = new nn.Sequential()", 1);
    const r = c.complete("net.", 4);
    expect(r.matches).toEqual(expect.arrayContaining(["initialize", "add"]));
    expect(r).toMatchObject({ cursor_start: 4, cursor_end: 4 });
    const partial = c.complete("net.ini", 7);
    expect(partial).toMatchObject({ matches: ["initialize"], cursor_start: 4, cursor_end: 7 });
    expect(c.complete("Seq", 3).matches).toEqual([]);
    expect(c.complete("dis", 3).matches).toContain("display");
    const spec = 'import * as p from "node:pa';
    expect(c.complete(spec, spec.length)).toMatchObject({ matches: expect.arrayContaining(["node:path"]), cursor_start: spec.indexOf("node:") });
  });

  it("offers a constant holding a function as a function, other constants as instances", () => {
    const c = compiler();
    const r = c.complete("made.", 5);
    const types = Object.fromEntries((r.metadata._jupyter_types_experimental as { text: string; type: string }[]).map((e) => [e.text, e.type]));
    expect(types).toEqual({ declared: "function", byMaker: "function", count: "instance" });
  });

  it("counts completion cursors in code points", () => {
    const c = compiler();
    c.commit("const net = new nn.Sequential()", 1);
    const code = "// 😀😀\nnet.ini";
    const r = c.complete(code, [...code].length);
    expect(r).toMatchObject({ matches: ["initialize"], cursor_start: [...code].length - 3, cursor_end: [...code].length });
  });

  it("inspects a method: signature and doc comment", () => {
    const c = compiler();
    c.commit("const net = new nn.Sequential()", 1);
    const r = c.inspect("net.initialize", 14, 0);
    expect(r.found).toBe(true);
    expect(r.data["text/plain"]).toContain("initialize(opts?: {");
    expect(r.data["text/plain"]).toContain("Initializes the parameters of every layer");
    expect(r.data["text/markdown"]).toContain("```typescript");
    expect(c.inspect("net.initialize(", 15, 0).data["text/plain"]).toContain("initialize(opts?");
    expect(c.inspect("   ", 1, 0).found).toBe(false);
  });

  it("tells complete, incomplete (with indent) and invalid code apart", () => {
    const c = compiler();
    expect(c.isComplete("const x = 1")).toEqual({ status: "complete" });
    expect(c.isComplete("if (x) {")).toEqual({ status: "incomplete", indent: "    " });
    expect(c.isComplete("function f() {\n  if (x) {")).toEqual({ status: "incomplete", indent: "        " });
    expect(c.isComplete("const s = `abc")).toMatchObject({ status: "incomplete" });
    expect(c.isComplete("foo(1,")).toMatchObject({ status: "incomplete" });
    expect(c.isComplete("/* open comment")).toMatchObject({ status: "incomplete" });
    expect(c.isComplete("foo(]")).toEqual({ status: "invalid" });
    expect(c.isComplete(")))")).toEqual({ status: "invalid" });
  });
});

describe("cost per cell", () => {
  it("compiles a trivial cell in well under a millisecond without type checking", () => {
    const c = compiler("off");
    for (let i = 0; i < 200; i++) c.compile("1 + 1", i);
    // CPU time, not wall time: the test machine is shared and often overloaded
    const t = process.cpuUsage();
    const n = 500;
    for (let i = 0; i < n; i++) c.compile("1 + 1", i);
    const used = process.cpuUsage(t);
    const perCell = (used.user + used.system) / 1000 / n;
    console.log(`trivial cell, typecheck off: ${perCell.toFixed(3)} ms`);
    // Bound kept (CPU time, so load barely moves it): measured 0.001 ms, the bound is 1000x that.
    // It catches a compile that starts type checking or re-parsing the library per cell.
    expect(perCell).toBeLessThan(1);
  });

  it("type checks a trivial cell in a few milliseconds after warm-up", () => {
    const c = compiler("warn");
    c.warmUp();
    for (let i = 0; i < 20; i++) c.compile(`${i} + 1`, i);
    const t = process.cpuUsage();
    const n = 50;
    for (let i = 0; i < n; i++) c.compile(`${i} + 2`, i);
    const used = process.cpuUsage(t);
    const perCell = (used.user + used.system) / 1000 / n;
    console.log(`trivial cell, typecheck warn: ${perCell.toFixed(2)} ms (distinct sources)`);
    // a whole program rebuild per check: measured 4.5 ms (CPU time) with the small fake library;
    // the bound is 13x that and catches a checker that rebuilds from scratch (hundreds of ms).
    expect(perCell).toBeLessThan(60);
    const r = process.cpuUsage();
    for (let i = 0; i < n; i++) c.compile("1 + 2", i);
    const rerun = process.cpuUsage(r);
    const perRerun = (rerun.user + rerun.system) / 1000 / n;
    console.log(`re-run cell, typecheck warn: ${perRerun.toFixed(3)} ms`);
    // measured 0.009 ms (a cache hit); 1 ms is 100x that and fails if re-runs are checked again
    expect(perRerun).toBeLessThan(1);
  });
});
