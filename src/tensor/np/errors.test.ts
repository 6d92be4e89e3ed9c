/** Bad input: every np/npx failure is an NpError with a code that names the d2l-ts call. */
import "../backend.js";
import { describe, expect, test } from "vitest";
import { CodedError } from "../../errors.js";
import { tf } from "../tf.js";
import * as np from "./index.js";
import * as npx from "./npx.js";
import { NpError, type NpErrorCode } from "./errors.js";

function caught(f: () => unknown): NpError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpError);
    expect(e).toBeInstanceOf(CodedError);
    return e as NpError;
  }
  throw new Error("expected an NpError, nothing was thrown");
}

function expectNpError(f: () => unknown, code: NpErrorCode, fn: string, ...parts: (string | RegExp)[]): void {
  const e = caught(f);
  expect(e.code, e.message).toBe(code);
  expect(e.fn).toBe(fn);
  expect(e.message.startsWith(`${fn}: `), e.message).toBe(true);
  for (const p of parts) expect(e.message).toMatch(typeof p === "string" ? new RegExp(p.replace(/[()[\].*+?^$|\\]/g, "\\$&")) : p);
}

const X = np.ones([2, 3]);
const v4 = np.ones([4]);

describe("broadcasting failures name the function and both shapes", () => {
  const binary = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual"] as const;
  for (const name of binary) {
    test(`np.${name}`, () => {
      expectNpError(() => np[name](X, v4), "NP_BROADCAST", `np.${name}`, "(2, 3)", "(4,)", "could not be broadcast");
      expectNpError(() => np[name]([1, 2, 3], [[1, 2]]), "NP_BROADCAST", `np.${name}`, "(3,)", "(1, 2)");
    });
  }
  test("clip, allclose, isclose, matmul batch axes, full", () => {
    expectNpError(() => np.clip(X, v4, 1), "NP_BROADCAST", "np.clip", "(2, 3)", "(4,)");
    expectNpError(() => np.allclose(X, v4), "NP_BROADCAST", "np.allclose", "(2, 3)", "(4,)");
    expectNpError(() => np.isclose(X, v4), "NP_BROADCAST", "np.isclose", "(2, 3)", "(4,)");
    expectNpError(() => np.matmul(np.ones([2, 2, 3]), np.ones([3, 3, 4])), "NP_BROADCAST", "np.matmul", "(2,)", "(3,)");
    expectNpError(() => np.full([2, 3], [1, 2]), "NP_BROADCAST", "np.full", "(2)", "(2, 3)");
  });
});

