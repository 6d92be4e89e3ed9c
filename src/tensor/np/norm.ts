/** `np.linalg`: norms of vectors and matrices, numpy's `norm(x, ord, axis, keepdims)`. */
import { tf } from "../tf.js";
import { cast, checkBool, normAxes, op, toTensor, type NpArrayLike } from "./args.js";
import { NpError } from "./errors.js";

/** numpy's ord: a number (Infinity allowed), "fro" or "nuc"; null is the 2-norm / Frobenius norm. */
export type NormOrd = number | "fro" | "nuc" | null;

/** numpy's keyword arguments of `norm`. */
export interface NormOptions {
  ord?: NormOrd;
  axis?: number | readonly [number, number] | null;
  keepdims?: boolean;
}

function vectorNorm(fn: string, x: tf.Tensor, ord: NormOrd, ax: number): tf.Tensor {
  const k = true;
  if (ord === null || ord === 2) return tf.sqrt(tf.sum(tf.square(x), ax, k));
  if (typeof ord === "string") throw new NpError("NP_VALUE", fn, `invalid norm order '${ord}' for vectors; use a number, Infinity or null`);
  if (ord === Infinity) return tf.max(tf.abs(x), ax, k);
  if (ord === -Infinity) return tf.min(tf.abs(x), ax, k);
  if (ord === 0) return tf.sum(tf.cast(tf.notEqual(x, 0), "float32"), ax, k);
  if (ord === 1) return tf.sum(tf.abs(x), ax, k);
  return tf.pow(tf.sum(tf.pow(tf.abs(x), ord), ax, k), 1 / ord);
}

function matrixNorm(fn: string, x: tf.Tensor, ord: NormOrd, rowAx: number, colAx: number): tf.Tensor {
  const k = true;
  if (ord === null || ord === "fro") return tf.sqrt(tf.sum(tf.square(x), [rowAx, colAx], k));
  // Column sums for ord 1, row sums for ord Infinity, then their max (min for the negative ord).
  if (ord === 1 || ord === -1) return (ord === 1 ? tf.max : tf.min)(tf.sum(tf.abs(x), rowAx, k), colAx, k);
  if (ord === Infinity || ord === -Infinity) return (ord === Infinity ? tf.max : tf.min)(tf.sum(tf.abs(x), colAx, k), rowAx, k);
  if (ord === 2 || ord === -2 || ord === "nuc") {
    throw new NpError("NP_VALUE", fn, `matrix norm ord=${ord} needs singular values, which d2l-ts does not compute; use null ("fro"), 1, -1, Infinity or -Infinity`);
  }
  throw new NpError("NP_VALUE", fn, `invalid norm order ${String(ord)} for matrices; use null, "fro", 1, -1, Infinity or -Infinity`);
}

function isOptions(v: unknown): v is NormOptions {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Vector or matrix norm (float32). Default: the 2-norm of the flattened array (the Frobenius norm
 * of a matrix): `np.linalg.norm(X)`, `np.linalg.norm(X, null, 1)`, `np.linalg.norm(X, { axis: 1 })`.
 */
export function norm(x: NpArrayLike, options: NormOptions): tf.Tensor;
export function norm(x: NpArrayLike, ord?: NormOrd, axis?: number | readonly [number, number] | null, keepdims?: boolean): tf.Tensor;
export function norm(x: NpArrayLike, ordOrOptions?: NormOrd | NormOptions, axisArg?: number | readonly [number, number] | null, keepdimsArg?: boolean): tf.Tensor {
  const fn = "np.linalg.norm";
  const o: NormOptions = isOptions(ordOrOptions) ? ordOrOptions : { ord: ordOrOptions ?? null, axis: axisArg ?? null, keepdims: keepdimsArg ?? false };
  const ord = o.ord ?? null, axis = o.axis ?? null, keepdims = o.keepdims === undefined ? false : checkBool(o.keepdims, fn, "keepdims");
  if (ord !== null && typeof ord !== "number" && ord !== "fro" && ord !== "nuc") throw new NpError("NP_ARG_TYPE", fn, `argument ord must be a number, "fro", "nuc" or null, got ${String(ord)}`);
  return op(fn, () => {
    const t = cast(toTensor(x, fn, "x"), "float32");
    let axes: number[];
    if (axis === null) {
      if (ord === null) {
        const r = tf.sqrt(tf.sum(tf.square(t)));
        return keepdims ? tf.reshape(r, t.shape.map(() => 1)) : r;
      }
      if (t.rank !== 1 && t.rank !== 2) throw new NpError("NP_SHAPE", fn, `improper number of dimensions to norm: ord needs a 1-d or 2-d array, or an axis (got ${t.rank}-d)`);
      axes = t.shape.map((_, i) => i);
    } else {
      const list = typeof axis === "number" ? [axis] : axis;
      if (!Array.isArray(list) || list.length < 1 || list.length > 2) throw new NpError("NP_ARG_TYPE", fn, "argument axis must be an integer, a pair of integers or null");
      axes = list.map((a) => normAxes(a, t.rank, fn)[0]!);
      if (axes.length === 2 && axes[0] === axes[1]) throw new NpError("NP_AXIS", fn, "duplicate axes given");
    }
    const r = axes.length === 1 ? vectorNorm(fn, t, ord, axes[0]!) : matrixNorm(fn, t, ord, axes[0]!, axes[1]!);
    return keepdims ? r : tf.squeeze(r, [...axes].sort((a, b) => a - b));
  });
}
