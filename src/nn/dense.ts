import { tf } from "../tensor/tf.js";
import { Zeros, toInitializer, type InitLike } from "../init/initializer.js";
import { ACTIVATIONS, checkActivation, type ActivationName } from "./activation.js";
import { Block } from "./block.js";
import { positiveInt } from "./check-args.js";
import type { Parameter } from "./parameter.js";
import type { ParameterDict } from "./parameter-dict.js";
import type { ShapeContext } from "./shape-context.js";
import { denseShape } from "./shapes.js";

export interface DenseOptions {
  /** "relu", "sigmoid", "tanh", ... (default none). */
  activation?: ActivationName | null;
  /** Input features; leave out to infer it from the first batch (deferred initialization). */
  inUnits?: number;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Flatten inputs of rank > 2 to (batch, features) first, as Gluon does (default true). */
  flatten?: boolean;
  /** Initializer of the weight; default: the one given to initialize(). */
  weightInit?: InitLike;
  /** Initializer of the bias (default Zeros). */
  biasInit?: InitLike;
  /** Use these parameters instead of new ones (Gluon's `params=shared.params`): tied weights. */
  params?: ParameterDict;
}

const FUSED = new Set<string>(["relu", "sigmoid", "elu", "relu6", "linear"]);

/** Fully connected layer: y = act(x W^T + b), weight of shape (units, inUnits). */
export class Dense extends Block {
  readonly units: number;
  readonly activation: ActivationName | null;
  readonly flatten: boolean;
  weight: Parameter;
  bias: Parameter | null;

  constructor(units: number, opts: DenseOptions = {}) {
    super();
    this.units = positiveInt("Dense", "units", units);
    this.activation = checkActivation("Dense", opts.activation);
    this.flatten = opts.flatten ?? true;
    const inUnits = opts.inUnits === undefined ? -1 : positiveInt("Dense", "inUnits", opts.inUnits);
    this.weight = this.registerParam("weight", [units, inUnits], {
      init: opts.weightInit === undefined ? null : toInitializer(opts.weightInit, "Dense weightInit"),
    });
    this.bias = opts.useBias === false ? null
      : this.registerParam("bias", [units], { init: opts.biasInit === undefined ? new Zeros() : toInitializer(opts.biasInit, "Dense biasInit") });
    if (opts.params) this.shareParameters(opts.params);
  }

  protected override onParamsShared(): void {
    this.weight = this.ownParams.get("weight")!;
    this.bias = this.ownParams.get("bias") ?? null;
  }

  override describe(): string {
    return `Dense(${this.weight.shape[1]} -> ${this.units}${this.activation ? `, ${this.activation}` : ""})`;
  }

  override shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    const r = denseShape({ layer: this.ref, units: this.units, flatten: this.flatten, weight: ctx.shapeOf(this.weight) }, x);
    ctx.resolve(this.weight, r.weight);
    if (this.bias) ctx.resolve(this.bias, r.bias);
    return r.out;
  }

  protected override compute(x: tf.Tensor): tf.Tensor {
    const x2 = this.flatten && x.rank > 2 ? tf.reshape(x, [x.shape[0]!, -1]) : x;
    // Transposing first is ~6x faster on the wasm backend than matMul's transposeB flag.
    const wt = tf.transpose(this.weight.data());
    const b = this.bias?.data();
    const act = this.activation ?? "linear";
    if (FUSED.has(act)) {
      return tf.fused.matMul({ a: x2, b: wt, bias: b, activation: act as "relu" });
    }
    const y = tf.matMul(x2, wt);
    return ACTIVATIONS[act](b ? tf.add(y, b) : y);
  }
}
