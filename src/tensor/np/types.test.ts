/**
 * np's signatures as a user's type checker sees them: numpy-style calls type-check, and wrong
 * argument types are errors on the line that makes them (the kernel's checker reads the same
 * declarations).
 */
import { fileURLToPath } from "node:url";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, "__types_probe__.ts");

const source = `import * as np from "./index.js";
import * as npx from "./npx.js";
import type { Tensor } from "@tensorflow/tfjs-core";
const X = np.ones([2, 3]);
const a: Tensor = np.add(X, 1);
const b: Tensor = np.multiply([1, 2, 3], X);
const s: Tensor = np.sum(X, { axis: -1, keepdims: true });
const s2: Tensor = np.max(X, [0, 1], true);
const am: Tensor = np.argmax(X, null, true);
const ok: boolean = np.allclose(X, X, { atol: 1e-6 });
const eq: boolean = np.arrayEqual(X, [[1, 1, 1], [1, 1, 1]]);
const n: Tensor = np.linalg.norm(X, { ord: Infinity, axis: [0, 1] });
const r: Tensor = npx.relu(np.dot(X, [1, 2, 3]));
const i: Tensor = np.random.randint(0, 10, [2]);
const t: Tensor = np.concatenate([np.arange(4), [1, 2]], null);
np.add(X, "x"); // error 16
np.sum(X, "1"); // error 17
np.linalg.norm(X, "bad"); // error 18
np.random.uniform(0, 1, "a"); // error 19
np.zeros([2], "float64"); // error 20
npx.activation(X, "gelu"); // error 21
const bad: boolean = np.add(X, X); // error 22
np.clip(X); // error 23
`;

test("numpy-style calls type-check; wrong argument types are errors on their own lines", () => {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === file);
  const lines = diags.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1);
  expect([...new Set(lines)].sort((x, y) => x - y), diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("\n")).toEqual([16, 17, 18, 19, 20, 21, 22, 23]);
}, 60_000);
