import "./backend.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { backend } from "./backend.js";
import { np } from "./np.js";

describe("np facade", () => {
  test("random.uniform(low, high, shape) and random.normal(mean, std, shape)", () => {
    const u = np.random.uniform(2, 3, [200, 50]);
    expect(u.shape).toEqual([200, 50]);
    expect(u.dtype).toBe("float32");
    expect(tf.min(u).dataSync()[0]).toBeGreaterThanOrEqual(2);
    expect(tf.max(u).dataSync()[0]).toBeLessThan(3);
    const n = np.random.normal(1, 2, [20000]);
    const { mean, variance } = tf.moments(n);
    expect(mean.dataSync()[0]).toBeCloseTo(1, 1);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(2, 1);
    // numpy draws from [high, low) when the bounds are swapped rather than failing.
    const swapped = np.random.uniform(1, 0, [100]).dataSync();
    expect(Math.min(...swapped)).toBeGreaterThan(0);
    expect(Math.max(...swapped)).toBeLessThanOrEqual(1);
    expect(() => np.random.uniform(0, 1, [2.5])).toThrow(/np\.random\.uniform: argument size must hold integers/);
  });

  test("seed repeats sequences", () => {
    np.random.seed(5);
    const a = np.random.normal(0, 1, [5]).dataSync();
    np.random.seed(5);
    expect(np.random.normal(0, 1, [5]).dataSync()).toEqual(a);
  });

  test("zeros, ones, array, arange", () => {
    expect(Array.from(np.zeros([2, 2]).dataSync())).toEqual([0, 0, 0, 0]);
    expect(np.ones(3).shape).toEqual([3]);
    const a = np.array([[1, 2], [3, 4]]);
    expect(a.shape).toEqual([2, 2]);
    expect(a.dtype).toBe("float32");
    expect(np.array([true, false]).dtype).toBe("bool");
    expect(Array.from(np.arange(3).dataSync())).toEqual([0, 1, 2]);
    expect(np.arange(3).dtype).toBe("int32");
    expect(Array.from(np.arange(1, 7, 2).dataSync())).toEqual([1, 3, 5]);
  });

  test("the backend is chosen once and reported", () => {
    expect(["wasm", "cpu", "tensorflow"]).toContain(backend());
    expect(backend()).toBe(tf.getBackend());
  });
});
