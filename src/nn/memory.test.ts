import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { BatchNorm } from "./batchnorm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { MaxPool2D } from "./pool.js";
import { Sequential } from "./sequential.js";

test("memory stays flat over thousands of forward calls (only the returned tensor survives)", () => {
  const net = new Sequential().add(new Dense(64, { activation: "relu" }), new Dense(32, { activation: "tanh" }), new Dense(10)).initialize();
  const X = np.random.uniform(0, 1, [8, 20]);
  net.forward(X).dispose(); // first call creates the parameters
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3000; i++) net.forward(X).dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test("convolutional nets with BatchNorm in training mode do not leak either", () => {
  const net = new Sequential().add(new Conv2D(4, 3, { activation: "relu" }), new BatchNorm(), new MaxPool2D(2), new Dense(3)).initialize();
  net.train();
  const X = np.random.uniform(0, 1, [2, 1, 10, 10]);
  net.forward(X).dispose();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 300; i++) net.forward(X).dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test("failed first passes do not leak the values they created", () => {
  const net = new Sequential().add(new Dense(8), new Dense(4, { inUnits: 3 })).initialize();
  const X = np.ones([2, 5]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) expect(() => net.forward(X)).toThrow();
  expect(tf.memory().numTensors).toBe(before);
});
