/**
 * Every op's gradient is tfjs' own (registered by the bundle, vendor/tfjs/entry.js). These tests
 * differentiate ops under tf.grad against central finite differences, with respect to each operand,
 * including the broadcast one (a bias): its gradient must sum over the broadcast axes.
 */
import { describe, expect, test } from "vitest";
import { tf } from "./tf.js";
import "./backend.js";
import { seed } from "./random.js";
import { np } from "./np.js";

/** Max |tf.grad - finite difference| relative to the magnitude, over every coordinate of x. */
function gradError(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, eps = 1e-2): number {
  const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x).dataSync());
  const xs = x.dataSync();
  const at = (v: Float32Array | Int32Array | Uint8Array) => tf.tidy(() => tf.sum(f(tf.tensor(v, x.shape))).dataSync()[0]!);
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const p = xs.slice(); p[i]! += eps;
    const m = xs.slice(); m[i]! -= eps;
    const fd = (at(p) - at(m)) / (2 * eps);
    worst = Math.max(worst, Math.abs(g[i]! - fd) / Math.max(1, Math.abs(fd)));
  }
  return worst;
}

function checkGrad(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): void {
  expect(gradError(f, x)).toBeLessThan(2e-2);
}

seed(3);
const X = np.random.uniform(0.5, 1.5, [3, 4]);
// For ops with kinks (at 0.8, 1, 1.1, 1.2, 1.3 below): every value 0.05 away from each, so the
// finite difference never straddles one.
const K = tf.tensor2d([[0.55, 0.65, 0.75, 0.85], [0.95, 1.05, 1.15, 1.25], [1.35, 1.45, 0.6, 1.4]]);

describe("op gradients agree with finite differences", () => {
  const cases: Array<[string, (x: tf.Tensor) => tf.Tensor, tf.Tensor?]> = [
    ["broadcast add/mul/div/sub", (x) => tf.div(tf.mul(tf.add(x, tf.tensor1d([1, 2, 3, 4])), tf.tensor2d([[2], [3], [4]])), tf.sub(x, -3))],
    ["square/sqrt/exp/log/pow", (x) => tf.add(tf.add(tf.square(x), tf.sqrt(x)), tf.add(tf.mul(tf.exp(x), tf.log(x)), tf.pow(x, 3)))],
    ["sigmoid/tanh/softplus/elu/relu", (x) => tf.add(tf.add(tf.sigmoid(x), tf.tanh(x)), tf.add(tf.softplus(x), tf.add(tf.elu(tf.sub(x, 1)), tf.relu(tf.sub(x, 1))))), K],
    ["maximum/minimum/abs/clip", (x) => tf.add(tf.add(tf.maximum(x, 1), tf.minimum(x, 1.2)), tf.add(tf.abs(tf.sub(x, 1.1)), tf.clipByValue(x, 0.8, 1.3))), K],
    ["mean/sum/max/min/prod over axes", (x) => tf.add(tf.mul(tf.mean(tf.square(x), 1), tf.sum(x, 1)), tf.add(tf.max(x, 1), tf.add(tf.min(x, 0).sum(), tf.prod(x, 1))))],
    ["matMul, plain and transposed", (x) => tf.add(tf.matMul(x, tf.transpose(x)).sum(), tf.matMul(x, x, true, false).sum())],
    ["softmax / logSoftmax", (x) => tf.add(tf.mul(tf.softmax(x), tf.tensor1d([1, 2, 3, 4])), tf.logSoftmax(x).mul(0.1))],
    ["reshape/transpose/concat/stack/slice", (x) => tf.add(tf.concat([x, x.mul(2)], 0).transpose().reshape([2, 12]).sum(), tf.stack([x, x.square()]).slice([1, 0, 0], [1, 2, 2]).sum())],
    ["chained methods", (x) => x.sub(1).square().mean(1).add(x.max()).sum()],
  ];
  for (const [name, f, at] of cases) test(name, () => checkGrad(f, at ?? X));

  test("conv2d (stride 2, padding), pooling: input and filter", () => {
    const w = np.random.normal(0, 1, [3, 3, 2, 3]) as tf.Tensor4D;
    const x = np.random.normal(0, 1, [2, 5, 5, 2]);
    checkGrad((t) => tf.square(tf.conv2d(t as tf.Tensor4D, w, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])), x);
    checkGrad((wt) => tf.square(tf.conv2d(x as tf.Tensor4D, wt as tf.Tensor4D, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])), w);
    checkGrad((wt) => tf.square(tf.conv2d(x as tf.Tensor4D, wt as tf.Tensor4D, 1, "same")), w);
    checkGrad((t) => tf.square(tf.avgPool(t as tf.Tensor4D, 2, 2, "valid")), x);
    checkGrad((t) => tf.square(tf.maxPool(t as tf.Tensor4D, 2, 2, "valid")), x);
  });
});

describe("gradients with respect to a broadcast operand", () => {
  // Nonlinear in the sum, so every row's contribution differs and a mean instead of a sum shows.
  const biasCases: Array<[string, tf.Tensor, (b: tf.Tensor) => tf.Tensor]> = [
    ["a bias row (4,) added to (3, 4)", tf.tensor1d([0.1, -0.2, 0.3, 0.4]), (b) => tf.square(tf.add(X, b))],
    ["a column (3, 1) times (3, 4)", tf.tensor2d([[0.5], [1.5], [-1]]), (b) => tf.square(tf.mul(X, b))],
    ["a (1,) scalar-like operand subtracted", tf.tensor1d([0.3]), (b) => tf.exp(tf.sub(X, b))],
    ["a divisor broadcast over rows", tf.tensor1d([1.5, 2, 2.5, 3]), (b) => tf.square(tf.div(X, b))],
    ["a Dense-style bias after matMul", tf.tensor1d([0.1, 0.2]), (b) => tf.tanh(tf.add(tf.matMul(X, tf.ones([4, 2])), b))],
  ];
  for (const [name, b, f] of biasCases) test(name, () => checkGrad(f, b));

  test("the check catches a broadcast gradient that averages instead of summing", () => {
    // A mutant Add gradient (mean over broadcast axes, the mutation a hand-written unbroadcast
    // once survived) must fail the same check the real one passes.
    const original = tf.getGradient("Add")!;
    const b = tf.tensor1d([0.1, -0.2, 0.3, 0.4]);
    const f = (t: tf.Tensor) => tf.square(tf.add(X, t));
    const warn = console.warn;
    console.warn = () => {}; // tfjs warns when a gradient is overridden
    try {
      tf.registerGradient({
        kernelName: "Add",
        inputsToSave: ["a", "b"],
        gradFunc: ((dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [a, bb] = saved as [tf.Tensor, tf.Tensor];
          const down = (s: tf.Tensor) => (s.shape.join() === dy.shape.join() ? dy : tf.reshape(tf.mean(dy, 0), s.shape));
          return { a: () => down(a), b: () => down(bb) };
        }) as never,
      });
      expect(gradError(f, b)).toBeGreaterThan(0.5);
    } finally {
      tf.registerGradient(original);
      console.warn = warn;
    }
    checkGrad(f, b);
  });
});
