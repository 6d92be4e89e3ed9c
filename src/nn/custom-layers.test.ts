/** Custom layers as the "Custom Layers" section builds them, in both faces, and how displays show them. */
import "../tensor/backend.js";
import { describe, expect, test } from "vitest";
import { tf } from "../tensor/tf.js";
import { np } from "../tensor/np.js";
import { seed } from "../tensor/random.js";
import { Normal, Zeros } from "../init/initializer.js";
import * as keras from "../keras/index.js";
import { Block } from "./block.js";
import { Dense } from "./dense.js";
import { DeferredInitializationError } from "./errors.js";
import type { Parameter } from "./parameter.js";
import type { ShapeContext } from "./shape-context.js";
import { Sequential } from "./sequential.js";

class CenteredLayer extends Block {
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.sub(x, tf.mean(x));
  }
}

class MyDense extends Block {
  readonly weight: Parameter;
  readonly bias: Parameter;
  constructor(readonly units: number, inUnits = -1) {
    super();
    this.weight = this.params.get("weight", [inUnits, units]);
    this.bias = this.params.get("bias", [units], { init: new Zeros() });
  }
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.relu(tf.add(tf.matMul(x, this.weight.data()), this.bias.data()));
  }
}

/** The same layer with a shape function: its input size may be left to the first batch. */
class LazyDense extends MyDense {
  override shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    ctx.resolve(this.weight, [x[1]!, this.units]);
    ctx.resolve(this.bias, [this.units]);
    return [x[0]!, this.units];
  }
}

class KerasDense extends keras.layers.Layer {
  w: Parameter | null = null;
  constructor(readonly units: number) {
    super();
  }
  override build(inputShape: readonly number[]): void {
    this.w = this.addWeight("weight", [inputShape[inputShape.length - 1]!, this.units], { initializer: new Normal(0.05) });
    this.addWeight("bias", [this.units], { initializer: new Zeros() });
  }
  override call(x: tf.Tensor): tf.Tensor {
    return tf.relu(tf.add(tf.matMul(x, this.w!.data()), this.ownParams.get("bias")!.data()));
  }
}

const shapes = (b: Block) => Object.fromEntries([...b.collectParams().entries()].map(([n, p]) => [n, p.shape]));

describe("a layer without parameters", () => {
  test("centers its input alone and inside a Sequential", () => {
    expect(new CenteredLayer().forward(tf.tensor([1, 2, 3, 4, 5])).arraySync()).toEqual([-2, -1, 0, 1, 2]);
    seed(0);
    const net = new Sequential().add(new Dense(128), new CenteredLayer());
    net.initialize();
    const Y = net.forward(np.random.uniform(0, 1, [4, 8]));
    expect(Y.shape).toEqual([4, 128]);
    expect(Math.abs(tf.mean(Y).dataSync()[0]!)).toBeLessThan(1e-6);
  });

  test("displays mark it: unknown from it on before a batch, observed shapes after", () => {
    const net = new Sequential().add(new Dense(4), new CenteredLayer(), new Dense(2));
    net.initialize();
    const before = net.summary([3, 5]);
    expect(before.rows.map((r) => [r.type, r.outShape])).toEqual([["Dense", [3, 4]], ["CenteredLayer ?", null], ["Dense", null]]);
    expect(before.note).toMatch(/\? custom layer without a shape function/);
    expect(net.toLayerTree([3, 5]).children[1]!.label).toBe("CenteredLayer [no shape function: shapes unknown until a batch passes through]");
    net.forward(np.ones([3, 5]));
    const after = net.summary();
    expect(after.rows.map((r) => [r.type, r.outShape, r.params])).toEqual([["Dense", [3, 4], 24], ["CenteredLayer *", [3, 4], 0], ["Dense", [3, 2], 10]]);
    const tree = net.toLayerTree();
    expect(tree.children.map((c) => [c.label, c.outShape])).toEqual([
      ["Dense(5 -> 4)", [3, 4]],
      ["CenteredLayer [no shape function: shapes seen in the last forward pass]", [3, 4]],
      ["Dense(4 -> 2)", [3, 2]],
    ]);
  });
});

