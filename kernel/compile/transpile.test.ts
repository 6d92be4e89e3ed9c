import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { transpileCell } from "./transpile.js";

const imported: string[] = [];
beforeAll(() => {
  (globalThis as Record<string, unknown>).__d2l = {
    import: (spec: string) => {
      imported.push(spec);
      return import(spec);
    },
  };
});

let cellNo = 0;
async function run(source: string): Promise<{ value: unknown; show: boolean }> {
  const filename = `cell-${++cellNo}.ts`;
  const r = transpileCell(source, filename);
  if (!r.ok) throw new Error(`syntax error: ${r.errors.map((e) => e.messageText).join("; ")}`);
  return (await vm.runInThisContext(r.js, { filename })) as { value: unknown; show: boolean };
}

describe("compiled cells run as REPL scripts", () => {
  it("shows the last expression and persists declarations across cells", async () => {
    expect(await run("const t1a = 40;\nlet t1b: number = 2")).toEqual({ value: undefined, show: false });
    expect(await run("t1a + t1b")).toEqual({ value: 42, show: true });
    expect((globalThis as Record<string, unknown>).t1a).toBe(40);
  });

  it("lets a re-run redeclare const and class", async () => {
    await run("const t2 = 1\nclass T2A { v = 1 }");
    await run("const t2 = 2\nclass T2A { v = 2 }");
    expect(await run("t2 + new T2A().v")).toEqual({ value: 4, show: true });
  });

  it("suppresses the result after a trailing semicolon", async () => {
    expect(await run("1 + 1;")).toEqual({ value: undefined, show: false });
    expect(await run("1 + 1 // comment")).toEqual({ value: 2, show: true });
  });

  it("awaits at top level and awaits a promise result", async () => {
    expect(await run("const t3 = await Promise.resolve(5)\nt3 * 2")).toEqual({ value: 10, show: true });
    expect(await run("Promise.resolve('later')")).toEqual({ value: "later", show: true });
    expect(await run("for await (const v of (async function* () { yield 1 })()) {}\nt3")).toEqual({ value: 5, show: true });
  });

  it("hoists functions so they run before their declaration and stay global", async () => {
    // the last statement is a declaration, so nothing is shown (IPython's rule)
    expect(await run("const t4v = t4f(3)\nfunction t4f(n: number): number { return n * 7 }")).toEqual({ value: undefined, show: false });
    expect(await run("[t4v, t4f(1)]")).toEqual({ value: [21, 7], show: true });
  });

  it("turns destructuring declarations into global assignments", async () => {
    await run("const { t5a, t5b: [t5c, , ...t5r] = [] }: any = { t5a: 1, t5b: [2, 0, 3, 4] }\nfoo()\nfunction foo() {}");
    expect(await run("[t5a, t5c, t5r]")).toEqual({ value: [1, 2, [3, 4]], show: true });
  });

  it("erases TypeScript-only syntax and runs classes with generics, modifiers and overloads", async () => {
    const src = [
      "interface Box<T> { get(): T }",
      "type N = number;",
      "abstract class T6Base { abstract name(): string; protected readonly k?: number }",
      "class T6<T> extends T6Base implements Box<T> {",
      "  private v!: T;",
      "  declare extra: string;",
      "  constructor(v: T) { super(); this.v = v }",
      "  name(): string { return 'six' }",
      "  get(): T { return this.v as T }",
      "}",
      "function t6over(a: string): string;",
      "function t6over(a: any): any { return a! }",
      "declare const ambient: number;",
      "new T6<N>(6).get() satisfies number",
    ].join("\n");
    expect(await run(src)).toEqual({ value: 6, show: true });
    expect(await run("t6over(<any>'x') + new T6<string>('y').name()")).toEqual({ value: "xsix", show: true });
  });

  it("falls back to TypeScript's emit for enums and namespaces, and they persist", async () => {
    expect(await run("enum T7 { Red, Green }\nnamespace T7ns { export const k = 3 }\nT7.Green")).toEqual({ value: 1, show: true });
    expect(await run("[T7[0], T7ns.k]")).toEqual({ value: ["Red", 3], show: true });
    expect(await run("enum T7b { A }\nT7b.A;")).toEqual({ value: undefined, show: false });
  });

  it("turns imports into __d2l.import and erases type-only imports", async () => {
    imported.length = 0;
    await run(
      [
        'import * as t8path from "node:path";',
        'import t8fs, { readFileSync as t8read, type Stats } from "node:fs"',
        'import type { ParsedPath } from "node:path";',
        'import "node:os";',
        'export const t8x = 1',
      ].join("\n"),
    );
    expect(imported).toEqual(["node:path", "node:fs", "node:os"]);
    expect(await run('[t8path.join("a", "b"), typeof t8read, t8fs.readFileSync === t8read, t8x]')).toEqual({ value: ["a/b", "function", true, 1], show: true });
    expect(await run('const t8os = await import("node:os"); typeof t8os.cpus')).toEqual({ value: "function", show: true });
    expect(await run('import t8p = require("node:path");\nexport { t8x };\nt8p.basename("/a/b")')).toEqual({ value: "b", show: true });
  });

  it("shows an object literal cell as an object and lets undeclared assignment make a global", async () => {
    expect(await run("{ t10a: 1, t10b: [2] }")).toEqual({ value: { t10a: 1, t10b: [2] }, show: true });
    expect(await run("{ t10a: 1 };")).toEqual({ value: undefined, show: false });
    expect(await run("{ const t10c = 1 }")).toEqual({ value: undefined, show: false });
    await run("t10d = 5");
    expect(await run("t10d")).toEqual({ value: 5, show: true });
  });

  it("keeps statements apart where a declaration or import was moved or replaced", async () => {
    const src = "let t11 = [0]\nt11.push(1)\nfunction t11f() {}\n(t11f)\nt11.push(2)\nimport * as t11p from 'node:path'\n;[t11, typeof t11p]";
    expect(await run(src)).toEqual({ value: [[0, 1, 2], "object"], show: true });
  });

  it("reports syntax errors instead of compiling", () => {
    const r = transpileCell("const a = ;\n", "cell-x.ts");
    expect(r.ok).toBe(false);
  });

  it("maps generated positions back to the cell's own line and column", async () => {
    const src = "const q: number = 1\nfunction t9() {\n  throw new Error('boom')\n}\nt9()";
    const r = transpileCell(src, "cell-t9.ts");
    if (!r.ok) throw new Error("unexpected syntax error");
    const err = await (vm.runInThisContext(r.js, { filename: "cell-t9.ts" }) as Promise<unknown>).catch((e: Error) => e);
    const m = /cell-t9\.ts:(\d+):(\d+)/.exec((err as Error).stack!)!;
    expect(r.map(Number(m[1]), Number(m[2]))).toEqual({ line: 2, column: 8 });
  });
});
