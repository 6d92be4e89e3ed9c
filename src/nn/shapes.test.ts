import { describe, expect, test } from "vitest";
import { ShapeMismatchError } from "./errors.js";
import { batchNormShape, conv2dShape, denseShape, flattenShape, pool2dShape, windowOut } from "./shapes.js";

describe("pure shape functions", () => {
  test("Dense resolves the unknown input size from the batch", () => {
    expect(denseShape({ layer: 'Dense "0"', units: 256, flatten: true, weight: [256, -1] }, [2, 20]))
      .toEqual({ out: [2, 256], weight: [256, 20], bias: [256] });
  });

  test("Dense flattens (N, C, H, W) like Gluon", () => {
    expect(denseShape({ layer: "d", units: 10, flatten: true, weight: [10, -1] }, [4, 16, 5, 5]).weight).toEqual([10, 400]);
  });

  test("Dense with a fixed weight rejects another feature size and names layer and shapes", () => {
    let err: unknown;
    try {
      denseShape({ layer: 'Dense "1"', units: 10, flatten: true, weight: [10, 256] }, [2, 30]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShapeMismatchError);
    const e = err as ShapeMismatchError;
    expect(e.code).toBe("E_SHAPE_MISMATCH");
    expect(e.message).toContain('Dense "1"');
    expect(e.message).toContain("(batch, 256)");
    expect(e.message).toContain("(2, 30)");
    expect(e.message).toMatch(/feed 256 features/);
  });

  test("Dense without flatten needs rank 2", () => {
    expect(() => denseShape({ layer: "d", units: 3, flatten: false, weight: [3, -1] }, [2, 3, 4])).toThrow(ShapeMismatchError);
  });

  test("Conv2D output size follows (H + 2p - k) / s + 1", () => {
    const r = conv2dShape({ layer: "c", channels: 6, kernel: [5, 5], strides: [1, 1], padding: [2, 2], weight: [6, -1, 5, 5] }, [1, 1, 28, 28]);
    expect(r).toEqual({ out: [1, 6, 28, 28], weight: [6, 1, 5, 5], bias: [6] });
    expect(windowOut(32, 5, 1, 0)).toBe(28);
    expect(windowOut(7, 3, 2, 0)).toBe(3);
  });

  test("Conv2D kernel larger than the input is a ShapeMismatchError that says so", () => {
    expect(() => conv2dShape({ layer: 'Conv2D "0"', channels: 2, kernel: [5, 5], strides: [1, 1], padding: [0, 0], weight: [2, -1, 5, 5] }, [1, 1, 3, 3]))
      .toThrow(/Conv2D "0".*kernelSize \(5, 5\).*larger than the 3x3 input/);
  });

  test("Conv2D rejects non-4d input and mismatched channels", () => {
    expect(() => conv2dShape({ layer: "c", channels: 2, kernel: [3, 3], strides: [1, 1], padding: [0, 0], weight: [2, -1, 3, 3] }, [1, 28, 28]))
      .toThrow(/\(batch, channels, height, width\), got \(1, 28, 28\)/);
    expect(() => conv2dShape({ layer: "c", channels: 2, kernel: [3, 3], strides: [1, 1], padding: [0, 0], weight: [2, 3, 3, 3] }, [1, 1, 8, 8]))
      .toThrow(/3 input channels/);
  });

  test("pooling, batchnorm and flatten", () => {
    expect(pool2dShape({ layer: "p", pool: [2, 2], strides: [2, 2], padding: [0, 0] }, [1, 6, 28, 28]).out).toEqual([1, 6, 14, 14]);
    expect(() => pool2dShape({ layer: "p", pool: [4, 4], strides: [4, 4], padding: [0, 0] }, [1, 6, 2, 2])).toThrow(ShapeMismatchError);
    expect(batchNormShape({ layer: "b", gamma: [-1] }, [8, 6, 4, 4])).toEqual({ out: [8, 6, 4, 4], feature: [6] });
    expect(() => batchNormShape({ layer: "b", gamma: [5] }, [8, 6])).toThrow(/5 channels/);
    expect(flattenShape({ layer: "f" }, [3, 4, 5]).out).toEqual([3, 20]);
  });

  test("a -1 batch dimension passes through", () => {
    expect(denseShape({ layer: "d", units: 4, flatten: true, weight: [4, -1] }, [-1, 20]).out).toEqual([-1, 4]);
  });
});