describe("a layer with parameters (Gluon style: params.get)", () => {
  test("with its input size the parameters are created by initialize(), eagerly", () => {
    const dense = new MyDense(3, 5);
    expect(dense.params.get("weight")).toBe(dense.weight);
    expect(dense.params.toParamRows().map((r) => [r.name, r.shape, r.state])).toEqual([["weight", [5, 3], "never-initialized"], ["bias", [3], "never-initialized"]]);
    dense.initialize();
    expect(dense.weight.state).toBe("ready");
    const y = dense.call(np.random.uniform(0, 1, [2, 5]));
    expect(y.shape).toEqual([2, 3]);
    expect(Math.min(...y.dataSync())).toBeGreaterThanOrEqual(0);
    const net = new Sequential().add(new MyDense(8, 64), new MyDense(1, 8));
    net.initialize();
    expect(net.forward(np.random.uniform(0, 1, [2, 64])).shape).toEqual([2, 1]);
    expect(() => dense.params.get("weight", [4, 3])).toThrow(/exists with shape \(5, 3\), asked for \(4, 3\)/);
    expect(() => dense.params.get("w2")).toThrow(/To create it, give its shape/);
  });

  test("with -1 and a shape function it joins deferred initialization like Dense", () => {
    const net = new Sequential().add(new LazyDense(8), new LazyDense(1));
    net.initialize();
    expect(shapes(net)).toEqual({ "0.weight": [-1, 8], "0.bias": [8], "1.weight": [-1, 1], "1.bias": [1] });
    expect(() => net.at(0).weight.data()).toThrow(DeferredInitializationError);
    expect(net.summary([2, 64]).rows.map((r) => r.type)).toEqual(["LazyDense", "LazyDense"]);
    net.forward(np.random.uniform(0, 1, [2, 64]));
    expect(shapes(net)).toEqual({ "0.weight": [64, 8], "0.bias": [8], "1.weight": [8, 1], "1.bias": [1] });
  });
});

describe("a layer with parameters (Keras style: build + addWeight)", () => {
  test("weights appear when the layer is first applied, shaped by the input", () => {
    const dense = new KerasDense(3);
    expect(dense.built).toBe(false);
    expect(dense.getWeights()).toEqual([]);
    dense.apply(tf.randomUniform([2, 5]));
    expect(dense.built).toBe(true);
    expect(dense.getWeights().map((w) => w.shape)).toEqual([[5, 3], [3]]);
    expect(Array.from(dense.getWeights()[1]!.dataSync())).toEqual([0, 0, 0]);
  });

  test("in keras.Sequential: unbuilt (counts unknown) until the first call; saveWeights/loadWeights carry them", () => {
    const net = keras.Sequential([new KerasDense(8), new KerasDense(1)]);
    expect(net.built).toBe(false);
    expect(net.getWeights()).toEqual([]);
    expect(net.summary().rows.map((r) => r.params)).toEqual([null, null]);
    const X = tf.randomUniform([2, 64]);
    const Y = net.call(X);
    expect(net.built).toBe(true);
    expect(net.getWeights().map((w) => w.shape)).toEqual([[64, 8], [8], [8, 1], [1]]);
    expect(net.summary().rows.map((r) => [r.type, r.outShape, r.params])).toEqual([["KerasDense *", [2, 8], 520], ["KerasDense *", [2, 1], 9]]);
    expect(Y.shape).toEqual([2, 1]);
  });

  test("addWeight refuses an unknown size", () => {
    class Bad extends keras.layers.Layer {
      override build(): void {
        this.addWeight("w", [-1, 3]);
      }
    }
    expect(() => new Bad().apply(tf.ones([2, 2]))).toThrow(/shape must be fully known in build\(\)/);
  });
});
