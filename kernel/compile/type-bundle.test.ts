import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CellCompiler } from "./cell-compiler.js";
import { ALSO_BUNDLED, BUNDLED_LIB, OMITTED_TYPE_REFERENCES, bundleLib, bundleTypes, compactBundleText } from "./type-bundle.js";
import { typescript } from "./typescript.js";

const messages = (c: CellCompiler, code: string) => {
  const r = c.check(code, "warn");
  return (r.ok ? r.warnings : r.diagnostics).map((d) => `${d.line}:${d.column} ${d.message}`);
};

/** A package in the shape tfjs-core has: many files, relative imports, a module augmentation. */
function writeFakePackage(root: string): { dir: string; entry: string } {
  const dir = path.join(root, "node_modules", "@fake", "core");
  mkdirSync(path.join(dir, "dist", "ops"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "@fake/core", types: "dist/index.d.ts" }));
  writeFileSync(path.join(dir, "dist", "types.d.ts"), "export declare type Rank = 'R0' | 'R1';\n");
  writeFileSync(path.join(dir, "dist", "tensor.d.ts"), "import { Rank } from './types';\nexport declare class Tensor<R extends Rank = Rank> {\n  readonly rank: R;\n  shape: number[];\n}\n");
  writeFileSync(
    path.join(dir, "dist", "ops", "abs.d.ts"),
    "/// <amd-module name=\"@fake/core/dist/ops/abs\" />\nimport { Rank } from '../types';\nimport { Tensor } from '../tensor';\nexport declare function abs<T extends Tensor>(x: T): T;\ndeclare module '../tensor' {\n  interface Tensor<R extends Rank = Rank> {\n    abs<T extends Tensor>(this: T): T;\n  }\n}\n",
  );
  writeFileSync(path.join(dir, "dist", "ops", "index.d.ts"), "export * from './abs';\n");
  writeFileSync(path.join(dir, "dist", "index.d.ts"), "export * from './tensor';\nexport * from './ops';\nexport type { Rank } from './types';\n");
  return { dir, entry: path.join(dir, "dist", "index.d.ts") };
}

describe("bundleTypes", () => {
  let root: string;
  let bundled: CellCompiler;
  let plain: CellCompiler;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "d2l-bundle-"));
    const { dir, entry } = writeFakePackage(root);
    const b = bundleTypes(typescript(), { packageName: "@fake/core", packageDir: dir, entry });
    expect(b.files).toBe(5);
    const file = path.join(root, "fake-core.bundle.d.ts");
    writeFileSync(file, b.text);
    bundled = new CellCompiler({ cwd: root, libraryDts: "", typeBundles: [{ packageName: "@fake/core", file }] });
    plain = new CellCompiler({ cwd: root, libraryDts: "", typeBundles: [] });
  });

  it("gives the package's files' types: exports through re-exports, and augmentations merged", () => {
    const cell = "import { Tensor, abs, type Rank } from '@fake/core';\nconst t = new Tensor();\nconst r: Rank = t.rank;\nabs(t).abs().shape.length;\nt.nope;";
    const got = messages(bundled, cell);
    expect(got).toEqual(messages(plain, cell));
    // The one real error is still found, at the same place.
    expect(got).toEqual([expect.stringMatching(/^5:3 Property 'nope' does not exist on type 'Tensor<Rank>'/)]);
  });

  it("completes members the same way, augmentation included", () => {
    const code = "import { Tensor } from '@fake/core';\nnew Tensor().";
    const a = bundled.complete(code, code.length).matches;
    expect(a).toEqual(plain.complete(code, code.length).matches);
    expect(a).toEqual(expect.arrayContaining(["abs", "rank", "shape"]));
  });
});

