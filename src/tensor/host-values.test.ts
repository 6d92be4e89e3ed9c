import { describe, expect, test } from "vitest";
import { ItemError, np, tf } from "../index.js";

describe("item() and tolist()", () => {
  test("item() gives a JS number from any one-element tensor", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    expect(x.sum().item()).toBe(21);
    expect(typeof x.mean().item()).toBe("number");
    expect(np.ones([1, 1, 1]).item()).toBe(1);
    expect(tf.scalar(7, "int32").item()).toBe(7);
    expect(tf.equal(x, x).all().item()).toBe(1);
    let n = 0;
    let y = np.array([8, 8]);
    while (y.abs().sum().item() > 1) {
      y = y.div(2);
      n++;
    }
    expect(n).toBe(4);
  });

  test("item() on several elements names the shape and the element count", () => {
    const x = np.ones([2, 3]);
    expect(() => x.item()).toThrow(ItemError);
    expect(() => x.item()).toThrow(/shape \(2, 3\) and 6 elements/);
    expect(() => np.ones([4]).item()).toThrow(/shape \(4,\) and 4 elements/);
    expect(() => np.zeros([0]).item()).toThrow(/0 elements/);
    try {
      x.item();
    } catch (e) {
      expect((e as ItemError).code).toBe("E_ITEM_SIZE");
      expect((e as ItemError).size).toBe(6);
    }
  });

  test("tolist() gives nested arrays of numbers, of booleans for bool tensors, a value for scalars", () => {
    expect(np.array([[1, 2], [3, 4]]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(tf.tensor([1, 2], [2], "int32").tolist()).toEqual([1, 2]);
    expect(tf.greater(np.array([1, 5]), 2).tolist()).toEqual([false, true]);
    expect(tf.scalar(2.5).tolist()).toBe(2.5);
    expect(np.zeros([2, 0]).tolist()).toEqual([[], []]);
  });
});

test("nest() keeps empty axes and row-major order", async () => {
  const { nest } = await import("./host-values.js");
  expect(nest([1, 2, 3, 4, 5, 6], [2, 3])).toEqual([[1, 2, 3], [4, 5, 6]]);
  expect(nest([1, 2, 3, 4, 5, 6], [3, 1, 2])).toEqual([[[1, 2]], [[3, 4]], [[5, 6]]]);
  expect(nest([], [2, 0, 3])).toEqual([[], []]);
  expect(nest([], [0, 2])).toEqual([]);
  expect(nest([9], [])).toBe(9);
});
