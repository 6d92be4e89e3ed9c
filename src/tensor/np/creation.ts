/** Array creation: numpy's names and argument order; integer arguments give int32 where numpy gives int. */
import { tf } from "../tf.js";
import { checkBool, checkDType, checkInt, checkNumber, op, scalarDType, toShape, toTensor, type DType, type NpArrayLike, type ShapeLike } from "./args.js";
import { NpError } from "./errors.js";

/**
 * A tensor from array_like: `np.array([[1, 2], [3, 4]])`. Numbers become float32 (as MXNet's
 * `np.array`, so the result feeds layers directly); booleans bool; pass `"int32"` for integers.
 * A tensor argument is copied.
 */
export function array(object: NpArrayLike, dtype?: DType): tf.Tensor {
  return op("np.array", () => {
    const t = toTensor(object, "np.array", "object", dtype);
    if (t !== object) return t;
    return tf.clone(t);
  });
}

/**
 * Evenly spaced values in [start, stop): `np.arange(4)` is int32 [0, 1, 2, 3]; any non-integer
 * argument gives float32 (numpy's rule).
 */
export function arange(stop: number): tf.Tensor1D;
export function arange(start: number, stop: number, step?: number, dtype?: DType): tf.Tensor1D;
export function arange(start: number, stop?: number, step = 1, dtype?: DType): tf.Tensor1D {
  const fn = "np.arange";
  checkNumber(start, fn, stop === undefined ? "stop" : "start");
  if (stop !== undefined) checkNumber(stop, fn, "stop");
  checkNumber(step, fn, "step");
  if (step === 0) throw new NpError("NP_VALUE", fn, "step must not be 0");
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  const ints = [lo, hi, step].every((v) => scalarDType(v) === "int32");
  const dt = dtype === undefined ? (ints ? "int32" : "float32") : checkDType(dtype, fn);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  return op(fn, () => {
    // Host-side so float steps match numpy's start + i*step exactly (tf.range accumulates).
    const values = Array.from({ length: n }, (_, i) => lo + i * step);
    return tf.tensor1d(values, dt);
  });
}

/** Zeros of a shape: `np.zeros([2, 3])`, `np.zeros(3, "int32")`. */
export function zeros(shape: ShapeLike, dtype: DType = "float32"): tf.Tensor {
  return op("np.zeros", () => tf.zeros(toShape(shape, "np.zeros"), checkDType(dtype, "np.zeros")));
}

/** Ones of a shape: `np.ones([2, 3])`. */
export function ones(shape: ShapeLike, dtype: DType = "float32"): tf.Tensor {
  return op("np.ones", () => tf.ones(toShape(shape, "np.ones"), checkDType(dtype, "np.ones")));
}

/**
 * A shape filled with `fillValue` (broadcast if it is an array): `np.full([2, 2], 7)` is int32,
 * `np.full([2, 2], 0.5)` float32, as numpy infers the dtype from the value.
 */
export function full(shape: ShapeLike, fillValue: NpArrayLike, dtype?: DType): tf.Tensor {
  const fn = "np.full";
  return op(fn, () => {
    const dims = toShape(shape, fn);
    const v = toTensor(fillValue, fn, "fillValue", dtype);
    if (v.rank > dims.length || v.shape.some((d, i) => d !== 1 && d !== dims[dims.length - v.rank + i])) {
      throw new NpError("NP_BROADCAST", fn, `could not broadcast fillValue of shape (${v.shape.join(", ")}) into shape (${dims.join(", ")})`);
    }
    return tf.broadcastTo(v, dims);
  });
}

/** A 2-D array with ones on the k-th diagonal: `np.eye(3)`, `np.eye(2, 3, 1)`. */
export function eye(N: number, M?: number | null, k = 0, dtype: DType = "float32"): tf.Tensor2D {
  const fn = "np.eye";
  const n = toShape(checkInt(N, fn, "N"), fn, "N")[0]!;
  const m = M === undefined || M === null ? n : toShape(checkInt(M, fn, "M"), fn, "M")[0]!;
  checkInt(k, fn, "k");
  return op(fn, () => {
    const values = new Float32Array(n * m);
    for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < m) values[i * m + i + k] = 1;
    return tf.cast(tf.tensor2d(values, [n, m], "float32"), checkDType(dtype, fn));
  });
}

/**
 * `num` evenly spaced numbers over [start, stop] (stop excluded when `endpoint` is false):
 * `np.linspace(0, 1, 5)`.
 */
export function linspace(start: number, stop: number, num = 50, endpoint = true, dtype: DType = "float32"): tf.Tensor1D {
  const fn = "np.linspace";
  checkNumber(start, fn, "start");
  checkNumber(stop, fn, "stop");
  const n = checkInt(num, fn, "num");
  if (n < 0) throw new NpError("NP_VALUE", fn, `number of samples, ${n}, must be non-negative`);
  checkBool(endpoint, fn, "endpoint");
  const div = endpoint ? n - 1 : n;
  const step = div > 0 ? (stop - start) / div : 0;
  return op(fn, () => {
    const values = Array.from({ length: n }, (_, i) => start + i * step);
    if (endpoint && n > 1) values[n - 1] = stop;
    const t = tf.tensor1d(values, "float32");
    // numpy (>= 1.20) floors the samples for an integer dtype; tf.cast alone would truncate.
    return dtype === "float32" ? t : tf.cast(dtype === "int32" ? tf.floor(t) : t, checkDType(dtype, fn));
  });
}

function like(fn: string, a: NpArrayLike, dtype: DType | undefined, make: (shape: number[], dt: DType) => tf.Tensor): tf.Tensor {
  return op(fn, () => {
    const t = toTensor(a, fn, "a");
    return make(t.shape, dtype === undefined ? (t.dtype as DType) : checkDType(dtype, fn));
  });
}

/** Zeros with the shape and dtype of `a`. */
export function zerosLike(a: NpArrayLike, dtype?: DType): tf.Tensor {
  return like("np.zerosLike", a, dtype, (s, d) => tf.zeros(s, d));
}

/** Ones with the shape and dtype of `a`. */
export function onesLike(a: NpArrayLike, dtype?: DType): tf.Tensor {
  return like("np.onesLike", a, dtype, (s, d) => tf.ones(s, d));
}

/** `fillValue` with the shape and dtype of `a` (numpy casts the value to a's dtype). */
export function fullLike(a: NpArrayLike, fillValue: number | boolean, dtype?: DType): tf.Tensor {
  return like("np.fullLike", a, dtype, (s, d) => {
    const v = Number(checkScalar(fillValue, "np.fullLike", "fillValue"));
    return tf.fill(s, d === "int32" ? Math.trunc(v) : d === "bool" ? Number(v !== 0) : v, d);
  });
}

function checkScalar(v: unknown, fn: string, arg: string): number | boolean {
  if (typeof v !== "number" && typeof v !== "boolean") throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be a number or a boolean, got ${typeof v}`);
  return v;
}
