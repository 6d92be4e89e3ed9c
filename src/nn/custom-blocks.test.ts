/** "Layers and Blocks": custom blocks with fields, a user-written Sequential, constants, control flow. */
import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Block } from "./block.js";
import { Dense } from "./dense.js";
import { Sequential } from "./sequential.js";
import type { Parameter } from "./parameter.js";
import { paramTableBundle } from "../display/param-table.js";

class MLP extends Block {
  hidden = new Dense(256, { activation: "relu" });
  output = new Dense(10);
  override forward(x: tf.Tensor): tf.Tensor {
    return this.output.forward(this.hidden.forward(x));
  }
}

class MySequential extends Block {
  add(...blocks: Block[]): this {
    for (const b of blocks) this.registerChild(String(this.children.size), b);
    return this;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    for (const b of this.children.values()) x = b.forward(x);
    return x;
  }
}

class ListSequential extends Block {
  blocks: Block[];
  constructor(...blocks: Block[]) {
    super();
    this.blocks = blocks;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    for (const b of this.blocks) x = b.forward(x);
    return x;
  }
}

class FixedHiddenMLP extends Block {
  readonly randWeight: Parameter;
  dense = new Dense(20, { activation: "relu" });
  constructor() {
    super();
    this.randWeight = this.params.getConstant("randWeight", tf.randomUniform([20, 20], 0, 1, "float32", 3));
  }
  override forward(x: tf.Tensor): tf.Tensor {
    x = this.dense.forward(x);
    x = tf.relu(tf.add(tf.matMul(x, this.randWeight.data()), 1));
    x = this.dense.forward(x); // the same layer twice: shared parameters
    while (tf.sum(tf.abs(x)).dataSync()[0]! > 1) x = tf.div(x, 2);
    return tf.sum(x);
  }
}

const X = () => np.random.uniform(0, 1, [2, 20]);
const names = (b: Block) => [...b.collectParams().keys()];

afterEach(() => vi.restoreAllMocks());

