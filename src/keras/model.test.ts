/** Keras face of "Layers and Blocks" and "Parameter Management". */
import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import * as keras from "./index.js";

class MLP extends keras.Model {
  hidden = keras.layers.Dense(256, { activation: "relu" });
  out = keras.layers.Dense(10);
  override call(x: tf.Tensor): tf.Tensor {
    return this.out.call(this.hidden.call(x));
  }
}

class MySequential extends keras.Model {
  modules: keras.KerasLayer[];
  constructor(...layers: keras.KerasLayer[]) {
    super();
    this.modules = layers;
  }
  override call(x: tf.Tensor): tf.Tensor {
    for (const m of this.modules) x = m.call(x);
    return x;
  }
}

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe("keras.Model subclasses", () => {
  test("layers in fields are tracked; apply() builds the weights at the first batch", () => {
    seed(1);
    const net = new MLP();
    expect(net.getWeights()).toEqual([]);
    expect(net.apply(np.random.uniform(0, 1, [2, 20])).shape).toEqual([2, 10]);
    expect(net.layers).toHaveLength(2);
    expect(net.getWeights().map((w) => w.shape)).toEqual([[20, 256], [256], [256, 10], [10]]);
  });

  test("layers kept in an array field are tracked too (as TensorFlow tracks lists)", () => {
    const net = new MySequential(keras.layers.Dense(256, { activation: "relu" }), keras.layers.Dense(10));
    expect(net.predict(np.ones([2, 20])).shape).toEqual([2, 10]);
    expect([...net.collectParams().keys()]).toEqual(["modules_0.weight", "modules_0.bias", "modules_1.weight", "modules_1.bias"]);
  });

  test("Sequential.add, Flatten, and a layer used twice is listed once in layers", () => {
    seed(2);
    const shared = keras.layers.Dense(4, { activation: "relu" });
    const net = keras.Sequential([keras.layers.Flatten()]);
    net.add(shared, shared, keras.layers.Dense(1));
    expect(net.call(np.random.uniform(0, 1, [2, 4])).shape).toEqual([2, 1]);
    expect(net.layers).toHaveLength(3);
    expect(net.layers[1]).toBe(shared);
    expect(net.getWeights().map((w) => w.shape)).toEqual([[4, 4], [4], [4, 1], [1]]);
    expect(() => net.add({} as keras.KerasLayer)).toThrow(/keras.layers/);
  });
});

describe("keras.initializers", () => {
  test("RandomNormal, Zeros, Constant and GlorotUniform set kernels and biases", () => {
    seed(3);
    const normal = keras.Sequential([keras.layers.Dense(64, { kernelInitializer: keras.initializers.RandomNormal({ mean: 0, stddev: 0.01 }), biasInitializer: keras.initializers.Zeros() })]);
    normal.build([null, 100]);
    const [k, b] = normal.getWeights();
    const m = tf.moments(k!);
    expect(Math.abs(m.mean.dataSync()[0]!)).toBeLessThan(0.002);
    expect(Math.sqrt(m.variance.dataSync()[0]!)).toBeCloseTo(0.01, 3);
    expect(values(b!).every((v) => v === 0)).toBe(true);
    const constant = keras.Sequential([keras.layers.Dense(4, { kernelInitializer: keras.initializers.Constant(1), biasInitializer: keras.initializers.Constant({ value: 2 }) })]).build([null, 3]);
    expect(values(constant.getWeights()[0]!)).toEqual(new Array(12).fill(1));
    expect(values(constant.getWeights()[1]!)).toEqual([2, 2, 2, 2]);
    const glorot = keras.Sequential([keras.layers.Dense(10, { kernelInitializer: keras.initializers.GlorotUniform() })]).build([null, 30]);
    const bound = Math.sqrt(6 / 40);
    const kmax = tf.max(tf.abs(glorot.getWeights()[0]!)).dataSync()[0]!;
    expect(kmax).toBeLessThanOrEqual(bound);
    expect(kmax).toBeGreaterThan(bound * 0.8);
  });

  test("a custom initializer's apply() sees the kernel in Keras layout (in, units)", () => {
    const seen: number[][] = [];
    class Rows extends keras.initializers.Initializer {
      apply(shape: number[]): tf.Tensor {
        seen.push(shape);
        // Row i of the (in, units) kernel is filled with i: checks the layout, not just the shape.
        return tf.tidy(() => tf.mul(tf.ones(shape), tf.reshape(tf.range(0, shape[0]!), [shape[0]!, 1])));
      }
    }
    const net = keras.Sequential([keras.layers.Dense(2, { kernelInitializer: new Rows() })]).build([null, 3]);
    expect(seen).toEqual([[3, 2]]);
    expect(net.getWeights()[0]!.arraySync()).toEqual([[0, 0], [1, 1], [2, 2]]);
  });
});
