import { describe, expect, it } from "vitest";
import { tensorBundle, tensorText, type TensorRecord } from "./tensor.js";
import { TensorRecordError } from "./errors.js";
import { byTag, parseHtml, sanitizerProblems, text } from "../../test/support/dom.js";

const make = (shape: number[], f: (i: number) => number, dtype = "float32"): TensorRecord => ({
  shape,
  dtype,
  values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)),
});

describe("tensorText", () => {
  it("prints small tensors in full, numpy style, with shape and dtype", () => {
    expect(tensorText(make([2, 3], (i) => i, "int32"))).toBe("array([[0, 1, 2],\n       [3, 4, 5]], shape=(2, 3), dtype=int32)");
    expect(tensorText(make([3], (i) => i / 4))).toBe("array([0.00, 0.25, 0.50], shape=(3), dtype=float32)");
    expect(tensorText(make([2], (i) => i + 1))).toBe("array([1., 2.], shape=(2), dtype=float32)");
    expect(tensorText(make([], () => 3.5))).toBe("array(3.5, shape=(), dtype=float32)");
    expect(tensorText({ shape: [2], dtype: "bool", values: [true, false] })).toBe("array([ true, false], shape=(2), dtype=bool)");
    expect(tensorText({ shape: [2], dtype: "string", values: ["a", 'q"'] })).toBe('array([  "a", "q\\""], shape=(2), dtype=string)');
    expect(tensorText(make([0, 3], () => 0))).toBe("array([], shape=(0, 3), dtype=float32)");
  });

  it("elides the middle of large tensors and keeps the corners", () => {
    const t = make([256, 20], (i) => i);
    const out = tensorText(t);
    expect(out.split("\n").length).toBeLessThan(12);
    expect(out).toMatch(/^array\(\[\[   0\.,    1\.,    2\., \.\.\., {3}17\., {3}18\., {3}19\.\],/);
    expect(out).toContain("\n       ...,\n");
    expect(out).toMatch(/5117\., 5118\., 5119\.\]\],\n\s+shape=\(256, 20\), dtype=float32\)$/);
    expect(out).not.toContain(" 100.,");
  });

  it("wraps long rows and aligns columns", () => {
    const out = tensorText(make([2, 20], (i) => (i % 2 ? -1 : 1) * i * 0.01));
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(75);
    expect(out).toContain("[[ 0.00, -0.01,  0.02");
    expect(out.endsWith("shape=(2, 20), dtype=float32)")).toBe(true);
  });

  it("uses scientific notation when magnitudes need it, and nan/inf", () => {
    expect(tensorText(make([3], (i) => [1e-6, 2e-6, 1][i]!))).toContain("1.0000e-06");
    expect(tensorText({ shape: [3], dtype: "float32", values: [NaN, Infinity, 1.5] })).toBe("array([nan, inf, 1.5], shape=(3), dtype=float32)");
  });

  it("rejects records whose values do not fill the shape", () => {
    expect(() => tensorText({ shape: [2, 3], dtype: "float32", values: [1, 2] })).toThrow(TensorRecordError);
  });
});

describe("tensorBundle", () => {
  it("adds an HTML table for 2-D tensors with row/column indices", () => {
    const b = tensorBundle(make([2, 3], (i) => i * 0.5));
    const { root, errors } = parseHtml(b["text/html"] as string);
    expect(errors).toEqual([]);
    expect(text(byTag(root, "caption")[0]!)).toBe("shape (2, 3) · float32");
    const rows = byTag(byTag(root, "tbody")[0]!, "tr").map((tr) => [...byTag(tr, "th"), ...byTag(tr, "td")].map(text));
    expect(rows).toEqual([
      ["0", "0.0", "0.5", "1.0"],
      ["1", "1.5", "2.0", "2.5"],
    ]);
    expect(byTag(byTag(root, "thead")[0]!, "th").map(text)).toEqual(["", "0", "1", "2"]);
  });

  it("elides rows and columns of big 2-D tensors in the table", () => {
    const b = tensorBundle(make([256, 20], (i) => i));
    const { root } = parseHtml(b["text/html"] as string);
    const head = byTag(byTag(root, "thead")[0]!, "th").map(text);
    expect(head).toEqual(["", "0", "1", "2", "3", "4", "…", "15", "16", "17", "18", "19"]);
    const rows = byTag(byTag(root, "tbody")[0]!, "tr");
    expect(rows).toHaveLength(11);
    expect(text(byTag(rows[10]!, "th")[0]!)).toBe("255");
    expect(text(byTag(rows[10]!, "td")[10]!)).toBe("5119.");
    expect(text(byTag(root, "caption")[0]!)).toContain("elided");
    expect(sanitizerProblems(root)).toEqual([]);
  });

  it("gives 1-D tensors a one-row table and other ranks text only", () => {
    const one = tensorBundle(make([4], (i) => i, "int32"));
    const { root } = parseHtml(one["text/html"] as string);
    expect(byTag(root, "td").map(text)).toEqual(["0", "1", "2", "3"]);
    expect(Object.keys(tensorBundle(make([2, 2, 2], (i) => i)))).toEqual(["text/plain"]);
    expect(Object.keys(tensorBundle(make([], () => 1)))).toEqual(["text/plain"]);
  });
});