describe("custom blocks", () => {
  test("child blocks assigned to fields are registered under the field names, in order", () => {
    seed(1);
    const net = new MLP();
    expect([...net.children.keys()]).toEqual(["hidden", "output"]);
    expect(names(net)).toEqual(["hidden.weight", "hidden.bias", "output.weight", "output.bias"]);
    net.initialize();
    expect(net.call(X()).shape).toEqual([2, 10]);
    expect(net.hidden.weight.shape).toEqual([256, 20]);
    expect(String(net)).toMatch(/hidden: Dense\(20 -> 256, relu\)/);
  });

  test("at(i) indexes the children of any block, in field order; a leaf has none", () => {
    const net = new MLP();
    expect(net.at(0)).toBe(net.hidden);
    expect(net.at(-1)).toBe(net.output);
    expect(() => net.at(2)).toThrow(/MLP "\(root\)"\.at\(2\): index out of range for 2 child blocks/);
    expect(() => net.hidden.at(0)).toThrow(/out of range for 0 child blocks/);
  });

  test("a reassigned field replaces the child; registerChild still names children freely", () => {
    const net = new MLP();
    void net.children;
    net.output = new Dense(3);
    expect(net.children.get("output")).toBe(net.output);
    expect(names(net)).toContain("output.weight");
    const b = new MySequential();
    b.registerChild("first", new Dense(2));
    expect(() => b.registerChild("a.b", new Dense(2))).toThrow(/without dots/);
    expect([...b.children.keys()]).toEqual(["first"]);
  });

  test("a user-written MySequential runs its children in order through the public API", () => {
    seed(2);
    const net = new MySequential().add(new Dense(256, { activation: "relu" }), new Dense(10));
    net.initialize();
    expect(net.call(X()).shape).toEqual([2, 10]);
    expect(names(net)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(net.summary().rows.map((r) => [r.name, r.outShape])).toEqual([["0", [2, 256]], ["1", [2, 10]]]);
  });

  test("blocks in a plain array are unregistered: initialize() warns naming the field, and they stay uninitialized", () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const net = new ListSequential(new Dense(4), new Dense(2));
    net.initialize();
    const warning = err.mock.calls.map((c) => String(c[0])).join("");
    expect(warning).toMatch(/ListSequential "\(root\)" keeps blocks in field "blocks" \(an Array\)/);
    expect(warning).toMatch(/will not be initialized/);
    expect(net.collectParams().size).toBe(0);
    expect(net.unregisteredContainers()).toEqual(["blocks"]);
    expect(() => net.forward(np.ones([2, 3]))).toThrow(/has not been initialized/);
    // Registering them silences the warning.
    err.mockClear();
    const ok = new ListSequential(new Dense(4));
    ok.blocks.forEach((b, i) => ok.registerChild(`b${i}`, b));
    ok.initialize();
    expect(err.mock.calls.map((c) => String(c[0])).join("")).not.toMatch(/unregistered/);
  });

  test("constant parameters: fixed, excluded from initialize()/forceReinit and gradients, listed as constants", () => {
    seed(3);
    const net = new FixedHiddenMLP();
    const before = Array.from(net.randWeight.data().dataSync());
    net.initialize();
    net.initialize({ forceReinit: true });
    expect(Array.from(net.randWeight.data().dataSync())).toEqual(before);
    const rows = net.collectParams().toParamRows();
    expect(rows.map((r) => [r.name, r.state, r.init])).toEqual([
      ["randWeight", "constant", null],
      ["dense.weight", "deferred", "Uniform(-0.07, 0.07)"],
      ["dense.bias", "ready", "Zeros()"],
    ]);
    const shown = paramTableBundle(rows, {});
    expect(shown["text/plain"]).toMatch(/Constant randWeight \(shape=\(20, 20\)/);
    expect(shown["text/plain"]).toMatch(/1 constant/);
    expect(String(shown["text/html"])).toMatch(/>constant</);
    expect(() => net.randWeight.grad()).toThrow(/constant/);
    expect(() => net.randWeight.setData(np.ones([20, 20]))).toThrow(/constant/);
    expect(net.params.getConstant("randWeight", np.ones([1]))).toBe(net.randWeight);
  });

  test("host control flow, the same layer twice and a scalar output", () => {
    seed(4);
    const net = new FixedHiddenMLP().initialize();
    const y = net.call(X());
    expect(y.shape).toEqual([]);
    expect(Math.abs(y.dataSync()[0]!)).toBeLessThanOrEqual(1);
    // dense is used twice but owns one weight (20, 20): its input is 20 wide both times.
    expect(net.dense.weight.shape).toEqual([20, 20]);
    expect(net.collectParams().size).toBe(3);
  });

  test("nesting: a Sequential inside a custom block inside a Sequential, named structurally in every display", () => {
    seed(5);
    class NestMLP extends Block {
      net = new Sequential().add(new Dense(64, { activation: "relu" }), new Dense(32, { activation: "relu" }));
      dense = new Dense(16, { activation: "relu" });
      override forward(x: tf.Tensor): tf.Tensor {
        return this.dense.forward(this.net.forward(x));
      }
    }
    const chimera = new Sequential().add(new NestMLP(), new Dense(20), new FixedHiddenMLP());
    chimera.initialize();
    expect(chimera.call(X()).shape).toEqual([]);
    expect(names(chimera)).toEqual([
      "0.net.0.weight", "0.net.0.bias", "0.net.1.weight", "0.net.1.bias", "0.dense.weight", "0.dense.bias",
      "1.weight", "1.bias", "2.randWeight", "2.dense.weight", "2.dense.bias",
    ]);
    const text = String(chimera);
    expect(text).toMatch(/0\.net\.1: Dense\(64 -> 32, relu\)/);
    expect(text).toMatch(/2\.dense: Dense\(20 -> 20, relu\)/);
    const tree = chimera.toLayerTree();
    expect(tree.children[0]!.children[0]!.children[1]!.outShape).toEqual([2, 32]);
    const rows = chimera.summary().rows;
    expect(rows.map((r) => r.name)).toEqual(["0.net.0", "0.net.1", "0.dense", "1", "2.dense"]);
    expect(rows.find((r) => r.name === "0.net.0")!.outShape).toEqual([2, 64]);
    expect(chimera.collectParams().get("2.randWeight").state).toBe("constant");
  });
});
