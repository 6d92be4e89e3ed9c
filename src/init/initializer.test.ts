import "../tensor/backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { np } from "../tensor/np.js";
import { Dense } from "../nn/dense.js";
import { Sequential } from "../nn/sequential.js";
import { Constant, Custom, Normal, Uniform, Xavier, Zeros, fansOf } from "./initializer.js";

function stats(t: tf.Tensor) {
  const v = t.dataSync();
  let min = Infinity, max = -Infinity, sum = 0;
  for (const x of v) { min = Math.min(min, x); max = Math.max(max, x); sum += x; }
  const mean = sum / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(sq / v.length) };
}

describe("initializers", () => {
  const shape = [400, 500];
  const fans = fansOf(shape);

  test("Uniform(0.07): range [-0.07, 0.07), mean 0, std 0.07/sqrt(3)", () => {
    const s = stats(new Uniform(0.07).create(shape));
    expect(s.min).toBeGreaterThanOrEqual(-0.07);
    expect(s.max).toBeLessThanOrEqual(0.07);
    expect(s.min).toBeLessThan(-0.069);
    expect(Math.abs(s.mean)).toBeLessThan(1e-3);
    expect(s.std).toBeCloseTo(0.07 / Math.sqrt(3), 3);
    expect(new Uniform({ low: 2, high: 3 }).describe()).toBe("Uniform(2, 3)");
    expect(() => new Uniform({ low: 1, high: 1 })).toThrow(RangeError);
  });

  test("Normal(sigma, mean): mean and std", () => {
    const s = stats(new Normal(0.5, { mean: 2 }).create(shape));
    expect(s.mean).toBeCloseTo(2, 2);
    expect(s.std).toBeCloseTo(0.5, 2);
  });

  test("Constant and Zeros", () => {
    expect(stats(new Constant(3).create([10, 10]))).toMatchObject({ min: 3, max: 3 });
    expect(stats(new Zeros().create([10]))).toMatchObject({ min: 0, max: 0 });
    expect(() => new Constant(NaN)).toThrow(TypeError);
  });

  test("Xavier uniform: bound sqrt(6 / (fanIn + fanOut)); gaussian: std sqrt(2 / (fanIn + fanOut))", () => {
    expect(fans).toEqual({ fanIn: 500, fanOut: 400 });
    const bound = Math.sqrt(6 / 900);
    const u = stats(new Xavier().create(shape, fans));
    expect(u.max).toBeLessThanOrEqual(bound);
    expect(u.max).toBeGreaterThan(bound * 0.99);
    expect(u.std).toBeCloseTo(bound / Math.sqrt(3), 3);
    const g = stats(new Xavier({ rndType: "gaussian" }).create(shape, fans));
    expect(g.std).toBeCloseTo(Math.sqrt(3 / 450), 3);
    expect(fansOf([16, 6, 5, 5])).toEqual({ fanIn: 150, fanOut: 400 });
  });

  test("custom initializers: a function or init.Custom, checked against the shape", () => {
    const net = new Sequential().add(new Dense(3, { inUnits: 2, weightInit: (s) => Array.from({ length: s[0]! * s[1]! }, (_, i) => i) }));
    net.initialize();
    expect(Array.from(net.at(0).collectParams().get("weight").data().dataSync())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(net.collectParams().get("0.weight").initializer?.describe()).toBe("Custom(weightInit)");
    const bad = new Custom(() => [1, 2, 3], { name: "short" });
    expect(() => bad.create([2, 2], fansOf([2, 2]))).toThrow(/Custom\(short\).*3 values.*needs 4/);
    expect(() => new Custom(42 as never)).toThrow(TypeError);
  });

  test("np.random.seed makes initializers and random tensors reproducible", () => {
    const run = () => {
      np.random.seed(42);
      const net = new Sequential().add(new Dense(4), new Dense(2)).initialize({ init: new Xavier() });
      const X = np.random.uniform(0, 1, [3, 5]);
      return [Array.from(X.dataSync()), Array.from(net.forward(X).dataSync()), Array.from(net.collectParams().get("0.weight").data().dataSync())];
    };
    const a = run();
    const b = run();
    expect(b).toEqual(a);
    np.random.seed(43);
    expect(Array.from(np.random.uniform(0, 1, [3, 5]).dataSync())).not.toEqual(a[0]);
  });
});
