import "./backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { seed } from "./random.js";
import { np } from "./np.js";

/** Compares tf.grad of f at x with central differences on a few coordinates. */
function checkGrad(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, eps = 1e-2): void {
  const g = tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x).dataSync();
  const xs = x.dataSync();
  const at = (v: Float32Array | Int32Array | Uint8Array) => tf.sum(f(tf.tensor(v, x.shape))).dataSync()[0]!;
  const idx = [0, Math.floor(xs.length / 2), xs.length - 1];
  for (const i of idx) {
    const p = xs.slice(); p[i]! += eps;
    const m = xs.slice(); m[i]! -= eps;
    const fd = (at(p) - at(m)) / (2 * eps);
    // float32 sums: compare relative to the magnitude.
    expect(Math.abs(g[i]! - fd)).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
  }
}

describe("registered gradients agree with finite differences", () => {
  seed(3);
  const x2 = () => np.random.uniform(0.5, 1.5, [3, 4]);
  const cases: Array<[string, (x: tf.Tensor) => tf.Tensor]> = [
    ["broadcast add/mul/div/sub", (x) => tf.div(tf.mul(tf.add(x, tf.tensor1d([1, 2, 3, 4])), tf.tensor2d([[2], [3], [4]])), tf.sub(x, -3))],
    ["square/sqrt/exp/log", (x) => tf.add(tf.add(tf.square(x), tf.sqrt(x)), tf.mul(tf.exp(x), tf.log(x)))],
    ["sigmoid/tanh/softplus/elu/relu", (x) => tf.add(tf.add(tf.sigmoid(x), tf.tanh(x)), tf.add(tf.softplus(x), tf.add(tf.elu(tf.sub(x, 1)), tf.relu(tf.sub(x, 1)))))],
    ["mean/sum over axes", (x) => tf.mul(tf.mean(tf.square(x), 1), tf.sum(x, 1))],
    ["matMul both transposes", (x) => tf.matMul(x, tf.transpose(x), false, false)],
    ["matMul transposeA", (x) => tf.matMul(x, x, true, false)],
    ["softmax", (x) => tf.mul(tf.softmax(x), tf.tensor1d([1, 2, 3, 4]))],
    ["max", (x) => tf.max(x, 1)],
    ["reshape/transpose", (x) => tf.mul(tf.transpose(tf.reshape(x, [2, 6])), tf.reshape(tf.range(0, 12), [6, 2]))],
  ];
  for (const [name, f] of cases) test(name, () => checkGrad(f, x2()));

  test("conv2d (stride 2, padding) and pooling", () => {
    const w = np.random.normal(0, 1, [3, 3, 2, 3]) as tf.Tensor4D;
    const x = np.random.normal(0, 1, [2, 7, 7, 2]);
    checkGrad((t) => tf.square(tf.conv2d(t as tf.Tensor4D, w, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])), x);
    checkGrad((wt) => tf.square(tf.conv2d(x as tf.Tensor4D, wt as tf.Tensor4D, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])), w);
    checkGrad((wt) => tf.square(tf.conv2d(x as tf.Tensor4D, wt as tf.Tensor4D, 1, "same")), w);
    checkGrad((t) => tf.square(tf.avgPool(t as tf.Tensor4D, 2, 2, "valid")), x);
    checkGrad((t) => tf.square(tf.maxPool(t as tf.Tensor4D, 2, 2, "valid")), x);
  });
});
