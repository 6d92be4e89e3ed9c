import { describe, expect, it } from "vitest";
import { breakableLine } from "./line-table.js";
import { CellCompiler } from "./cell-compiler.js";

const compiler = new CellCompiler({ cwd: process.cwd(), typecheck: "off" });
const table = (code: string) => {
  const t = compiler.lineTable(code);
  if (!t) throw new Error("cell did not compile");
  return t;
};
const js = (code: string) => {
  const r = compiler.transpile(code, 1);
  if (!r.ok) throw new Error("cell did not compile");
  return r.js.split("\n");
};

describe("cell <-> script line table", () => {
  it("maps a top-level declaration to the script line that assigns it, not the hoisted `var`", () => {
    const code = "const x = 3;\nconst y = x + 1;\ny";
    const t = table(code);
    const lines = js(code);
    expect(lines[t.cellToScript[1]!]).toContain("y = x + 1");
    expect(lines[t.cellToScript[2]!]).toContain("value: await (y)");
    expect(t.scriptToCell[t.cellToScript[1]!]).toBe(1);
  });

  it("follows a function declaration the rewrite moved to the top of the script", () => {
    const code = "const a = 1;\n\nfunction twice(n: number) {\n  const m = n * 2;\n  return m;\n}\ntwice(a)";
    const t = table(code);
    const lines = js(code);
    expect(lines[t.cellToScript[3]!]).toContain("const m = n * 2");
    expect(lines[t.cellToScript[4]!]).toContain("return m");
  });

  it("maps the slow path (an enum goes through TypeScript's emit)", () => {
    const code = "enum Color { Red }\nfunction pick(c: Color) {\n  return c === Color.Red;\n}\npick(Color.Red)";
    const t = table(code);
    expect(js(code)[t.cellToScript[2]!]).toContain("return c === Color.Red");
  });

  it("stops only where statements start: blank, comment and closing lines move to the next statement", () => {
    const code = "let s = 0;\n\n// add\ns += 1;\nif (s) {\n  s++;\n}\n";
    const t = table(code);
    expect(t.codeLines).toEqual([0, 3, 4, 5]);
    expect(breakableLine(t, 1)).toBe(3);
    expect(breakableLine(t, 2)).toBe(3);
    expect(breakableLine(t, 6)).toBeNull();
    expect(breakableLine(t, 7)).toBeNull();
  });

  it("does not count type-only lines or function headers as code", () => {
    const code = "interface P { x: number }\ntype Q = P;\nfunction f(p: P): number {\n  return p.x;\n}";
    const t = table(code);
    expect(t.codeLines).toEqual([3]);
    expect(breakableLine(t, 0)).toBe(3);
  });

  it("has no table for a cell that does not compile", () => {
    expect(compiler.lineTable("const = ;")).toBeNull();
  });
});
