/** "Parameter Management": access, initializers (built-in, per layer, per parameter, custom), tied parameters. */
import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test, vi } from "vitest";
import { Constant, Initializer, Normal, Xavier, type InitDesc } from "../init/initializer.js";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Dense } from "./dense.js";
import { Sequential } from "./sequential.js";

const values = (t: tf.Tensor) => Array.from(t.dataSync());
const mlp = () => new Sequential().add(new Dense(8, { activation: "relu" }), new Dense(1));
const X = () => np.random.uniform(0, 1, [2, 4]);

describe("parameter access", () => {
  test("a layer's own params, collectParams of a layer and of the network, lookup by name", () => {
    seed(1);
    const net = mlp().initialize();
    net.forward(X());
    expect([...net.at(1).params.keys()]).toEqual(["weight", "bias"]);
    expect(net.at(1).params.get("bias")).toBe(net.at(1).bias);
    expect([...net.at(0).collectParams().keys()]).toEqual(["weight", "bias"]);
    expect([...net.collectParams().keys()]).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(values(net.collectParams().get("1.bias").data())).toEqual([0]);
    expect(() => net.collectParams().get("dense1_bias")).toThrow(/Known: 0.weight, 0.bias, 1.weight, 1.bias/);
  });

  test("nested blocks: rgnet.at(0).at(1).at(0).bias and structural names", () => {
    seed(2);
    const block1 = () => new Sequential().add(new Dense(32, { activation: "relu" }), new Dense(16, { activation: "relu" }));
    const block2 = () => {
      const net = new Sequential();
      for (let i = 0; i < 4; i++) net.add(block1());
      return net;
    };
    const rgnet = new Sequential().add(block2(), new Dense(10)).initialize();
    expect(rgnet.forward(X()).shape).toEqual([2, 10]);
    const bias = rgnet.at<Sequential>(0).at<Sequential>(1).at(0).bias!;
    expect(bias.name).toBe("0.1.0.bias");
    expect(bias.shape).toEqual([32]);
    expect(rgnet.collectParams().size).toBe(4 * 4 + 2);
    expect(String(rgnet)).toMatch(/\n {4}0\.1: Sequential\(2 layers\)\n {6}0\.1\.0: Dense\(16 -> 32, relu\)/);
  });
});

describe("initializers", () => {
  test("Normal({ sigma }) with forceReinit, Constant(1), and biases keeping zeros", () => {
    seed(3);
    const net = mlp().initialize();
    net.forward(X());
    net.initialize({ init: new Normal({ sigma: 0.01 }), forceReinit: true });
    const w = net.at(0).weight.data();
    const m = tf.moments(w);
    expect(Math.sqrt(m.variance.dataSync()[0]!)).toBeLessThan(0.02);
    expect(values(net.at(0).bias!.data()).every((v) => v === 0)).toBe(true);
    net.initialize({ init: new Constant(1), forceReinit: true });
    expect(values(net.at(0).weight.data()).every((v) => v === 1)).toBe(true);
    expect(values(net.at(0).bias!.data()).every((v) => v === 0)).toBe(true);
  });

  test("per-layer and per-parameter initialize: Xavier for one weight, Constant(42) for one layer", () => {
    seed(4);
    const net = mlp().initialize();
    net.forward(X());
    net.at(0).weight.initialize({ init: new Xavier(), forceReinit: true });
    net.at(1).initialize({ init: new Constant(42), forceReinit: true });
    const bound = Math.sqrt(6 / (8 + 4));
    const w0 = values(net.at(0).weight.data());
    expect(Math.max(...w0.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w0.map(Math.abs))).toBeGreaterThan(0.07);
    expect(values(net.at(1).weight.data())).toEqual(new Array(8).fill(42));
    expect(net.at(0).weight.initializer!.describe()).toMatch(/Xavier/);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    net.at(1).weight.initialize({ init: new Constant(7) });
    expect(String(err.mock.calls[0]?.[0])).toMatch(/"1.weight" is already initialized/);
    err.mockRestore();
    expect(values(net.at(1).weight.data())).toEqual(new Array(8).fill(42));
  });

  test("a custom initializer's initWeight gets the descriptor and an array to fill; biases keep their rule; deferred ones run at the first batch", () => {
    seed(5);
    const lines: string[] = [];
    class MyInit extends Initializer {
      protected override initWeight(desc: InitDesc, data: Float32Array): void {
        lines.push(`Init ${desc.name} (${desc.shape.join(", ")}) ${desc.role} ${desc.dtype}`);
        for (let i = 0; i < data.length; i++) {
          const v = Math.random() * 20 - 10;
          data[i] = Math.abs(v) >= 5 ? v : 0;
        }
      }
    }
    const net = mlp();
    net.initialize({ init: new MyInit() });
    expect(lines).toEqual([]); // shapes unknown: nothing runs at initialize()
    net.forward(X());
    expect(lines).toEqual(["Init 0.weight (8, 4) weight float32", "Init 1.weight (1, 8) weight float32"]);
    const w = values(net.at(0).weight.data());
    expect(w.every((v) => v === 0 || (Math.abs(v) >= 5 && Math.abs(v) <= 10))).toBe(true);
    expect(w.some((v) => v !== 0)).toBe(true);
    // A parameter without its own rule whose role is bias gets initBias (zeros), not initWeight.
    const noOwn = new Dense(3, { inUnits: 2, biasInit: undefined });
    noOwn.bias!.initialize({ init: new MyInit(), forceReinit: true });
    expect(values(noOwn.bias!.data())).toEqual([0, 0, 0]);
    expect(lines).toHaveLength(2);
  });

  test("tied parameters: params: shared.params and shareParameters; an edit is seen by both layers", () => {
    seed(6);
    const shared = new Dense(8, { activation: "relu" });
    const net = new Sequential().add(new Dense(8, { activation: "relu" }), shared, new Dense(8, { activation: "relu", params: shared.params }), new Dense(10));
    net.initialize();
    net.forward(X());
    expect(net.at(1).weight).toBe(net.at(2).weight);
    expect([...net.collectParams().keys()]).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"]);
    net.at(1).weight.data().assign(tf.tidy(() => tf.add(net.at(1).weight.data(), tf.mul(tf.reshape(tf.oneHot([0], 64), [8, 8]), 100))));
    expect(values(net.at(2).weight.data())[0]).toBe(values(net.at(1).weight.data())[0]);
    expect(values(net.at(2).weight.data())[0]).toBeGreaterThan(99);
    const other = new Dense(8).shareParameters(shared);
    expect(other.weight).toBe(shared.weight);
  });
});
