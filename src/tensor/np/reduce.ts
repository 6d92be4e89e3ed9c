/**
 * Reductions with numpy's `axis` (one, several, negative, or null = all) and `keepdims`.
 * Both can be given positionally, `np.sum(X, 1, true)`, or as numpy's keywords,
 * `np.sum(X, { axis: 1, keepdims: true })`.
 */
import { tf } from "../tf.js";
import { cast, checkBool, normAxes, normAxis, op, toTensor, type Axis, type DType, type NpArrayLike } from "./args.js";
import { NpError, fmtShape } from "./errors.js";

/** numpy's keyword arguments of a reduction. */
export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}

function isOptions(v: unknown): v is ReduceOptions {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parse(fn: string, axisOrOptions: Axis | ReduceOptions | undefined, keepdims: boolean | undefined): { axis: Axis | undefined; keepdims: boolean } {
  if (isOptions(axisOrOptions)) {
    for (const k of Object.keys(axisOrOptions)) {
      if (k !== "axis" && k !== "keepdims") throw new NpError("NP_ARG_TYPE", fn, `unknown option "${k}"; the options are axis and keepdims`);
    }
    return { axis: axisOrOptions.axis, keepdims: axisOrOptions.keepdims === undefined ? false : checkBool(axisOrOptions.keepdims, fn, "keepdims") };
  }
  return { axis: axisOrOptions, keepdims: keepdims === undefined ? false : checkBool(keepdims, fn, "keepdims") };
}

type Reducer = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

function reduce(fn: string, a: NpArrayLike, axisOrOptions: Axis | ReduceOptions | undefined, keepdimsArg: boolean | undefined, dtypeOf: (d: DType) => DType, f: Reducer, identity: boolean): tf.Tensor {
  return op(fn, () => {
    const { axis, keepdims } = parse(fn, axisOrOptions, keepdimsArg);
    const t = toTensor(a, fn, "a");
    const axes = normAxes(axis, t.rank, fn);
    const dt = dtypeOf(t.dtype as DType);
    if (!identity && axes.some((ax) => t.shape[ax] === 0)) {
      throw new NpError("NP_VALUE", fn, `zero-size array to reduction operation ${fn.slice(3)} which has no identity (shape ${fmtShape(t.shape)})`);
    }
    const x = cast(t, dt === "bool" ? "int32" : dt);
    if (axes.length === 0) return cast(tf.clone(x), dt);
    return cast(f(x, axes, keepdims), dt);
  });
}

const sumType = (d: DType): DType => (d === "float32" ? d : "int32");
const same = (d: DType): DType => d;

/** Sum over `axis` (all by default); int and bool sum to int32. `np.sum(X, 0, true)`. */
export function sum(a: NpArrayLike, options: ReduceOptions): tf.Tensor;
export function sum(a: NpArrayLike, axis?: Axis, keepdims?: boolean): tf.Tensor;
export function sum(a: NpArrayLike, axis?: Axis | ReduceOptions, keepdims?: boolean): tf.Tensor {
  return reduce("np.sum", a, axis, keepdims, sumType, (x, ax, k) => tf.sum(x, ax, k), true);
}

/** Arithmetic mean over `axis` (float32). */
export function mean(a: NpArrayLike, options: ReduceOptions): tf.Tensor;
export function mean(a: NpArrayLike, axis?: Axis, keepdims?: boolean): tf.Tensor;
export function mean(a: NpArrayLike, axis?: Axis | ReduceOptions, keepdims?: boolean): tf.Tensor {
  return reduce("np.mean", a, axis, keepdims, () => "float32", (x, ax, k) => tf.mean(x, ax, k), true);
}

/** Product over `axis`; int and bool multiply to int32. */
export function prod(a: NpArrayLike, options: ReduceOptions): tf.Tensor;
export function prod(a: NpArrayLike, axis?: Axis, keepdims?: boolean): tf.Tensor;
export function prod(a: NpArrayLike, axis?: Axis | ReduceOptions, keepdims?: boolean): tf.Tensor {
  return reduce("np.prod", a, axis, keepdims, sumType, (x, ax, k) => tf.prod(x, ax, k), true);
}

/** Largest value over `axis` (numpy's `np.max` / `np.amax`); keeps the dtype. */
export function max(a: NpArrayLike, options: ReduceOptions): tf.Tensor;
export function max(a: NpArrayLike, axis?: Axis, keepdims?: boolean): tf.Tensor;
export function max(a: NpArrayLike, axis?: Axis | ReduceOptions, keepdims?: boolean): tf.Tensor {
  return reduce("np.max", a, axis, keepdims, same, (x, ax, k) => tf.max(x, ax, k), false);
}

/** Smallest value over `axis`; keeps the dtype. */
export function min(a: NpArrayLike, options: ReduceOptions): tf.Tensor;
export function min(a: NpArrayLike, axis?: Axis, keepdims?: boolean): tf.Tensor;
export function min(a: NpArrayLike, axis?: Axis | ReduceOptions, keepdims?: boolean): tf.Tensor {
  return reduce("np.min", a, axis, keepdims, same, (x, ax, k) => tf.min(x, ax, k), false);
}

/** numpy's keyword arguments of argmax/argmin: one axis or null (flattened). */
export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}

function argReduce(fn: string, a: NpArrayLike, axisOrOptions: number | null | ArgOptions | undefined, keepdimsArg: boolean | undefined, f: (x: tf.Tensor, axis: number) => tf.Tensor): tf.Tensor {
  return op(fn, () => {
    const { axis, keepdims } = parse(fn, axisOrOptions as Axis | ReduceOptions | undefined, keepdimsArg);
    if (Array.isArray(axis)) throw new NpError("NP_ARG_TYPE", fn, "axis must be one integer or null (numpy's argmax/argmin take a single axis)");
    let t = toTensor(a, fn, "a");
    if (t.size === 0) throw new NpError("NP_VALUE", fn, `attempt to get ${fn.slice(3)} of an empty sequence`);
    if (t.dtype === "bool") t = tf.cast(t, "int32");
    if (axis === null || axis === undefined) {
      const r = f(tf.reshape(t, [-1]), 0);
      return keepdims ? tf.reshape(r, t.shape.map(() => 1)) : r;
    }
    const ax = normAxis(axis, t.rank, fn);
    const r = f(t, ax);
    return keepdims ? tf.expandDims(r, ax) : r;
  });
}

/** Index (int32) of the largest value along `axis`, of the flattened array when axis is null. */
export function argmax(a: NpArrayLike, options: ArgOptions): tf.Tensor;
export function argmax(a: NpArrayLike, axis?: number | null, keepdims?: boolean): tf.Tensor;
export function argmax(a: NpArrayLike, axis?: number | null | ArgOptions, keepdims?: boolean): tf.Tensor {
  return argReduce("np.argmax", a, axis, keepdims, (x, ax) => tf.argMax(x, ax));
}

/** Index (int32) of the smallest value along `axis`, of the flattened array when axis is null. */
export function argmin(a: NpArrayLike, options: ArgOptions): tf.Tensor;
export function argmin(a: NpArrayLike, axis?: number | null, keepdims?: boolean): tf.Tensor;
export function argmin(a: NpArrayLike, axis?: number | null | ArgOptions, keepdims?: boolean): tf.Tensor {
  return argReduce("np.argmin", a, axis, keepdims, (x, ax) => tf.argMin(x, ax));
}