describe("a wrong argument type names the function and the argument", () => {
  test("array_like arguments", () => {
    expectNpError(() => np.add("x" as never, 1), "NP_ARG_TYPE", "np.add", "argument x1", 'the string "x"');
    expectNpError(() => np.multiply(X, { a: 1 } as never), "NP_ARG_TYPE", "np.multiply", "argument x2", "Object");
    expectNpError(() => np.sum(undefined as never), "NP_ARG_TYPE", "np.sum", "argument a", "undefined");
    expectNpError(() => np.array([[1, 2], [3, "4"]] as never), "NP_ARG_TYPE", "np.array", "object[1][1]", 'the string "4"');
    expectNpError(() => np.array([1, true] as never), "NP_ARG_TYPE", "np.array", "mixes numbers and booleans");
    expectNpError(() => np.concatenate(X as never), "NP_ARG_TYPE", "np.concatenate", "array of arrays");
    expectNpError(() => npx.relu(null as never), "NP_ARG_TYPE", "npx.relu", "argument data", "null");
  });
  test("the one-operand functions made by one maker name their call and argument, and carry their names", () => {
    for (const [name, f] of [["np.exp", np.exp], ["np.log", np.log], ["np.sqrt", np.sqrt], ["np.tanh", np.tanh]] as const) {
      expectNpError(() => f("a" as never), "NP_ARG_TYPE", name, "argument x", 'the string "a"');
      expect(f.name).toBe(name.slice(3));
    }
    for (const [name, f] of [["npx.relu", npx.relu], ["npx.sigmoid", npx.sigmoid], ["npx.tanh", npx.tanh], ["npx.softrelu", npx.softrelu]] as const) {
      expectNpError(() => f([[2, 3], [1]] as never), "NP_SHAPE", name, "argument data is a ragged nested array");
      expect(f.name).toBe(name.slice(4));
    }
  });
  test("shapes, axes, numbers, flags", () => {
    expectNpError(() => np.zeros("3" as never), "NP_ARG_TYPE", "np.zeros", "argument shape");
    expectNpError(() => np.ones([2, 1.5]), "NP_ARG_TYPE", "np.ones", "argument shape", "[2, 1.5]");
    expectNpError(() => np.sum(X, "1" as never), "NP_ARG_TYPE", "np.sum", "axis");
    expectNpError(() => np.mean(X, 0, "yes" as never), "NP_ARG_TYPE", "np.mean", "keepdims");
    expectNpError(() => np.max(X, { axes: 1 } as never), "NP_ARG_TYPE", "np.max", 'unknown option "axes"');
    expectNpError(() => np.argmax(X, [0, 1] as never), "NP_ARG_TYPE", "np.argmax", "single axis");
    expectNpError(() => np.arange("5" as never), "NP_ARG_TYPE", "np.arange", "argument stop");
    expectNpError(() => np.random.uniform(0, 1, "a" as never), "NP_ARG_TYPE", "np.random.uniform", "argument size");
    expectNpError(() => np.random.randint(0, 2.5), "NP_ARG_TYPE", "np.random.randint", "argument high");
    expectNpError(() => np.random.seed(1.5), "NP_ARG_TYPE", "np.random.seed", "argument seed");
    expectNpError(() => np.allclose(X, X, "1e-3" as never), "NP_ARG_TYPE", "np.allclose", "argument rtol");
    expectNpError(() => np.zeros(2, "float64" as never), "NP_DTYPE", "np.zeros", "float64");
  });
  test("every np and npx function given a string for its first argument says which call failed", () => {
    // File input/output and devices take file names and devices, not arrays (src/io, src/device tests).
    const notArrays = new Set(["save", "savez", "load", "cpu", "gpu", "numGpus", "tryGpu", "tryAllGpus", "Device"]);
    const all: [string, unknown][] = [
      ...Object.entries(np).filter(([k, f]) => typeof f === "function" && f !== NpError && !notArrays.has(k)).map(([k, f]) => [`np.${k}`, f] as [string, unknown]),
      ...Object.entries(np.linalg).map(([k, f]) => [`np.linalg.${k}`, f] as [string, unknown]),
      ...Object.entries(np.random).map(([k, f]) => [`np.random.${k}`, f] as [string, unknown]),
      ...Object.entries(npx).filter(([k]) => !notArrays.has(k)).map(([k, f]) => [`npx.${k}`, f] as [string, unknown]),
    ];
    expect(all.length).toBeGreaterThan(50);
    for (const [name, f] of all) {
      const e = caught(() => (f as (...a: unknown[]) => unknown)("oops", X, X));
      expect(e.message.startsWith(`${name}: `), `${name}: ${e.message}`).toBe(true);
    }
  });
});

