/** The chapter's TensorFlow half, in the Keras-style face. */
import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { ShapeMismatchError } from "../nn/errors.js";
import { Dense } from "../nn/dense.js";
import * as keras from "./index.js";
import "../nn/display.js";

const model = () => keras.Sequential([keras.layers.Dense(256, { activation: "relu" }), keras.layers.Dense(10)]);

describe("keras face", () => {
  test("getWeights() is empty before the first call and holds Keras-layout arrays after", () => {
    const net = model();
    expect(net.layers.map((l) => l.getWeights())).toEqual([[], []]);
    expect(net.getWeights()).toEqual([]);
    expect(net.built).toBe(false);
    const X = np.random.uniform(0, 1, [2, 20]);
    expect(net.call(X).shape).toEqual([2, 10]);
    expect(net.layers.map((l) => l.getWeights().map((w) => w.shape))).toEqual([[[20, 256], [256]], [[256, 10], [10]]]);
    expect(net.getWeights().map((w) => w.shape)).toEqual([[20, 256], [256], [256, 10], [10]]);
    expect(net.predict(X).shape).toEqual([2, 10]);
  });

  test("kernels default to Glorot uniform and biases to zeros", () => {
    const net = model().build([null, 20]);
    const [k, b] = net.layers[0]!.getWeights();
    const bound = Math.sqrt(6 / (20 + 256));
    expect(tf.max(tf.abs(k!)).dataSync()[0]).toBeLessThanOrEqual(bound);
    expect(tf.max(tf.abs(k!)).dataSync()[0]).toBeGreaterThan(bound * 0.9);
    expect(Array.from(b!.dataSync()).every((v) => v === 0)).toBe(true);
  });

  test("build(inputShape) creates the weights without data; summary shows shapes", () => {
    const net = model();
    expect(net.summary().rows.map((r) => r.outShape)).toEqual([null, null]);
    const text = net.summary().toString();
    // One note says what is unknown and how to learn it; no second note repeats it.
    expect(text.match(/^Note: /gm)).toHaveLength(1);
    expect(text).toMatch(/output shape of 2 layers and the parameter count of 2 layers/);
    net.build([null, 20]);
    expect(net.built).toBe(true);
    const s = net.summary();
    expect(s.rows).toEqual([
      { name: "0", type: "Dense", outShape: [-1, 256], params: 20 * 256 + 256 },
      { name: "1", type: "Dense", outShape: [-1, 10], params: 256 * 10 + 10 },
    ]);
    expect(s.totalParams).toBe(7946);
    expect(() => net.call(np.ones([2, 21]))).toThrow(ShapeMismatchError);
  });

  test("inputDim builds a first layer at once; bad units are rejected", () => {
    const net = keras.Sequential([keras.layers.Dense(4, { inputDim: 3 }), keras.layers.Dense(2)]);
    expect(net.layers[0]!.getWeights().map((w) => w.shape)).toEqual([[3, 4], [4]]);
    expect(net.layers[1]!.getWeights()).toEqual([]);
    expect(() => keras.layers.Dense(0)).toThrow(RangeError);
    expect(() => keras.Sequential([new Dense(3) as never])).toThrow(/use nn.Sequential/);
    const withFlatten = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(2), keras.layers.Dropout(0.5)]);
    expect(withFlatten.call(np.ones([3, 2, 2])).shape).toEqual([3, 2]);
    expect(withFlatten.getWeights().map((w) => w.shape)).toEqual([[4, 2], [2]]);
    expect(() => keras.layers.Dense(3, { activation: "swish2" as "relu" })).toThrow(TypeError);
  });
});

describe("saveWeights / loadWeights", () => {
  const dir = mkdtempSync(join(tmpdir(), "d2l-keras-w-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("Keras names and layout; an unbuilt model restores when it is built, a built one at once", () => {
    const net = model();
    const X = np.random.uniform(0, 1, [2, 20]);
    const Y = net.call(X);
    const file = join(dir, "mlp.weights.npz");
    net.saveWeights(file);
    const stored = np.load(file) as Record<string, tf.Tensor>;
    expect(Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, v.shape]))).toEqual({ "0.kernel": [20, 256], "0.bias": [256], "1.kernel": [256, 10], "1.bias": [10] });
    expect(stored["0.kernel"]!.arraySync()).toEqual(net.getWeights()[0]!.arraySync());

    const lazy = model();
    lazy.loadWeights(file);
    expect(lazy.getWeights()).toEqual([]); // restored only once built
    expect(Array.from(lazy.call(X).dataSync())).toEqual(Array.from(Y.dataSync()));

    const built = model().build([null, 20]);
    built.loadWeights(file);
    expect(Array.from(built.predict(X).dataSync())).toEqual(Array.from(Y.dataSync()));

    const pending = model();
    pending.loadWeights(file);
    expect(() => pending.build([null, 21])).toThrow(/"0\.kernel" has shape \(21, 256\) in the network but \(20, 256\) in the file/);
  });

  test("a model with a custom layer that has no shape function restores on its first call", () => {
    class Scale extends keras.layers.Layer {
      override build(s: readonly number[]): void {
        this.addWeight("w", [s[1]!]);
      }
      override call(x: tf.Tensor): tf.Tensor {
        return tf.mul(x, this.ownParams.get("w")!.data());
      }
    }
    const make = () => keras.Sequential([keras.layers.Dense(4), new Scale()]);
    const X = np.random.uniform(0, 1, [2, 3]);
    const net = make();
    const Y = net.call(X);
    const file = join(dir, "scale.npz");
    net.saveWeights(file);
    const fresh = make();
    fresh.loadWeights(file);
    expect(Array.from(fresh.call(X).dataSync())).toEqual(Array.from(Y.dataSync()));
  });

  test("an unknown name is refused at loadWeights time, before anything is built", () => {
    const file = join(dir, "other.npz");
    np.savez(file, { "0.kernel": np.zeros([20, 256]), "9.gamma": np.zeros([3]) });
    expect(() => model().loadWeights(file)).toThrow(/no value for .*0\.bias/);
    expect(() => model().loadWeights(file, { allowMissing: true })).toThrow(/9\.gamma/);
  });
});
