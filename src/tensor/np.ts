/**
 * The small numpy-like facade the chapter uses. Everything returns tfjs tensors; random
 * functions draw their seed from the library generator, so `np.random.seed(n)` makes them repeat.
 */
import { tf } from "./tf.js";
import { nextSeed, seed } from "./random.js";
import { load, save, savez } from "../io/save.js";
import { requireDevice, type Device } from "../device/device.js";

/** Where to create a tensor (MXNet's ctx=): a device that exists, e.g. npx.tryGpu(). */
export interface Placement {
  device?: Device;
}

/** Creates on `opts.device` (the backend in use is that device; a missing one is an error). */
function placed(fn: string, opts: Placement | undefined, make: () => tf.Tensor): tf.Tensor {
  if (opts?.device !== undefined) requireDevice(opts.device, fn);
  return make();
}

export type ShapeLike = number | readonly number[];
type DType = "float32" | "int32" | "bool";

function toShape(shape: ShapeLike, fn: string): number[] {
  const dims = typeof shape === "number" ? [shape] : [...shape];
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`${fn}: shape must hold non-negative integers, got [${dims.join(", ")}]`);
  }
  return dims;
}

/** Samples from U[low, high); `np.random.uniform(0, 1, [2, 20])`. */
function uniform(low = 0, high = 1, shape: ShapeLike = [], opts?: Placement): tf.Tensor {
  if (!(high > low)) throw new RangeError(`np.random.uniform: high (${high}) must be greater than low (${low})`);
  return placed("np.random.uniform", opts, () => tf.randomUniform(toShape(shape, "np.random.uniform"), low, high, "float32", nextSeed()));
}

/** Samples from N(mean, std^2); `np.random.normal(0, 1, [3, 4])`. */
function normal(mean = 0, std = 1, shape: ShapeLike = [], opts?: Placement): tf.Tensor {
  if (!(std >= 0)) throw new RangeError(`np.random.normal: std must be >= 0, got ${std}`);
  return placed("np.random.normal", opts, () => tf.randomNormal(toShape(shape, "np.random.normal"), mean, std, "float32", nextSeed()));
}

/** numpy-style helpers over tfjs tensors. */
export const np = {
  random: {
    uniform,
    normal,
    /** Makes random tensors and parameter initializers reproducible. */
    seed,
  },
  /** Zeros of the given shape. */
  zeros: (shape: ShapeLike, dtype: DType = "float32", opts?: Placement): tf.Tensor => placed("np.zeros", opts, () => tf.zeros(toShape(shape, "np.zeros"), dtype)),
  /** Ones of the given shape; `np.ones([2, 3], "float32", { device: npx.tryGpu() })`. */
  ones: (shape: ShapeLike, dtype: DType = "float32", opts?: Placement): tf.Tensor => placed("np.ones", opts, () => tf.ones(toShape(shape, "np.ones"), dtype)),
  /** A tensor from (nested) arrays: `np.array([[1, 2], [3, 4]])`. */
  array: (values: tf.TensorLike, dtype?: DType, opts?: Placement): tf.Tensor => placed("np.array", opts, () => tf.tensor(values, undefined, dtype ?? inferDType(values))),
  /** 0, 1, ..., n-1 (or start..stop by step). */
  arange: (start: number, stop?: number, step = 1): tf.Tensor =>
    stop === undefined ? tf.range(0, start, step, "float32") : tf.range(start, stop, step, "float32"),
  /** numpy.save: one tensor to a `.npy` file (suffix added when missing); returns the path. */
  save,
  /** numpy.savez: several tensors (a list or an object) to one `.npz` file; returns the path. */
  savez,
  /** numpy.load: a tensor from `.npy`, an object of tensors from `.npz`. */
  load,
};

function inferDType(values: tf.TensorLike): DType {
  // numpy makes float arrays from numbers for this chapter's uses; keep booleans as bool.
  let v: unknown = values;
  while (Array.isArray(v)) v = v[0];
  return typeof v === "boolean" ? "bool" : "float32";
}
