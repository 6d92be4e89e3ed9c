import { tf } from "../tensor/tf.js";
import { Zeros, toInitializer, type InitLike } from "../init/initializer.js";
import { ACTIVATIONS, checkActivation, type ActivationName } from "./activation.js";
import { Block } from "./block.js";
import { pair, positiveInt } from "./check-args.js";
import type { Parameter } from "./parameter.js";
import type { ShapeContext } from "./shape-context.js";
import { conv2dShape } from "./shapes.js";

export interface Conv2DOptions {
  /** Step of the window: a number or [h, w] (default 1). */
  strides?: number | [number, number];
  /** Zero padding on each side: a number or [h, w] (default 0). */
  padding?: number | [number, number];
  /** Input channels; leave out to infer them from the first batch. */
  inChannels?: number;
  activation?: ActivationName | null;
  useBias?: boolean;
  weightInit?: InitLike;
  biasInit?: InitLike;
}

/**
 * 2-d convolution on NCHW tensors (batch, channels, height, width), as in Gluon.
 * Weight shape (channels, inChannels, kh, kw); inChannels may be deferred.
 */
export class Conv2D extends Block {
  readonly channels: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: [number, number];
  readonly activation: ActivationName | null;
  weight: Parameter;
  bias: Parameter | null;

  constructor(channels: number, kernelSize: number | [number, number], opts: Conv2DOptions = {}) {
    super();
    this.channels = positiveInt("Conv2D", "channels", channels);
    this.kernelSize = pair("Conv2D", "kernelSize", kernelSize);
    this.strides = pair("Conv2D", "strides", opts.strides ?? 1);
    this.padding = pair("Conv2D", "padding", opts.padding ?? 0, true);
    this.activation = checkActivation("Conv2D", opts.activation);
    const inC = opts.inChannels === undefined ? -1 : positiveInt("Conv2D", "inChannels", opts.inChannels);
    this.weight = this.registerParam("weight", [channels, inC, ...this.kernelSize], {
      init: opts.weightInit === undefined ? null : toInitializer(opts.weightInit, "Conv2D weightInit"),
    });
    this.bias = opts.useBias === false ? null
      : this.registerParam("bias", [channels], { init: opts.biasInit === undefined ? new Zeros() : toInitializer(opts.biasInit, "Conv2D biasInit") });
  }

  protected override onParamsShared(): void {
    this.weight = this.ownParams.get("weight")!;
    this.bias = this.ownParams.get("bias") ?? null;
  }

  override describe(): string {
    const k = this.kernelSize.join("x");
    return `Conv2D(${this.weight.shape[1]} -> ${this.channels}, kernel ${k}${this.activation ? `, ${this.activation}` : ""})`;
  }

  override shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    const r = conv2dShape({ layer: this.ref, channels: this.channels, kernel: this.kernelSize, strides: this.strides, padding: this.padding, weight: ctx.shapeOf(this.weight) }, x);
    ctx.resolve(this.weight, r.weight);
    if (this.bias) ctx.resolve(this.bias, r.bias);
    return r.out;
  }

  protected override compute(x: tf.Tensor): tf.Tensor {
    // tfjs kernels are NHWC; the public layout stays NCHW like the book.
    const nhwc = tf.transpose(x as tf.Tensor4D, [0, 2, 3, 1]);
    const filter = tf.transpose(this.weight.data() as tf.Tensor4D, [2, 3, 1, 0]);
    const [ph, pw] = this.padding;
    const pad = ph === 0 && pw === 0 ? "valid" : ([[0, 0], [ph, ph], [pw, pw], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
    let y: tf.Tensor = tf.conv2d(nhwc, filter, this.strides, pad);
    if (this.bias) y = tf.add(y, this.bias.data());
    y = ACTIVATIONS[this.activation ?? "linear"](y);
    return tf.transpose(y, [0, 3, 1, 2]);
  }
}
