/**
 * np.random: numpy's (low, high, size) order, checked by the distribution's properties (numpy's
 * generator differs, so values cannot be compared) and by seeding.
 */
import "../backend.js";
import { describe, expect, test } from "vitest";
import { tf } from "../tf.js";
import * as np from "./index.js";

const values = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

describe("np.random", () => {
  test("uniform(low, high, size): float32 in [low, high), mean near the middle; no size is 0-d", () => {
    const u = np.random.uniform(-2, 3, [100, 50]);
    expect([u.dtype, u.shape]).toEqual(["float32", [100, 50]]);
    const v = values(u);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...v)).toBeLessThan(3);
    // mean of 5000 U(-2, 3): sd of the mean 5/sqrt(12*5000) = 0.02; 0.1 is 5 sd.
    expect(Math.abs(v.reduce((a, b) => a + b) / v.length - 0.5)).toBeLessThan(0.1);
    expect(np.random.uniform().shape).toEqual([]);
    expect(np.random.uniform(0, 1, 3).shape).toEqual([3]);
  });

  test("normal(loc, scale, size): mean and standard deviation", () => {
    const v = values(np.random.normal(1, 2, [20000]));
    const m = v.reduce((a, b) => a + b) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    expect(Math.abs(m - 1)).toBeLessThan(0.1);
    expect(Math.abs(sd - 2)).toBeLessThan(0.1);
  });

  test("randint(low, high, size): int32 in [low, high), every value drawn about equally often", () => {
    const r = np.random.randint(-3, 2, [5000]);
    expect(r.dtype).toBe("int32");
    const counts = new Map<number, number>();
    for (const x of values(r)) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1]);
    // 1000 expected each; binomial sd ~28, so 850..1150 is > 5 sd.
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
    const one = values(np.random.randint(3, null, [200]));
    expect(new Set(one)).toEqual(new Set([0, 1, 2]));
    expect(np.random.randint(5).shape).toEqual([]);
  });

  test("numpy's keywords as an options object: uniform({ size }), normal({ scale, size }), randint(low, { size })", () => {
    expect(np.random.uniform({ size: [2, 20] }).shape).toEqual([2, 20]);
    const u = values(np.random.uniform({ low: 5, high: 6, size: 100 }));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...u)).toBeLessThan(6);
    const n = values(np.random.normal({ loc: 3, scale: 0.01, size: [1000] }));
    expect(Math.abs(n.reduce((a, b) => a + b) / n.length - 3)).toBeLessThan(0.01);
    const r = np.random.randint(4, { size: [300] });
    expect(new Set(values(r))).toEqual(new Set([0, 1, 2, 3]));
    expect(() => np.random.uniform({ shape: [2] } as never)).toThrow(/np\.random\.uniform: unknown option "shape"; the options are low, high, size/);
  });

  test("seed(n) repeats every generator, and other seeds differ", () => {
    const draw = () => [np.random.uniform(0, 1, [4]), np.random.normal(0, 1, [4]), np.random.randint(0, 1000, [4])].map(values);
    np.random.seed(7);
    const a = draw();
    np.random.seed(7);
    expect(draw()).toEqual(a);
    np.random.seed(8);
    expect(draw()).not.toEqual(a);
  });
});
