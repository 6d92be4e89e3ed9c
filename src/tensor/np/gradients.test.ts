/**
 * Every differentiable np / npx function under tf.grad, against central finite differences, on
 * every coordinate, with respect to each operand, including operands that broadcast (a bias
 * (3,) added to (2, 3) rows gets the column sums of the upstream gradient).
 */
import "../backend.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tf } from "../tf.js";
import { backend, registerBackend } from "../backend.js";
import * as np from "./index.js";
import * as npx from "./npx.js";
import { seed } from "../random.js";

/**
 * Loss = sum(f(x) * W) with a fixed random W, so each output element weighs differently and a
 * gradient that sums where it should take one element (or the reverse) shows.
 */
function checkGrad(f: (x: tf.Tensor) => tf.Tensor, x0: tf.Tensor, eps = 1e-2): void {
  const out = f(x0);
  const W = tf.randomUniform(out.shape, 0.5, 1.5, "float32", 11);
  const loss = (x: tf.Tensor) => tf.sum(tf.mul(f(x), W));
  const g = tf.grad(loss)(x0);
  expect(g.shape).toEqual(x0.shape);
  const gv = g.dataSync();
  const xs = x0.dataSync() as Float32Array;
  const at = (v: Float32Array) => tf.tidy(() => loss(tf.tensor(v, x0.shape)).dataSync()[0]!);
  for (let i = 0; i < xs.length; i++) {
    const p = xs.slice(); p[i]! += eps;
    const m = xs.slice(); m[i]! -= eps;
    const fd = (at(p) - at(m)) / (2 * eps);
    expect(Math.abs(gv[i]! - fd), `d/dx[${i}]: tf.grad ${gv[i]} vs finite difference ${fd}`).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
  }
}

seed(5);
const u = (shape: number[], lo = -1.5, hi = 1.5) => np.random.uniform(lo, hi, shape);
const X = u([2, 3]), b = u([3]), col = u([2, 1]), P = u([2, 3], 0.5, 2), pb = u([3], 0.5, 2);
const X3 = u([2, 3, 4]), M = u([3, 4]), v = u([3]), batch = u([2, 2, 3]);
// Away from kinks (0 for abs/relu) and ties (maximum, clip bounds): values in +-(0.2..1.5).
const K = tf.mul(u([2, 3], 0.2, 1.5), tf.tensor2d([[1, -1, 1], [-1, 1, -1]]));

