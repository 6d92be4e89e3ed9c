import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Dense } from "./dense.js";
import { Sequential } from "./sequential.js";

test("gradients of a small network (tf.grad / tf.variableGrads) match central finite differences", () => {
  seed(7);
  const net = new Sequential().add(new Dense(4, { activation: "tanh" }), new Dense(1)).initialize();
  const X = np.random.normal(0, 1, [5, 3]);
  const loss = () => tf.sum(tf.square(net.forward(X))) as tf.Scalar;
  net.forward(X); // shapes fixed, parameters created

  // Gradient with respect to the input.
  const gx = tf.grad((x: tf.Tensor) => tf.sum(tf.square(net.forward(x))))(X).dataSync();
  // Gradients with respect to every parameter.
  const { grads } = tf.variableGrads(loss);
  const w = net.collectParams().get("0.weight").data();
  const gw = grads[w.name]!.dataSync();

  const f = () => loss().dataSync()[0]!;
  const eps = 1e-2;
  const xs = X.dataSync().slice();
  for (const i of [0, 4, 14]) {
    const plus = xs.slice(); plus[i]! += eps;
    const minus = xs.slice(); minus[i]! -= eps;
    const fp = tf.sum(tf.square(net.forward(tf.tensor(plus, X.shape)))).dataSync()[0]!;
    const fm = tf.sum(tf.square(net.forward(tf.tensor(minus, X.shape)))).dataSync()[0]!;
    expect(gx[i]!).toBeCloseTo((fp - fm) / (2 * eps), 2);
  }
  const w0 = w.dataSync().slice();
  for (const i of [0, 5, 11]) {
    const plus = w0.slice(); plus[i]! += eps;
    w.assign(tf.tensor(plus, w.shape));
    const fp = f();
    const minus = w0.slice(); minus[i]! -= eps;
    w.assign(tf.tensor(minus, w.shape));
    const fm = f();
    w.assign(tf.tensor(w0, w.shape));
    expect(gw[i]!).toBeCloseTo((fp - fm) / (2 * eps), 2);
  }
});
