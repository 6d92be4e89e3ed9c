import { tf } from "../tensor/tf.js";
import { Block } from "./block.js";
import { pair } from "./check-args.js";
import type { ShapeContext } from "./shape-context.js";
import { pool2dShape } from "./shapes.js";

export interface PoolOptions {
  /** Window step (default: the pool size). */
  strides?: number | [number, number];
  /** Padding on each side (default 0). */
  padding?: number | [number, number];
}

abstract class Pool2D extends Block {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: [number, number];

  constructor(poolSize: number | [number, number], opts: PoolOptions) {
    super();
    this.poolSize = pair(new.target.name, "poolSize", poolSize);
    this.strides = pair(new.target.name, "strides", opts.strides ?? this.poolSize);
    this.padding = pair(new.target.name, "padding", opts.padding ?? 0, true);
  }

  override describe(): string {
    return `${this.type}(${this.poolSize.join("x")}, stride ${this.strides.join("x")})`;
  }

  override shapeStep(x: readonly number[], _ctx: ShapeContext): number[] {
    return pool2dShape({ layer: this.ref, pool: this.poolSize, strides: this.strides, padding: this.padding }, x).out;
  }

  protected abstract pool(x: tf.Tensor4D, pad: "valid" | number): tf.Tensor4D;

  protected override compute(x: tf.Tensor): tf.Tensor {
    const [ph, pw] = this.padding;
    if (ph !== pw) throw new RangeError(`${this.ref}: different padding for height and width is not supported by the tensor backend`);
    const nhwc = tf.transpose(x as tf.Tensor4D, [0, 2, 3, 1]);
    return tf.transpose(this.pool(nhwc, ph === 0 ? "valid" : ph), [0, 3, 1, 2]);
  }
}

/** Max pooling on NCHW input; `new nn.MaxPool2D(2)` halves height and width. */
export class MaxPool2D extends Pool2D {
  constructor(poolSize: number | [number, number] = 2, opts: PoolOptions = {}) {
    super(poolSize, opts);
  }
  protected pool(x: tf.Tensor4D, pad: "valid" | number): tf.Tensor4D {
    return tf.maxPool(x, this.poolSize, this.strides, pad);
  }
}

/** Average pooling on NCHW input. */
export class AvgPool2D extends Pool2D {
  constructor(poolSize: number | [number, number] = 2, opts: PoolOptions = {}) {
    super(poolSize, opts);
  }
  protected pool(x: tf.Tensor4D, pad: "valid" | number): tf.Tensor4D {
    return tf.avgPool(x, this.poolSize, this.strides, pad);
  }
}
