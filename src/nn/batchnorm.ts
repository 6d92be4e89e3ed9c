import { tf } from "../tensor/tf.js";
import { One, Zeros } from "../init/initializer.js";
import { Block } from "./block.js";
import { positiveInt } from "./check-args.js";
import type { Parameter } from "./parameter.js";
import type { ShapeContext } from "./shape-context.js";
import { batchNormShape } from "./shapes.js";

export interface BatchNormOptions {
  /** Weight of the old running statistics (default 0.9). */
  momentum?: number;
  epsilon?: number;
  /** Feature count (axis 1); leave out to infer it from the first batch. */
  inChannels?: number;
}

/**
 * Batch normalization over axis 1 of (N, C) or (N, C, H, W). Training mode (net.train())
 * uses batch statistics and updates the running ones; otherwise the running ones are used.
 */
export class BatchNorm extends Block {
  readonly momentum: number;
  readonly epsilon: number;
  gamma: Parameter;
  beta: Parameter;
  runningMean: Parameter;
  runningVar: Parameter;

  constructor(opts: BatchNormOptions = {}) {
    super();
    this.momentum = opts.momentum ?? 0.9;
    this.epsilon = opts.epsilon ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`BatchNorm: momentum must be in [0, 1], got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new RangeError(`BatchNorm: epsilon must be > 0, got ${this.epsilon}`);
    const c = opts.inChannels === undefined ? -1 : positiveInt("BatchNorm", "inChannels", opts.inChannels);
    this.gamma = this.registerParam("gamma", [c], { init: new One() });
    this.beta = this.registerParam("beta", [c], { init: new Zeros() });
    this.runningMean = this.registerParam("running_mean", [c], { init: new Zeros(), trainable: false });
    this.runningVar = this.registerParam("running_var", [c], { init: new One(), trainable: false });
  }

  protected override onParamsShared(): void {
    this.gamma = this.ownParams.get("gamma")!;
    this.beta = this.ownParams.get("beta")!;
    this.runningMean = this.ownParams.get("running_mean")!;
    this.runningVar = this.ownParams.get("running_var")!;
  }

  override describe(): string {
    return `BatchNorm(${this.gamma.shape[0]})`;
  }

  override shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    const r = batchNormShape({ layer: this.ref, gamma: ctx.shapeOf(this.gamma) }, x);
    for (const p of [this.gamma, this.beta, this.runningMean, this.runningVar]) ctx.resolve(p, r.feature);
    return r.out;
  }

  protected override compute(x: tf.Tensor): tf.Tensor {
    const c = x.shape[1]!;
    const bshape = x.shape.map((d, i) => (i === 1 ? c : 1));
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const g = tf.reshape(this.gamma.data(), bshape);
    const b = tf.reshape(this.beta.data(), bshape);
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (this.training) {
      const m = tf.moments(x, axes);
      mean = tf.reshape(m.mean, bshape);
      variance = tf.reshape(m.variance, bshape);
      const rm = this.runningMean.data();
      const rv = this.runningVar.data();
      rm.assign(tf.add(tf.mul(rm, this.momentum), tf.mul(m.mean, 1 - this.momentum)));
      rv.assign(tf.add(tf.mul(rv, this.momentum), tf.mul(m.variance, 1 - this.momentum)));
    } else {
      mean = tf.reshape(this.runningMean.data(), bshape);
      variance = tf.reshape(this.runningVar.data(), bshape);
    }
    return tf.add(tf.mul(g, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)))), b);
  }
}
