import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { Constant } from "../init/initializer.js";
import { np } from "../tensor/np.js";
import { Activation } from "./activation.js";
import { Block } from "./block.js";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";
import { NotInitializedError, ShapeInferenceError, ShapeMismatchError } from "./errors.js";
import { Sequential } from "./sequential.js";

describe("Sequential container", () => {
  test("add is variadic and chainable; at(), length, iteration, layers", () => {
    const a = new Dense(4), b = new Activation("relu"), c = new Dense(2);
    const net = new Sequential().add(a, b).add(c);
    expect(net.length).toBe(3);
    expect(net.at(0)).toBe(a);
    expect(net.at(-1)).toBe(c);
    expect([...net]).toEqual([a, b, c]);
    expect(net.layers).toEqual([a, b, c]);
    expect(() => net.at(3)).toThrow(RangeError);
    expect(() => net.add({} as Block)).toThrow(TypeError);
    expect(() => net.add(net)).toThrow(/contain itself/);
  });

  test("forward before initialize() is a NotInitializedError naming a parameter", () => {
    const net = new Sequential().add(new Dense(4));
    expect(() => net.forward(np.ones([2, 3]))).toThrow(NotInitializedError);
    expect(() => net.forward(np.ones([2, 3]))).toThrow(/"0\.weight"/);
    expect(net.at(0).collectParams().get("weight").state).toBe("never-initialized");
  });

  test("after initialization the shape is fixed: another feature size is an error, not a re-init", () => {
    const net = new Sequential().add(new Dense(4), new Dense(2)).initialize();
    net.forward(np.ones([2, 3]));
    const before = Array.from(net.collectParams().get("0.weight").data().dataSync());
    expect(() => net.forward(np.ones([2, 5]))).toThrow(ShapeMismatchError);
    expect(() => net.forward(np.ones([2, 5]))).toThrow(/Dense "0".*\(batch, 3\).*\(2, 5\)/);
    expect(Array.from(net.collectParams().get("0.weight").data().dataSync())).toEqual(before);
    expect(net.forward(np.ones([7, 3])).shape).toEqual([7, 2]);
  });

  test("inputs a layer cannot take: not a tensor, or a rank without a feature axis", () => {
    const net = new Sequential().add(new Dense(4)).initialize();
    expect(() => net.forward([1, 2] as never)).toThrow(/Sequential "\(root\)": forward expects a tf.Tensor/);
    expect(() => net.forward(np.ones([5]))).toThrow(/Dense "0": expected input of shape \(batch, features...\), got \(5,\)/);
    expect(net.at(0).collectParams().get("weight").state).toBe("deferred");
  });

  test("atomic first pass: a failing later layer leaves earlier layers deferred", () => {
    // Layer 1 was told it takes 5 features but layer 0 produces 8.
    const net = new Sequential().add(new Dense(8), new Dense(4, { inUnits: 5 }), new Dense(2)).initialize();
    expect(() => net.forward(np.ones([2, 3]))).toThrow(/Dense "1".*\(batch, 5\).*\(2, 8\)/);
    expect(net.collectParams().get("0.weight").state).toBe("deferred");
    expect(net.collectParams().get("2.weight").state).toBe("deferred");
  });

  test("atomic first pass: an initializer failing on a later parameter leaves every parameter deferred", () => {
    let calls = 0;
    const flaky = (shape: readonly number[]) => {
      if (++calls === 2) throw new Error("initializer failed");
      return tf.zeros([...shape]);
    };
    const net = new Sequential().add(new Dense(8), new Dense(4), new Dense(2)).initialize({ init: flaky });
    const before = tf.memory().numTensors;
    expect(() => net.forward(np.ones([2, 3]))).toThrow("initializer failed");
    expect(tf.memory().numTensors).toBe(before + 1); // only the input batch
    expect([...net.collectParams(/weight/)].map((p) => p.state)).toEqual(["deferred", "deferred", "deferred"]);
    expect(net.forward(np.ones([2, 3])).shape).toEqual([2, 2]);
  });

  test("the same layer used twice shares its parameters and lists them once", () => {
    const shared = new Dense(8, { activation: "relu" });
    const net = new Sequential().add(new Dense(8), shared, shared, new Dense(1)).initialize();
    expect([...net.collectParams().keys()]).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"]);
    expect(net.forward(np.ones([2, 5])).shape).toEqual([2, 1]);
    expect(shared.weight.shape).toEqual([8, 8]);
  });

  test("a shared layer that would need two shapes is rejected with no parameter initialized", () => {
    const shared = new Dense(4);
    const net = new Sequential().add(shared, new Dense(6), shared).initialize();
    expect(() => net.forward(np.ones([2, 3]))).toThrow(ShapeMismatchError);
    expect([...net.collectParams()].filter((p) => p.state === "ready").map((p) => p.name)).toEqual(["0.bias", "1.bias"]);
  });

  test("shareParameters takes another layer's parameter objects", () => {
    const a = new Dense(3, { inUnits: 2 });
    const b = new Dense(3).shareParameters(a);
    const net = new Sequential().add(a, new Activation("relu"), new Dense(5), b);
    net.initialize({ init: new Constant(0.5) });
    expect(b.weight).toBe(a.weight);
    expect(net.collectParams().size).toBe(4);
    expect(() => net.forward(np.ones([1, 2]))).toThrow(/Dense "3".*\(batch, 2\).*\(1, 5\)/);
    const ok = new Sequential().add(a, new Dense(2), b);
    ok.initialize();
    expect(ok.forward(np.ones([1, 2])).shape).toEqual([1, 3]);
  });

  test("custom blocks: children registered by name, lazily initialized, rolled back on failure", () => {
    class TwoHeads extends Block {
      readonly body = this.registerChild("body", new Dense(8, { activation: "relu" }));
      readonly head = this.registerChild("head", new Dense(2));
      fail = false;
      override forward(x: tf.Tensor): tf.Tensor {
        const h = this.body.forward(x);
        if (this.fail) throw new Error("boom");
        return this.head.forward(h);
      }
    }
    const net = new TwoHeads().initialize();
    expect([...net.collectParams().keys()]).toEqual(["body.weight", "body.bias", "head.weight", "head.bias"]);
    expect(() => net.inferShapes([2, 5])).toThrow(ShapeInferenceError);
    net.fail = true;
    expect(() => net.call(np.ones([2, 5]))).toThrow("boom");
    expect(net.body.weight.state).toBe("deferred");
    net.fail = false;
    expect(net.call(np.ones([2, 5])).shape).toEqual([2, 2]);
    expect(net.head.weight.shape).toEqual([2, 8]);
  });

  test("inferShapes is pure: shapes for every layer, nothing allocated or initialized", () => {
    const net = new Sequential().add(new Dense(256, { activation: "relu" }), new Dense(10)).initialize();
    const before = tf.memory().numTensors;
    const r = net.inferShapes([2, 20]);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.outShape).toEqual([2, 10]);
    expect(r.layers.map((l) => [l.name, l.inShape, l.outShape])).toEqual([
      ["0", [2, 20], [2, 256]],
      ["1", [2, 256], [2, 10]],
      ["", [2, 20], [2, 10]],
    ]);
    expect(r.layers[0]!.params).toEqual({ weight: [256, 20], bias: [256] });
    expect(net.collectParams().get("0.weight").state).toBe("deferred");
    expect(() => net.inferShapes([2, 0])).toThrow(RangeError);
  });

  test("Dropout is identity in inference mode and drops in training mode", () => {
    const d = new Dropout(0.5);
    const x = np.ones([100, 100]);
    expect(tf.sum(d.forward(x)).dataSync()[0]).toBe(10000);
    d.train();
    const zeros = tf.sum(tf.equal(d.forward(x), 0)).dataSync()[0]!;
    expect(zeros).toBeGreaterThan(4000);
    expect(zeros).toBeLessThan(6000);
  });
});
