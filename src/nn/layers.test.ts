import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Activation } from "./activation.js";
import { BatchNorm } from "./batchnorm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { ShapeMismatchError } from "./errors.js";
import { Flatten } from "./flatten.js";
import { AvgPool2D, MaxPool2D } from "./pool.js";
import { Sequential } from "./sequential.js";

/** Plain-JS reference: y[i][j] = sum_k x[i][k] * w[j][k] + b[j]. */
function referenceDense(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((row) => w.map((wj, j) => wj.reduce((s, wjk, k) => s + wjk * row[k]!, b[j]!)));
}

function lenet(): Sequential {
  return new Sequential().add(
    new Conv2D(6, 5, { padding: 2, activation: "sigmoid" }),
    new AvgPool2D(2, { strides: 2 }),
    new Conv2D(16, 5, { activation: "sigmoid" }),
    new AvgPool2D(2, { strides: 2 }),
    new Dense(120, { activation: "sigmoid" }),
    new Dense(84, { activation: "sigmoid" }),
    new Dense(10),
  );
}

describe("layers", () => {
  test("Dense forward equals an independently computed matrix product (+ relu)", () => {
    seed(1);
    const d = new Dense(5, { activation: "relu" });
    d.initialize();
    const x = np.random.normal(0, 1, [3, 4]);
    const y = d.forward(x).arraySync() as number[][];
    const ref = referenceDense(x.arraySync() as number[][], d.weight.data().arraySync() as number[][], Array.from(d.bias!.data().dataSync()))
      .map((r) => r.map((v) => Math.max(0, v)));
    y.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(ref[i]![j]!, 5)));
  });

  test("Dense with a non-fused activation (tanh) and without bias", () => {
    const d = new Dense(2, { activation: "tanh", useBias: false, inUnits: 2 });
    d.initialize();
    d.weight.setData(tf.tensor2d([[1, 0], [0, 2]]));
    expect(Array.from(d.forward(tf.tensor2d([[0.5, 0.25]])).dataSync()).map((v) => +v.toFixed(5))).toEqual([+Math.tanh(0.5).toFixed(5), +Math.tanh(0.5).toFixed(5)]);
    expect(d.bias).toBeNull();
  });

  test("bad constructor arguments are rejected and name the argument", () => {
    expect(() => new Dense(0)).toThrow(RangeError);
    expect(() => new Dense(2.5)).toThrow(/Dense: units must be a positive integer, got 2.5/);
    expect(() => new Dense(3, { activation: "relu2" as "relu" })).toThrow(TypeError);
    expect(() => new Dense(3, { activation: "relu2" as "relu" })).toThrow(/activation "relu2"/);
    expect(() => new Dense(3, { inUnits: -1 })).toThrow(/inUnits/);
    expect(() => new Conv2D(4, 0)).toThrow(/kernelSize/);
    expect(() => new Conv2D(4, 3, { strides: [1, 0] })).toThrow(/strides/);
    expect(() => new MaxPool2D(0)).toThrow(/poolSize/);
    expect(() => new Activation("nope" as "relu")).toThrow(TypeError);
    expect(() => new BatchNorm({ momentum: 2 })).toThrow(/momentum/);
  });

  test("Conv2D kernel larger than the input fails at the first batch, naming the layer", () => {
    const net = new Sequential().add(new Conv2D(2, 7)).initialize();
    expect(() => net.forward(np.ones([1, 1, 4, 4]))).toThrow(ShapeMismatchError);
    expect(() => net.forward(np.ones([1, 1, 4, 4]))).toThrow(RangeError);
    expect(() => net.forward(np.ones([1, 1, 4, 4]))).toThrow(/Conv2D "0".*kernelSize \(7, 7\)/);
    expect(net.at(0).collectParams().get("weight").state).toBe("deferred");
  });

  test("Conv2D with inChannels is initialized by initialize(); without, it waits for the first batch", () => {
    const known = new Conv2D(8, [3, 5], { inChannels: 3 });
    known.initialize();
    expect(known.weight.state).toBe("ready");
    expect(known.weight.shape).toEqual([8, 3, 3, 5]);
    const lazy = new Conv2D(8, 3);
    lazy.initialize();
    expect(lazy.weight.shape).toEqual([8, -1, 3, 3]);
    expect(lazy.forward(np.ones([2, 4, 6, 6])).shape).toEqual([2, 8, 4, 4]);
    expect(lazy.weight.shape).toEqual([8, 4, 3, 3]);
  });

  test("Conv2D forward matches a hand-computed 3x3 convolution with padding and stride", () => {
    const c = new Conv2D(1, 3, { padding: 1, strides: 2, inChannels: 1 });
    c.initialize();
    c.weight.setData(tf.ones([1, 1, 3, 3]));
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 1, 4, 4]);
    const y = c.forward(x);
    expect(y.shape).toEqual([1, 1, 2, 2]);
    // Top-left window covers x[0..1][0..1] = 0+1+4+5; next covers rows 0..1, cols 1..3 = 1+2+3+5+6+7; bottom-left covers rows 1..3, cols 0..1.
    expect(Array.from(y.dataSync())).toEqual([10, 24, 51, 90]);
  });

  test("LeNet-like net: the dense layer's input size follows the resolution (28x28 vs 32x32)", () => {
    const a = lenet().initialize();
    const b = lenet().initialize();
    expect(a.forward(np.random.uniform(0, 1, [2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(b.forward(np.random.uniform(0, 1, [2, 1, 32, 32])).shape).toEqual([2, 10]);
    expect(a.collectParams().get("0.weight").shape).toEqual([6, 1, 5, 5]);
    expect(a.collectParams().get("2.weight").shape).toEqual([16, 6, 5, 5]);
    expect(a.collectParams().get("4.weight").shape).toEqual([120, 16 * 5 * 5]);
    expect(b.collectParams().get("4.weight").shape).toEqual([120, 16 * 6 * 6]);
    expect(() => a.forward(np.random.uniform(0, 1, [2, 1, 32, 32]))).toThrow(/Dense "4".*\(batch, 400\).*\(2, 16, 6, 6\)/);
  });

  test("MaxPool2D and Flatten", () => {
    const net = new Sequential().add(new MaxPool2D(2), new Flatten());
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 1, 4, 4]);
    expect(Array.from(net.forward(x).dataSync())).toEqual([6, 8, 14, 16]);
    expect(net.inferShapes([3, 2, 8, 8]).outShape).toEqual([3, 32]);
  });

  test("BatchNorm infers its feature count lazily and normalizes in training mode", () => {
    const net = new Sequential().add(new Conv2D(3, 1), new BatchNorm()).initialize();
    net.train();
    const y = net.forward(np.random.normal(5, 3, [8, 2, 4, 4]));
    expect(net.collectParams().get("1.gamma").shape).toEqual([3]);
    const { mean, variance } = tf.moments(y, [0, 2, 3]);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-4);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 2);
    const rm = net.collectParams().get("1.running_mean");
    expect(rm.trainable).toBe(false);
    expect(Array.from(rm.data().dataSync()).some((v) => v !== 0)).toBe(true);
    net.eval();
    expect(net.forward(np.ones([1, 2, 4, 4])).shape).toEqual([1, 3, 4, 4]);
  });
});