describe("axes, shapes and values", () => {
  test("axis out of range uses numpy's AxisError wording", () => {
    expectNpError(() => np.sum(X, 2), "NP_AXIS", "np.sum", "axis 2 is out of bounds for array of dimension 2");
    expectNpError(() => np.prod(X, -3), "NP_AXIS", "np.prod", "axis -3 is out of bounds");
    expectNpError(() => np.min(X, [0, -2]), "NP_AXIS", "np.min", "repeated axis");
    expectNpError(() => np.argmin(X, 5), "NP_AXIS", "np.argmin", "axis 5");
    expectNpError(() => np.expandDims(v4, 3), "NP_AXIS", "np.expandDims", "axis 3 is out of bounds for array of dimension 2");
    expectNpError(() => np.stack([v4, v4], 2), "NP_AXIS", "np.stack", "axis 2");
    expectNpError(() => np.transpose(X, [0]), "NP_AXIS", "np.transpose", "axes don't match array");
    expectNpError(() => np.transpose(X, [1, 1]), "NP_AXIS", "np.transpose", "repeated axis");
    expectNpError(() => npx.softmax(X, 2), "NP_AXIS", "npx.softmax", "axis 2");
  });
  test("shapes that must agree", () => {
    expectNpError(() => np.reshape(X, [4, -1]), "NP_SHAPE", "np.reshape", "cannot reshape array of size 6 into shape (4, -1)");
    expectNpError(() => np.reshape(X, [-1, -1]), "NP_VALUE", "np.reshape", "one unknown dimension");
    expectNpError(() => np.dot(X, v4), "NP_SHAPE", "np.dot", "shapes (2, 3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)");
    expectNpError(() => np.matmul(X, X), "NP_SHAPE", "np.matmul", "(2, 3)", "3", "2");
    expectNpError(() => np.matmul(2, X), "NP_SHAPE", "np.matmul", "0-d");
    expectNpError(() => np.concatenate([X, v4]), "NP_SHAPE", "np.concatenate", "index 1 has 1 dimension(s)");
    expectNpError(() => np.concatenate([X, np.ones([2, 2])], 0), "NP_SHAPE", "np.concatenate", "along dimension 1", "size 3", "size 2");
    expectNpError(() => np.stack([X, v4]), "NP_SHAPE", "np.stack", "same shape", "(4,)");
    expectNpError(() => np.squeeze(X, 0), "NP_SHAPE", "np.squeeze", "size not equal to one");
    expectNpError(() => np.array([[1, 2], [3]]), "NP_SHAPE", "np.array", "ragged", "object[1] has 1 elements where 2 elements were expected");
  });
  test("values", () => {
    expectNpError(() => np.zeros([2, -1]), "NP_VALUE", "np.zeros", "negative dimensions");
    expectNpError(() => np.arange(0, 3, 0), "NP_VALUE", "np.arange", "step");
    expectNpError(() => np.random.randint(3, 3), "NP_VALUE", "np.random.randint", "low >= high");
    expectNpError(() => np.random.normal(0, -1), "NP_VALUE", "np.random.normal", "scale < 0");
    expectNpError(() => np.max(np.zeros([0, 2])), "NP_VALUE", "np.max", "zero-size array");
    expectNpError(() => np.argmax(np.zeros([0])), "NP_VALUE", "np.argmax", "empty sequence");
    expectNpError(() => np.clip(X, null, null), "NP_VALUE", "np.clip", "aMin or aMax");
    expectNpError(() => np.linalg.norm(X, 2), "NP_VALUE", "np.linalg.norm", "singular values");
    expectNpError(() => np.linalg.norm(v4, "fro"), "NP_VALUE", "np.linalg.norm", "invalid norm order 'fro' for vectors");
    expectNpError(() => np.linalg.norm(np.ones([2, 2, 2]), 1), "NP_SHAPE", "np.linalg.norm", "improper number of dimensions");
    expectNpError(() => np.negative([true]), "NP_DTYPE", "np.negative", "bool");
    expectNpError(() => np.power(np.arange(3), -1), "NP_VALUE", "np.power", "negative integer powers");
    expectNpError(() => np.subtract([true], [false]), "NP_DTYPE", "np.subtract", "two bool tensors");
  });
  test("a disposed tensor or an unsupported dtype is named, not passed to tfjs", () => {
    const t = np.ones([2]);
    t.dispose();
    expectNpError(() => np.exp(t), "NP_ARG_TYPE", "np.exp", "argument x is a disposed tensor of shape (2,)");
    const c = tf.tensor(["a"]);
    expectNpError(() => np.abs(c), "NP_DTYPE", "np.abs", "dtype string");
    c.dispose();
  });
  test("a failure inside tfjs is reported with the d2l-ts call and keeps tfjs's message as the cause", () => {
    const e = caught(() => np.zeros([1e6, 1e6]));
    expect(e.code).toBe("NP_BACKEND");
    expect(e.message).toMatch(/^np\.zeros: tfjs could not compute it: /);
    expect((e as { cause?: unknown }).cause).toBeInstanceOf(Error);
  });
  test("a failed call leaves no tensors behind", () => {
    const before = tf.memory().numTensors;
    for (const f of [() => np.add(X, v4), () => np.concatenate([X, [1, 2]], 0), () => np.dot([1, 2, 3, 4], X), () => np.full([2, 3], [1, 2])]) caught(f);
    expect(tf.memory().numTensors).toBe(before);
  });
});
