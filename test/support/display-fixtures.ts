/**
 * Hand-built display records of the chapter's network, Sequential(Dense(256, relu), Dense(10)),
 * before and after its first batch X of shape (2, 20). The nn library produces the same records.
 */
import type { LayerNode, ParamRow } from "../../src/display/model.js";

const INIT = "Uniform(-0.07, 0.07)";

export const paramsBefore: ParamRow[] = [
  { name: "0.weight", shape: [256, -1], dtype: "float32", state: "deferred", size: null, init: INIT },
  { name: "0.bias", shape: [256], dtype: "float32", state: "deferred", size: 256, init: "Zeros" },
  { name: "1.weight", shape: [10, -1], dtype: "float32", state: "deferred", size: null, init: INIT },
  { name: "1.bias", shape: [10], dtype: "float32", state: "deferred", size: 10, init: "Zeros" },
];

export const paramsAfter: ParamRow[] = [
  { name: "0.weight", shape: [256, 20], dtype: "float32", state: "ready", size: 5120, init: INIT },
  { name: "0.bias", shape: [256], dtype: "float32", state: "ready", size: 256, init: "Zeros" },
  { name: "1.weight", shape: [10, 256], dtype: "float32", state: "ready", size: 2560, init: INIT },
  { name: "1.bias", shape: [10], dtype: "float32", state: "ready", size: 10, init: "Zeros" },
];

export const netBefore: LayerNode = {
  name: "",
  type: "Sequential",
  label: "Sequential",
  kind: "sequential",
  params: [],
  inShape: null,
  outShape: null,
  children: [
    { name: "0", type: "Dense", label: "Dense(-1 -> 256, relu)", kind: "layer", params: paramsBefore.slice(0, 2), inShape: null, outShape: null, children: [] },
    { name: "1", type: "Dense", label: "Dense(-1 -> 10)", kind: "layer", params: paramsBefore.slice(2), inShape: null, outShape: null, children: [] },
  ],
};

export const netAfter: LayerNode = {
  name: "",
  type: "Sequential",
  label: "Sequential",
  kind: "sequential",
  params: [],
  inShape: [2, 20],
  outShape: [2, 10],
  children: [
    { name: "0", type: "Dense", label: "Dense(20 -> 256, relu)", kind: "layer", params: paramsAfter.slice(0, 2), inShape: [2, 20], outShape: [2, 256], children: [] },
    { name: "1", type: "Dense", label: "Dense(256 -> 10)", kind: "layer", params: paramsAfter.slice(2), inShape: [2, 256], outShape: [2, 10], children: [] },
  ],
};

/** A synthetic deep network: `n` Dense layers in nested Sequential blocks of 10. */
export function syntheticNet(n: number, opts: { known: boolean }): { tree: LayerNode; rows: ParamRow[] } {
  const rows: ParamRow[] = [];
  const blocks: LayerNode[] = [];
  let width = 20;
  for (let b = 0; b * 10 < n; b++) {
    const children: LayerNode[] = [];
    for (let i = b * 10; i < Math.min(n, b * 10 + 10); i++) {
      const units = 32 + (i % 5) * 16;
      const name = `block${b}.${i - b * 10}`;
      const wShape = opts.known ? [units, width] : [units, -1];
      const params: ParamRow[] = [
        { name: `${name}.weight`, shape: wShape, dtype: "float32", state: opts.known ? "ready" : "deferred", size: opts.known ? units * width : null, init: INIT },
        { name: `${name}.bias`, shape: [units], dtype: "float32", state: opts.known ? "ready" : "deferred", size: units, init: "Zeros" },
      ];
      rows.push(...params);
      children.push({
        name,
        type: "Dense",
        label: `Dense(${opts.known ? width : -1} -> ${units}, relu)`,
        kind: "layer",
        params,
        inShape: opts.known ? [64, width] : null,
        outShape: opts.known ? [64, units] : null,
        children: [],
      });
      width = units;
    }
    blocks.push({ name: `block${b}`, type: "Sequential", label: "Sequential", kind: "sequential", params: [], inShape: children[0]!.inShape, outShape: children[children.length - 1]!.outShape, children });
  }
  const tree: LayerNode = { name: "", type: "Sequential", label: "Sequential", kind: "sequential", params: [], inShape: opts.known ? [64, 20] : null, outShape: opts.known ? [64, width] : null, children: blocks };
  return { tree, rows };
}
