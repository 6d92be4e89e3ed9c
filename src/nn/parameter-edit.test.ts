/** Editing parameter values: setData, update, setAt; checked, leak-free, seen through sharing. */
import { describe, expect, test } from "vitest";
import { inspect } from "node:util";
import { JUPYTER_DISPLAY, ParameterValueError, nn, np, tf } from "../index.js";
import { Parameter } from "./parameter.js";

const ready = () => {
  const net = new nn.Sequential().add(new nn.Dense(3, { inUnits: 2 }), new nn.Dense(1)).initialize();
  net.forward(np.ones([1, 2])).dispose();
  return net;
};
const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe("editing parameter values", () => {
  test("setData replaces the value in place, checking shape and dtype", () => {
    const w = ready().at(0).weight;
    const variable = w.data();
    w.setData(np.array([[1, 2], [3, 4], [5, 6]]));
    expect(values(w.data())).toEqual([1, 2, 3, 4, 5, 6]);
    // The same variable: optimizer state keyed on it, and every holder, see the edit.
    expect(w.data()).toBe(variable);
    // int32 into float32 is lossless: accepted and cast.
    w.setData(tf.tensor2d([[1, 1], [1, 1], [1, 1]], [3, 2], "int32"));
    expect(w.data().dtype).toBe("float32");
    const shapeErr = (() => { try { w.setData(np.zeros([2, 3])); } catch (e) { return e; } })() as ParameterValueError;
    expect(shapeErr).toBeInstanceOf(ParameterValueError);
    expect(shapeErr.code).toBe("E_PARAM_SHAPE");
    expect(shapeErr.message).toMatch(/"0\.weight": setData got a value of shape \(2, 3\), expected \(3, 2\)/);
    const dtypeParam = new Parameter("count", [2], { dtype: "int32", trainable: false });
    dtypeParam.setData(tf.tensor1d([1, 2], "int32"));
    expect(() => dtypeParam.setData(tf.tensor1d([1.5, 2]))).toThrow(/setData got a float32 value for a int32 parameter.*cast\("int32"\)/);
    expect(values(w.data())).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test("update(fn) applies fn to the value; errors leave it unchanged", () => {
    const b = ready().at(0).bias;
    b.update((v) => v.add(1));
    b.update((v) => v.mul(3));
    expect(values(b.data())).toEqual([3, 3, 3]);
    expect(() => b.update((v) => v.reshape([1, 3]))).toThrow(/update got a value of shape \(1, 3\), expected \(3,\)/);
    expect(() => b.update(() => 5 as unknown as tf.Tensor)).toThrow(/fn must return a tensor.*got number/);
    expect(values(b.data())).toEqual([3, 3, 3]);
  });

  test("setAt(index, value) sets one element; negative indices count from the end", () => {
    const w = ready().at(0).weight;
    w.setData(np.zeros([3, 2]));
    w.setAt([0, 0], 42);
    w.setAt([-1, -1], 7);
    expect(values(w.data())).toEqual([42, 0, 0, 0, 0, 7]);
    expect(() => w.setAt([3, 0], 1)).toThrow(/index 3 is out of range for axis 0 of size 3/);
    expect(() => w.setAt([0], 1)).toThrow(/needs 2 indices for shape \(3, 2\), got 1/);
    const err = (() => { try { w.setAt([0, 2], 1); } catch (e) { return e; } })() as ParameterValueError;
    expect(err.code).toBe("E_PARAM_INDEX");
    expect(values(w.data())).toEqual([42, 0, 0, 0, 0, 7]);
  });

  test("edits allocate no tensors that outlive them", () => {
    const net = ready();
    const w = net.at(0).weight;
    const b = net.at(0).bias;
    const x = np.zeros([3, 2]);
    w.setData(x); b.update((v) => v.add(1)); w.setAt([1, 1], 2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      w.setData(x);
      b.update((v) => v.add(1).mul(0.5).sub(tf.scalar(0.1)));
      w.setAt([i % 3, i % 2], i);
      try { w.setData(np.zeros([1])); } catch { /* checked above: the failed edit must not leak either */ }
    }
    // np.zeros([1]) in the loop is the caller's tensor: 200 of them are the only new ones.
    expect(tf.memory().numTensors - before).toBe(200);
  });

  test("a shared parameter shows an edit through every layer that holds it", () => {
    const shared = new nn.Dense(2, { inUnits: 2 });
    const net = new nn.Sequential().add(new nn.Dense(2, { inUnits: 2 }), shared, new nn.Dense(2, { inUnits: 2 }).shareParameters(shared)).initialize();
    net.at(1).weight.setData(np.array([[1, 0], [0, 1]]));
    net.at(1).bias.update((v) => v.add(5));
    net.at(1).weight.setAt([0, 1], 3);
    for (const layer of [net.at(1), net.at(2)]) {
      expect(values(layer.weight.data())).toEqual([1, 3, 0, 1]);
      expect(values(layer.bias.data())).toEqual([5, 5]);
    }
    const y = net.at(2).forward(np.array([[1, 1]]));
    expect(values(y)).toEqual([9, 6]);
  });

  test("integer and boolean dtypes show in parameter tables and tensor displays", () => {
    const count = new Parameter("steps", [2], { dtype: "int32", trainable: false });
    count.setData(tf.tensor1d([3, 4], "int32"));
    expect(count.data().dtype).toBe("int32");
    expect(count[JUPYTER_DISPLAY]()["text/plain"]).toMatch(/dtype=int32/);
    expect(count[JUPYTER_DISPLAY]()["text/html"]).toContain("int32");
    const mask = new Parameter("mask", [2], { dtype: "bool", trainable: false });
    mask.setData(tf.tensor1d([1, 0], "bool"));
    mask.setAt([1], true);
    expect(mask.data().tolist()).toEqual([true, true]);
    expect(inspect(mask)).toMatch(/dtype=bool/);
    expect(inspect(tf.tensor1d([1, 2], "int32"))).toMatch(/dtype=int32/);
    expect(inspect(tf.greater(np.array([1, 5]), 2))).toMatch(/array\(\[false, +true\].*dtype=bool/);
  });
});