describe("the tfjs-core bundle", () => {
  it("checks the library's tensor code exactly as tfjs-core's own files do", () => {
    const require = createRequire(import.meta.url);
    const pkgJson = require.resolve("@tensorflow/tfjs-core/package.json");
    const dir = path.dirname(pkgJson);
    const entry = path.join(dir, (JSON.parse(readFileSync(pkgJson, "utf8")) as { types: string }).types);
    const b = bundleTypes(typescript(), { packageName: "@tensorflow/tfjs-core", packageDir: dir, entry });
    expect(b.files).toBeGreaterThan(200);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "d2l-tfjs-bundle-")), "tfjs-core.d.ts");
    writeFileSync(file, b.text);
    const cwd = path.resolve(".");
    const bundled = new CellCompiler({ cwd, typeBundles: [{ packageName: "@tensorflow/tfjs-core", file }] });
    const plain = new CellCompiler({ cwd, typeBundles: [] });
    for (const cell of [
      "const x = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])); const s: number[] = x.shape; x.foo;",
      "const net = new nn.Sequential(); net.add(new nn.Dense(4)); net.initialize(); net.forward(np.random.uniform(0, 1, [2, 3])).shape.length",
      "tf.tidy(() => tf.add(tf.scalar(1), 2)).dataSync()[0].toFixed('x')",
    ]) {
      expect(messages(bundled, cell)).toEqual(messages(plain, cell));
    }
    expect(messages(bundled, "tf.scalar(1).nope")).toEqual([expect.stringMatching(/Property 'nope' does not exist/)]);
    expect(bundled.complete("tf.matM", 7).matches).toEqual(plain.complete("tf.matM", 7).matches);
  }, 60_000);
});

describe("compactBundleText", () => {
  const notice = (year: number) => `/**\n * @license\n * Copyright ${year} Google LLC.\n */`;
  const input = [
    `${notice(2018)}\ndeclare module "a" {\n/** Returns x when x \u2264 1, else \u2212x \u2014 see \u201cdocs\u201d \u{1F600}. */\nexport function f(x: number): number;\n}`,
    `${notice(2018)}\ndeclare module "b" {\n// one \u2013 two\nexport const s: "\u2264 kept in a string";\nexport type T<N extends string> = \`/* \${N} \u2264 */\`;\n}`,
    `${notice(2020)}\ndeclare module "c" {\nexport const n: 1;\n}`,
  ].join("\n");
  const out = compactBundleText(typescript(), input);

  it("turns the characters above Latin-1 in comments into ASCII and leaves strings and templates alone", () => {
    expect(out).toContain("/** Returns x when x <= 1, else -x -- see \"docs\" \\u{1f600}. */");
    expect(out).toContain("// one - two");
    expect(out).toContain('export const s: "\u2264 kept in a string";');
    expect(out).toContain("`/* ${N} \u2264 */`");
  });

  it("keeps each distinct license notice once, as a plain comment at the end", () => {
    expect(out.match(/@license/g)).toHaveLength(2);
    expect(out.indexOf("Copyright 2018")).toBeGreaterThan(out.indexOf('declare module "c"'));
    expect(out).toContain("Copyright 2020");
    expect(out).not.toMatch(/\/\*\*\n \* @license/);
  });

  it("declares and documents the same things", () => {
    const declared = (text: string) => {
      const sf = typescript().createSourceFile("x.d.ts", text, typescript().ScriptTarget.ES2022, true);
      return sf.statements.map((st) => st.getText(sf).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").replace(/\s+/g, " "));
    };
    expect(declared(out)).toEqual(declared(input));
  });
});

describe("the tfjs-core bundle without WebGPU's declarations", () => {
  it("leaves out the omitted type reference and still checks and completes tfjs-core's code", () => {
    const require = createRequire(import.meta.url);
    const pkgJson = require.resolve("@tensorflow/tfjs-core/package.json");
    const dir = path.dirname(pkgJson);
    const entry = path.join(dir, (JSON.parse(readFileSync(pkgJson, "utf8")) as { types: string }).types);
    const omitTypeReferences = OMITTED_TYPE_REFERENCES["@tensorflow/tfjs-core"];
    const b = bundleTypes(typescript(), { packageName: "@tensorflow/tfjs-core", packageDir: dir, entry, omitTypeReferences });
    expect(bundleTypes(typescript(), { packageName: "@tensorflow/tfjs-core", packageDir: dir, entry }).text).toContain('/// <reference types="@webgpu/types/dist" />');
    expect(b.text).not.toContain("@webgpu/types");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "d2l-tfjs-nogpu-")), "tfjs-core.d.ts");
    // As the build writes it.
    writeFileSync(file, compactBundleText(typescript(), b.text));
    const c = new CellCompiler({ cwd: path.resolve("."), typeBundles: [{ packageName: "@tensorflow/tfjs-core", file }] });
    // WebGPU's ~300 global names no longer crowd a learner's completions.
    expect(c.complete("GPUBuff", 7).matches).toEqual([]);
    expect(messages(c, "const x = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])); const s: number[] = x.shape;")).toEqual([]);
    expect(messages(c, "tf.scalar(1).nope")).toEqual([expect.stringMatching(/Property 'nope' does not exist/)]);
    expect(c.complete("tf.matM", 7).matches).toEqual(["matMul"]);
  }, 60_000);
});