type Case = [string, (x: tf.Tensor) => tf.Tensor, tf.Tensor];
const cases: Case[] = [
  ["np.add wrt the broadcast bias", (t) => np.add(X, t), b],
  ["np.add wrt the rows", (t) => np.add(t, b), X],
  ["np.subtract wrt a (2, 1) column", (t) => np.subtract(X, t), col],
  ["np.multiply wrt the broadcast operand", (t) => np.multiply(X, t), b],
  ["np.multiply with a plain number", (t) => np.multiply(3, t), X],
  ["np.divide wrt the broadcast denominator", (t) => np.divide(X, t), pb],
  ["np.divide wrt the numerator", (t) => np.divide(t, pb), X],
  ["np.power wrt the base", (t) => np.power(t, 3), P],
  ["np.power wrt the broadcast exponent", (t) => np.power(P, t), b],
  ["np.maximum wrt the broadcast operand", (t) => np.maximum(K, t), tf.mul(b, 0.1)],
  ["np.minimum wrt x", (t) => np.minimum(t, 0.1), K],
  ["np.exp", np.exp, X],
  ["np.log", np.log, P],
  ["np.sqrt", np.sqrt, P],
  ["np.tanh", np.tanh, X],
  ["np.abs", np.abs, K],
  ["np.negative", np.negative, X],
  ["np.square", np.square, X],
  ["np.clip wrt x", (t) => np.clip(t, -0.1, 0.1), K],
  ["np.clip wrt a broadcast lower bound", (t) => np.clip(K, t, 2), tf.mul(b, 0.1)],
  ["np.array copies and passes the gradient", (t) => np.array(t), X],
  ["np.full with a tensor fill value", (t) => np.full([2, 3], t), b],
  ["np.sum over a negative axis", (t) => np.sum(t, -1), X3],
  ["np.sum keepdims", (t) => np.sum(t, [0, 2], true), X3],
  ["np.mean", (t) => np.mean(t, { axis: -2, keepdims: true }), X3],
  ["np.prod", (t) => np.prod(t, 1), P],
  ["np.max", (t) => np.max(t, -1), X3],
  ["np.min", (t) => np.min(t, 0, true), X3],
  ["np.dot matrix . vector wrt the vector", (t) => np.dot(M, t), u([4])],
  ["np.dot 1-d . 1-d", (t) => np.dot(t, v), u([3])],
  ["np.dot N-d . M-d wrt the left", (t) => np.dot(t, M), u([2, 2, 3])],
  ["np.matmul", (t) => np.matmul(X, t), M],
  ["np.matmul wrt the operand broadcast over the batch", (t) => np.matmul(batch, t), M],
  ["np.linalg.norm (Frobenius)", (t) => np.linalg.norm(t), X],
  ["np.linalg.norm rows, keepdims", (t) => np.linalg.norm(t, null, -1, true), X],
  ["np.linalg.norm ord 1 (matrix)", (t) => np.linalg.norm(t, 1), K],
  ["np.linalg.norm ord -1 (matrix)", (t) => np.linalg.norm(t, -1), K],
  ["np.linalg.norm ord Infinity (vector)", (t) => np.linalg.norm(t, Infinity), tf.tensor1d([0.5, -2, 1])],
  ["np.linalg.norm ord 3 (vector)", (t) => np.linalg.norm(t, 3, 0), X],
  ["np.reshape with -1", (t) => np.reshape(t, [-1, 2]), u([1, 3, 4])],
  ["np.transpose with axes", (t) => np.transpose(t, [2, 0, 1]), X3],
  ["np.concatenate wrt the first", (t) => np.concatenate([t, X], 0), u([1, 3])],
  ["np.concatenate wrt the last, axis -1", (t) => np.concatenate([X, t], -1), col],
  ["np.stack", (t) => np.stack([t, X], 1), u([2, 3])],
  ["np.expandDims", (t) => np.expandDims(t, [0, -1]), X],
  ["np.squeeze", (t) => np.squeeze(t, 0), u([1, 3])],
  ["npx.relu", npx.relu, K],
  ["npx.sigmoid", npx.sigmoid, X],
  ["npx.tanh", npx.tanh, X],
  ["npx.softrelu", npx.softrelu, X],
  ["npx.leakyRelu", (t) => npx.leakyRelu(t, 0.1), K],
  ["npx.softmax over axis 0", (t) => npx.softmax(t, 0), X],
  ["npx.logSoftmax", npx.logSoftmax, X3],
  ["npx.activation softsign", (t) => npx.activation(t, "softsign"), X],
];

const chosen = backend();
afterAll(async () => {
  await tf.setBackend(chosen);
});

for (const backendName of ["wasm", "cpu"] as const) describe(`np gradients agree with finite differences on ${backendName}`, () => {
  beforeAll(async () => {
    registerBackend(backendName);
    expect(await tf.setBackend(backendName)).toBe(true);
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  });
  for (const [name, f, x] of cases) test(name, () => checkGrad(f, x));

  test("every np and npx function that returns a differentiable tensor has a case", () => {
    // Integer/bool results, host booleans and creation from plain numbers have no gradient.
    const none = new Set(["arange", "zeros", "ones", "eye", "linspace", "zerosLike", "onesLike", "fullLike",
      "equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual", "argmax", "argmin",
      "allclose", "isclose", "arrayEqual", "random", "NpError"]);
    const names = [
      ...Object.keys(np).filter((k) => !none.has(k) && k !== "linalg").map((k) => `np.${k}`),
      ...Object.keys(np.linalg).map((k) => `np.linalg.${k}`),
      ...Object.keys(npx).map((k) => `npx.${k}`),
    ];
    const covered = new Set(cases.map(([label]) => label.split(" ")[0]));
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
  });

  test("the bias gradient is the column sums of the upstream gradient", () => {
    const dy = tf.tensor2d([[1, 2, 3], [10, 20, 30]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(np.add(X, t), dy)))(b);
    expect(Array.from(g.dataSync())).toEqual([11, 22, 33]);
  });
});
