/** nn.grad and nn.SGD: gradients of every trainable parameter, deferred ones and tied ones included. */
import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Xavier } from "../init/initializer.js";
import type { Block } from "./block.js";
import { Dense } from "./dense.js";
import { grad, SGD } from "./gradients.js";
import { Sequential } from "./sequential.js";

const mse = (net: Block, X: tf.Tensor, y: tf.Tensor) => () => tf.mean(tf.square(tf.sub(net.forward(X), y)));

function tiedNet() {
  const shared = new Dense(8, { activation: "tanh" });
  const net = new Sequential().add(new Dense(8, { activation: "tanh" }), shared, new Dense(8, { activation: "tanh", params: shared.params }), new Dense(1));
  return { net, shared };
}

describe("nn.grad", () => {
  test("on a fresh network it creates the deferred weights first and returns a gradient for every parameter", () => {
    seed(1);
    const net = new Sequential().add(new Dense(16, { activation: "relu" }), new Dense(1)).initialize();
    const X = np.random.normal(0, 1, [4, 5]);
    const y = np.random.normal(0, 1, [4, 1]);
    // The defect this replaces: tfjs lists variables before the loss runs, so the lazily created weights are missed.
    expect(net.at(0).weight.state).toBe("deferred");
    const g = grad(net, mse(net, X, y));
    expect([...g].map(([n, t]) => [n, t.shape])).toEqual([["0.weight", [16, 5]], ["0.bias", [16]], ["1.weight", [1, 16]], ["1.bias", [1]]]);
    expect(tf.norm(g.get("0.weight")).dataSync()[0]).toBeGreaterThan(0);
    expect(g.get(net.at(1).weight)).toBe(g.get("1.weight"));
    expect(g.loss).toBeGreaterThan(0);
  });

  test("param.grad() is zeros until a backward pass, then the last gradient", () => {
    seed(2);
    const net = new Sequential().add(new Dense(3, { inUnits: 2 })).initialize();
    expect(Array.from(net.at(0).weight.grad().dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    const g = grad(net, () => tf.sum(net.forward(tf.tensor2d([[1, 2]]))));
    // d/dW sum(x W^T + b) = x for every row of W.
    expect(net.at(0).weight.grad().arraySync()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(Array.from(g.get("0.bias").dataSync())).toEqual([1, 1, 1]);
  });

  test("a tied weight gets the sum of its uses' gradients (central finite differences)", () => {
    seed(3);
    const { net, shared } = tiedNet();
    net.initialize();
    const X = np.random.normal(0, 1, [3, 4]);
    const y = np.random.normal(0, 1, [3, 1]);
    const f = mse(net, X, y);
    const g = grad(net, f);
    expect(net.at(2).weight).toBe(shared.weight);
    expect(g.size).toBe(6); // 0.*, 1.* (shared), 3.*: the tied layer is listed once
    const w = shared.weight.data();
    const gw = g.get(shared.weight).dataSync();
    const w0 = w.dataSync().slice();
    const eps = 1e-2;
    const loss = () => tf.tidy(() => f().dataSync()[0]!);
    for (const i of [0, 9, 27, 63]) {
      const plus = w0.slice(); plus[i]! += eps;
      w.assign(tf.tensor(plus, w.shape));
      const fp = loss();
      const minus = w0.slice(); minus[i]! -= eps;
      w.assign(tf.tensor(minus, w.shape));
      const fm = loss();
      w.assign(tf.tensor(w0, w.shape));
      expect(gw[i]!).toBeCloseTo((fp - fm) / (2 * eps), 3);
    }
  });

  test("SGD steps keyed on Parameter lower the loss of an MLP with a shared layer", () => {
    seed(4);
    const { net } = tiedNet();
    net.initialize({ init: new Xavier() });
    const X = np.random.normal(0, 1, [16, 4]);
    const y = tf.sum(X, 1, true);
    const f = mse(net, X, y);
    const sgd = new SGD(net.collectParams(), { learningRate: 0.1 });
    const first = grad(net, f).loss;
    let last = first;
    for (let i = 0; i < 60; i++) {
      const g = grad(net, f);
      sgd.step(g);
      last = g.loss;
      g.dispose();
    }
    expect(last).toBeLessThan(first / 2);
    expect(() => new SGD([], { learningRate: 0 })).toThrow(/learningRate/);
  });
});
