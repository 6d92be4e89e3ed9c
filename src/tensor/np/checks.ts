/**
 * Value checks that return JavaScript booleans, for tests and `if`s: allclose and arrayEqual.
 * They read the values to the host and compare in double precision, as numpy does.
 */
import { tf } from "../tf.js";
import { broadcastShapes, checkBool, checkNumber, guard, toTensor, type NpArrayLike } from "./args.js";

/** numpy's keyword arguments of allclose / isclose. */
export interface CloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

function values(fn: string, a: NpArrayLike, b: NpArrayLike): { x: ArrayLike<number>; y: ArrayLike<number>; shape: number[] } {
  return guard(fn, () => tf.tidy(() => {
    const x = toTensor(a, fn, "a");
    const y = toTensor(b, fn, "b");
    const shape = broadcastShapes(fn, x.shape, y.shape);
    const read = (t: tf.Tensor) => (t.shape.join() === shape.join() ? t : tf.broadcastTo(t, shape)).dataSync() as ArrayLike<number>;
    return { x: read(x), y: read(y), shape } as never;
  }) as unknown as { x: ArrayLike<number>; y: ArrayLike<number>; shape: number[] });
}

function closeness(fn: string, a: NpArrayLike, b: NpArrayLike, rtolOrOptions: number | CloseOptions | undefined, atolArg: number | undefined, equalNanArg: boolean | undefined) {
  const o: CloseOptions = typeof rtolOrOptions === "object" && rtolOrOptions !== null ? rtolOrOptions : { rtol: rtolOrOptions, atol: atolArg, equalNan: equalNanArg };
  const rtol = o.rtol === undefined ? 1e-5 : checkNumber(o.rtol, fn, "rtol");
  const atol = o.atol === undefined ? 1e-8 : checkNumber(o.atol, fn, "atol");
  const equalNan = o.equalNan === undefined ? false : checkBool(o.equalNan, fn, "equalNan");
  const { x, y, shape } = values(fn, a, b);
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!, v = y[i]!;
    // numpy's isclose: |a - b| <= atol + rtol * |b|; equal infinities are close, NaN only with equalNan.
    out[i] = Number(u === v || (Number.isNaN(u) && Number.isNaN(v) ? equalNan : Math.abs(u - v) <= atol + rtol * Math.abs(v)));
  }
  return { out, shape };
}

/**
 * True when every element of a is close to b (broadcast): |a - b| <= atol + rtol * |b|.
 * Defaults as numpy: rtol 1e-5, atol 1e-8. `np.allclose(Y, Y2)`, `np.allclose(a, b, { atol: 1e-6 })`.
 */
export function allclose(a: NpArrayLike, b: NpArrayLike, options: CloseOptions): boolean;
export function allclose(a: NpArrayLike, b: NpArrayLike, rtol?: number, atol?: number, equalNan?: boolean): boolean;
export function allclose(a: NpArrayLike, b: NpArrayLike, rtol?: number | CloseOptions, atol?: number, equalNan?: boolean): boolean {
  return closeness("np.allclose", a, b, rtol, atol, equalNan).out.every((v) => v === 1);
}

/** The elementwise form of allclose, a bool tensor of the broadcast shape. */
export function isclose(a: NpArrayLike, b: NpArrayLike, options: CloseOptions): tf.Tensor;
export function isclose(a: NpArrayLike, b: NpArrayLike, rtol?: number, atol?: number, equalNan?: boolean): tf.Tensor;
export function isclose(a: NpArrayLike, b: NpArrayLike, rtol?: number | CloseOptions, atol?: number, equalNan?: boolean): tf.Tensor {
  const { out, shape } = closeness("np.isclose", a, b, rtol, atol, equalNan);
  return tf.tensor(out, shape, "bool");
}

/** True when a and b have the same shape and equal elements (no broadcasting, as numpy). */
export function arrayEqual(a1: NpArrayLike, a2: NpArrayLike, equalNan = false): boolean {
  const fn = "np.arrayEqual";
  checkBool(equalNan, fn, "equalNan");
  return guard(fn, () => {
    const x = toTensor(a1, fn, "a1");
    const y = toTensor(a2, fn, "a2");
    try {
      if (x.shape.join() !== y.shape.join()) return false;
      const u = x.dataSync() as ArrayLike<number>, v = y.dataSync() as ArrayLike<number>;
      for (let i = 0; i < u.length; i++) {
        if (u[i] !== v[i] && !(equalNan && Number.isNaN(u[i]) && Number.isNaN(v[i]))) return false;
      }
      return true;
    } finally {
      if (x !== a1) x.dispose();
      if (y !== a2) y.dispose();
    }
  });
}