describe("the tfjs-core bundle with the chained-op augmentations", () => {
  it("types tensor methods as tfjs-core's own files do, from one merged augmentation of Tensor", () => {
    const require = createRequire(import.meta.url);
    const pkgJson = require.resolve("@tensorflow/tfjs-core/package.json");
    const dir = path.dirname(pkgJson);
    const entry = path.join(dir, (JSON.parse(readFileSync(pkgJson, "utf8")) as { types: string }).types);
    const alsoEntries = ALSO_BUNDLED["@tensorflow/tfjs-core"].map((f) => path.join(dir, f));
    const b = bundleTypes(typescript(), { packageName: "@tensorflow/tfjs-core", packageDir: dir, entry, alsoEntries });
    // Tensor's own module and one block holding every file's augmentation (the checker re-merges
    // each block for every cell it checks).
    expect(b.text.match(/^declare module "@tensorflow\/tfjs-core\/dist\/tensor\.js" \{$/gm)).toHaveLength(2);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "d2l-tfjs-chained-")), "tfjs-core.d.ts");
    writeFileSync(file, b.text);
    const cwd = path.resolve(".");
    const bundled = new CellCompiler({ cwd, typeBundles: [{ packageName: "@tensorflow/tfjs-core", file }] });
    // The library's declarations name the chained-op module, so the plain program has them too.
    const plain = new CellCompiler({ cwd, typeBundles: [] });
    for (const cell of [
      "const t = np.ones([2, 3]); const s: number[] = t.sum(1).reshape([2]).shape; t.sum('x');",
      "tf.ones([2]).matMul(tf.ones([2, 2])).nope",
      "const v: string = np.ones([1]).item();",
    ]) {
      expect(messages(bundled, cell)).toEqual(messages(plain, cell));
    }
    expect(messages(bundled, "np.ones([2]).sum('x')")).toEqual([expect.stringMatching(/^1:18 Argument of type '"x"'/)]);
    expect(bundled.complete("np.ones([2]).res", 16).matches).toEqual(plain.complete("np.ones([2]).res", 16).matches);
    expect(bundled.complete("np.ones([2]).res", 16).matches).toContain("reshape");
  }, 60_000);
});

describe("bundleLib", () => {
  it("checks, completes and explains ES code as TypeScript's own lib files do", () => {
    const b = bundleLib(typescript(), [BUNDLED_LIB]);
    expect(b.files).toBeGreaterThan(30);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "d2l-lib-bundle-")), "lib.bundle.d.ts");
    writeFileSync(file, b.text);
    const cwd = mkdtempSync(path.join(tmpdir(), "d2l-lib-cwd-"));
    const bundled = new CellCompiler({ cwd, libraryDts: "", typeBundles: [], libBundle: file });
    const plain = new CellCompiler({ cwd, libraryDts: "", typeBundles: [], libBundle: null });
    for (const cell of [
      "const m = new Map<string, number>(); m.get('a')!.toFixed(2); [1, 2, 3].at(-1)?.toString(); [1, 2].findLast((x) => x > 1);",
      "const p: Promise<number> = Promise.resolve('x');",
      "Object.groupBy([1], (x) => x);",
      "console.log(structuredClone({ a: 1 }), new URL('http://a').host); setTimeout(() => {}, 1);",
    ]) {
      expect(messages(bundled, cell)).toEqual(messages(plain, cell));
    }
    // es2024 API outside es2023: the lib boundary is kept, with TypeScript's own hint.
    expect(messages(bundled, "Object.groupBy([1], (x: number) => x);")).toEqual([expect.stringMatching(/Property .groupBy. does not exist/)]);
    for (const code of ["[1].fin", "Promise.al", "consol"]) expect(bundled.complete(code, code.length).matches).toEqual(plain.complete(code, code.length).matches);
    expect(bundled.inspect("[1].map", 6, 0)).toEqual(plain.inspect("[1].map", 6, 0));
  }, 60_000);
});
