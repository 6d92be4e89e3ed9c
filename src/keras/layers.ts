import { tf } from "../tensor/tf.js";
import { Initializer, Xavier, Zeros, toInitializer, type Fans, type InitDesc, type InitLike } from "../init/initializer.js";
import type { ActivationName } from "../nn/activation.js";
import { Dense as NnDense } from "../nn/dense.js";
import { Flatten as NnFlatten } from "../nn/flatten.js";
import { Dropout as NnDropout } from "../nn/dropout.js";
import type { Block } from "../nn/block.js";

export interface KerasDenseOptions {
  activation?: ActivationName | null;
  useBias?: boolean;
  /** Default Glorot uniform, as in Keras. */
  kernelInitializer?: InitLike;
  /** Default zeros. */
  biasInitializer?: InitLike;
  /** Input feature count, like Keras' input_shape/input_dim: builds the layer at once. */
  inputDim?: number;
}

/**
 * The core keeps a Dense weight as (units, in); Keras initializers see the kernel as (in, units).
 * This adapter hands them the Keras shape and transposes what they return.
 */
class KerasKernelLayout extends Initializer {
  readonly inner: Initializer;
  constructor(inner: Initializer) {
    super();
    this.inner = inner;
  }
  override create(shape: readonly number[], fans: Fans, desc?: InitDesc): tf.Tensor {
    const kerasShape = [...shape].reverse();
    const t = this.inner.create(kerasShape, fans, desc && { ...desc, shape: kerasShape });
    return tf.transpose(t);
  }
  override describe(): string {
    return this.inner.describe();
  }
}

/**
 * Keras-style Dense over the same core: initializes itself (no initialize() call), keeps its
 * weights empty until built, and reports weights in Keras layout (kernel (in, units), bias).
 */
export class KerasDense extends NnDense {
  constructor(units: number, opts: KerasDenseOptions = {}) {
    super(units, {
      activation: opts.activation ?? null,
      useBias: opts.useBias ?? true,
      ...(opts.inputDim === undefined ? {} : { inUnits: opts.inputDim }),
      weightInit: new KerasKernelLayout(opts.kernelInitializer === undefined ? new Xavier() : toInitializer(opts.kernelInitializer, "kernelInitializer")),
      biasInit: opts.biasInitializer === undefined ? new Zeros() : toInitializer(opts.biasInitializer, "biasInitializer"),
    });
    this.initialize();
  }

  override get type(): string {
    return "Dense";
  }

  /**
   * [] before the layer is built; afterwards [kernel of shape (in, units), bias of shape (units)].
   * The kernel is a new tensor (transposed copy): dispose it when done in long loops.
   */
  getWeights(): tf.Tensor[] {
    if (this.weight.state !== "ready") return [];
    const out = [tf.transpose(this.weight.data())];
    if (this.bias) out.push(tf.clone(this.bias.data()));
    return out;
  }

  /** Same as getWeights() (Keras' `weights`): copies; edit through `layer.weight` / `layer.bias`. */
  get weights(): tf.Tensor[] {
    return this.getWeights();
  }
}

/** `keras.layers.Dense(256, { activation: "relu" })` (callable without `new`, as in Python). */
export function Dense(units: number, opts: KerasDenseOptions = {}): KerasDense {
  return new KerasDense(units, opts);
}

/** A layer of the Keras face: an nn block that also reports its weights Keras-style. */
export type KerasLayer = Block & { getWeights(): tf.Tensor[]; readonly weights: tf.Tensor[] };

class KerasFlatten extends NnFlatten {
  override get type(): string {
    return "Flatten";
  }
  /** Flatten has no weights. */
  getWeights(): tf.Tensor[] {
    return [];
  }
  get weights(): tf.Tensor[] {
    return [];
  }
}

class KerasDropout extends NnDropout {
  override get type(): string {
    return "Dropout";
  }
  /** Dropout has no weights. */
  getWeights(): tf.Tensor[] {
    return [];
  }
  get weights(): tf.Tensor[] {
    return [];
  }
}

/** `keras.layers.Flatten()`. */
export function Flatten(): KerasLayer {
  return new KerasFlatten();
}

/** `keras.layers.Dropout(rate)`: active only in training mode (`model.train()`). */
export function Dropout(rate: number): KerasLayer {
  return new KerasDropout(rate);
}
