/**
 * Shape manipulation. expandDims and squeeze are reshapes (one gradient, no copy); axes may be
 * negative, as in numpy.
 */
import { tf } from "../tf.js";
import { cast, checkInt, normAxes, normAxis, op, promote, toTensor, type DType, type NpArrayLike, type ShapeLike } from "./args.js";
import { NpError, fmtShape } from "./errors.js";

/** A new shape for the same data; one dimension may be -1 (inferred): `np.reshape(X, [-1, 4])`. */
export function reshape(a: NpArrayLike, newshape: ShapeLike): tf.Tensor {
  const fn = "np.reshape";
  return op(fn, () => {
    const t = toTensor(a, fn, "a");
    const dims = (typeof newshape === "number" ? [newshape] : Array.isArray(newshape) ? [...newshape] : null) as number[] | null;
    if (dims === null) throw new NpError("NP_ARG_TYPE", fn, `argument newshape must be an integer or an array of integers`);
    dims.forEach((d, i) => checkInt(d, fn, `newshape[${i}]`));
    const unknown = dims.filter((d) => d === -1).length;
    if (unknown > 1) throw new NpError("NP_VALUE", fn, "can only specify one unknown dimension (-1)");
    if (dims.some((d) => d < -1)) throw new NpError("NP_VALUE", fn, `negative dimensions other than -1 are not allowed: ${fmtShape(dims)}`);
    const known = dims.reduce((p, d) => (d === -1 ? p : p * d), 1);
    const size = t.size;
    const fits = unknown ? known !== 0 && size % known === 0 : known === size;
    if (!fits) throw new NpError("NP_SHAPE", fn, `cannot reshape array of size ${size} into shape ${fmtShape(dims)}`);
    const out = dims.map((d) => (d === -1 ? size / known : d));
    return tf.reshape(t, out);
  });
}

/** Permutes the axes (reverses them by default): `np.transpose(X)`, `np.transpose(X, [1, 0, 2])`. */
export function transpose(a: NpArrayLike, axes?: readonly number[] | null): tf.Tensor {
  const fn = "np.transpose";
  return op(fn, () => {
    const t = toTensor(a, fn, "a");
    if (axes === undefined || axes === null) return tf.transpose(t);
    if (!Array.isArray(axes)) throw new NpError("NP_ARG_TYPE", fn, "argument axes must be an array of integers or null");
    if (axes.length !== t.rank) throw new NpError("NP_AXIS", fn, `axes don't match array: got ${axes.length} axes for an array of dimension ${t.rank}`);
    const perm = axes.map((x) => normAxis(x, t.rank, fn, "axes"));
    if (new Set(perm).size !== perm.length) throw new NpError("NP_AXIS", fn, `repeated axis in transpose: [${axes.join(", ")}]`);
    return tf.transpose(t, perm);
  });
}

function toList(fn: string, arrays: readonly NpArrayLike[]): tf.Tensor[] {
  if (!Array.isArray(arrays)) throw new NpError("NP_ARG_TYPE", fn, "the first argument must be an array of arrays, e.g. [a, b]");
  if (arrays.length === 0) throw new NpError("NP_VALUE", fn, "need at least one array to join");
  const ts = arrays.map((x, i) => toTensor(x, fn, `arrays[${i}]`));
  const dt = promote(...ts.map((t) => t.dtype as DType));
  return ts.map((t) => cast(t, dt));
}

/**
 * Joins arrays along an existing axis (null: flattened first): `np.concatenate([A, B], 0)`.
 * All dimensions but `axis` must match.
 */
export function concatenate(arrays: readonly NpArrayLike[], axis: number | null = 0): tf.Tensor {
  const fn = "np.concatenate";
  return op(fn, () => {
    let ts = toList(fn, arrays);
    if (axis === null) ts = ts.map((t) => tf.reshape(t, [-1]));
    const first = ts[0]!;
    if (first.rank === 0) throw new NpError("NP_SHAPE", fn, "zero-dimensional arrays cannot be concatenated");
    const ax = normAxis(axis ?? 0, first.rank, fn);
    ts.forEach((t, i) => {
      if (t.rank !== first.rank) {
        throw new NpError("NP_SHAPE", fn, `all the input arrays must have same number of dimensions, but the array at index 0 has ${first.rank} dimension(s) and the array at index ${i} has ${t.rank} dimension(s)`);
      }
      t.shape.forEach((d, j) => {
        if (j !== ax && d !== first.shape[j]) {
          throw new NpError("NP_SHAPE", fn, `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${j}, the array at index 0 has size ${first.shape[j]} and the array at index ${i} has size ${d}`);
        }
      });
    });
    return ts.length === 1 ? tf.clone(first) : tf.concat(ts, ax);
  });
}

/** Joins same-shape arrays along a new axis: `np.stack([a, b], 1)`. */
export function stack(arrays: readonly NpArrayLike[], axis = 0): tf.Tensor {
  const fn = "np.stack";
  return op(fn, () => {
    const ts = toList(fn, arrays);
    const shape = ts[0]!.shape;
    ts.forEach((t, i) => {
      if (t.shape.join() !== shape.join()) {
        throw new NpError("NP_SHAPE", fn, `all input arrays must have the same shape; the array at index 0 has shape ${fmtShape(shape)} and the array at index ${i} has shape ${fmtShape(t.shape)}`);
      }
    });
    const ax = normAxis(axis, shape.length + 1, fn);
    const out = [...shape.slice(0, ax), 1, ...shape.slice(ax)];
    const parts = ts.map((t) => tf.reshape(t, out));
    return parts.length === 1 ? parts[0]! : tf.concat(parts, ax);
  });
}

/** Inserts length-1 axes at the given positions of the result: `np.expandDims(x, 0)`. */
export function expandDims(a: NpArrayLike, axis: number | readonly number[]): tf.Tensor {
  const fn = "np.expandDims";
  return op(fn, () => {
    const t = toTensor(a, fn, "a");
    const list = typeof axis === "number" ? [axis] : axis;
    if (!Array.isArray(list)) throw new NpError("NP_ARG_TYPE", fn, "argument axis must be an integer or an array of integers");
    const rank = t.rank + list.length;
    const axes = normAxes(list, rank, fn);
    const out: number[] = [];
    let src = 0;
    for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : t.shape[src++]!);
    return tf.reshape(t, out);
  });
}

/** Removes length-1 axes (all of them, or those in `axis`): `np.squeeze(x)`. */
export function squeeze(a: NpArrayLike, axis?: number | readonly number[] | null): tf.Tensor {
  const fn = "np.squeeze";
  return op(fn, () => {
    const t = toTensor(a, fn, "a");
    const axes = axis === undefined || axis === null ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normAxes(axis, t.rank, fn);
    for (const ax of axes) {
      if (t.shape[ax] !== 1) throw new NpError("NP_SHAPE", fn, `cannot select an axis to squeeze out which has size not equal to one (axis ${ax} of shape ${fmtShape(t.shape)})`);
    }
    return tf.reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
  });
}
