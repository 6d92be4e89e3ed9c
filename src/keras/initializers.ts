/**
 * `keras.initializers.*`: Keras' names and argument objects over the same initializers.
 * Built-ins are functions (`keras.initializers.RandomNormal({ mean: 0, stddev: 0.01 })`), as the
 * layers are; a custom initializer extends `keras.initializers.Initializer` and implements
 * `apply(shape, dtype)` (TensorFlow's `__call__`), receiving the kernel in Keras layout (in, units).
 */
import type { tf } from "../tensor/tf.js";
import { Constant as NnConstant, Initializer as NnInitializer, Normal, Uniform, Xavier, Zeros as NnZeros, One, type Fans, type InitDesc } from "../init/initializer.js";

/** Base of a custom Keras-style initializer: implement `apply(shape, dtype)`. */
export abstract class Initializer extends NnInitializer {
  /** Returns a tensor of `shape` (Keras layout for kernels: (in, units)). */
  abstract apply(shape: number[], dtype: "float32" | "int32" | "bool"): tf.Tensor;
  override create(shape: readonly number[], fans: Fans, desc?: InitDesc): tf.Tensor {
    void fans;
    return this.apply([...shape], desc?.dtype ?? "float32");
  }
}

/** N(mean, stddev²); Keras' default stddev is 0.05. */
export function RandomNormal(opts: { mean?: number; stddev?: number } = {}): NnInitializer {
  return new Normal({ mean: opts.mean ?? 0, sigma: opts.stddev ?? 0.05 });
}

/** U[minval, maxval]; Keras' default is [-0.05, 0.05]. */
export function RandomUniform(opts: { minval?: number; maxval?: number } = {}): NnInitializer {
  return new Uniform({ low: opts.minval ?? -0.05, high: opts.maxval ?? 0.05 });
}

/** All zeros. */
export function Zeros(): NnInitializer {
  return new NnZeros();
}

/** All ones. */
export function Ones(): NnInitializer {
  return new One();
}

/** Every element `value` (`Constant(1)` or `Constant({ value: 1 })`). */
export function Constant(value: number | { value: number } = 0): NnInitializer {
  return new NnConstant(typeof value === "number" ? value : value.value);
}

/** Glorot (Xavier) uniform: U[-sqrt(6 / (fanIn + fanOut)), +...], Keras' default for kernels. */
export function GlorotUniform(): NnInitializer {
  return new Xavier();
}

/** Glorot (Xavier) normal, stddev sqrt(2 / (fanIn + fanOut)) (not truncated, unlike Keras). */
export function GlorotNormal(): NnInitializer {
  return new Xavier({ rndType: "gaussian", magnitude: 1 });
}
