import { tf } from "../tensor/tf.js";
import { Block } from "./block.js";
import type { ShapeContext } from "./shape-context.js";

/** Activation names accepted by layers (Gluon's names plus a few common aliases). */
export const ACTIVATIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  sigmoid: (x: tf.Tensor) => tf.sigmoid(x),
  tanh: (x: tf.Tensor) => tf.tanh(x),
  softrelu: (x: tf.Tensor) => tf.softplus(x),
  softplus: (x: tf.Tensor) => tf.softplus(x),
  softsign: (x: tf.Tensor) => tf.div(x, tf.add(1, tf.abs(x))),
  elu: (x: tf.Tensor) => tf.elu(x),
  selu: (x: tf.Tensor) => tf.selu(x),
  relu6: (x: tf.Tensor) => tf.relu6(x),
  linear: (x: tf.Tensor) => x,
} as const;

export type ActivationName = keyof typeof ACTIVATIONS;

/** Validates an activation argument at construction; null/undefined means none. */
export function checkActivation(layer: string, name: string | null | undefined): ActivationName | null {
  if (name === undefined || name === null) return null;
  if (typeof name !== "string" || !Object.hasOwn(ACTIVATIONS, name)) {
    throw new TypeError(`${layer}: unknown activation ${JSON.stringify(name)}; use one of ${Object.keys(ACTIVATIONS).join(", ")}`);
  }
  return name as ActivationName;
}

/** Applies an activation function element-wise: `new nn.Activation("relu")`. */
export class Activation extends Block {
  readonly activation: ActivationName;
  constructor(activation: ActivationName) {
    super();
    this.activation = checkActivation("Activation", activation)!;
  }
  override describe(): string {
    return `Activation(${this.activation})`;
  }
  override shapeStep(x: readonly number[], _ctx: ShapeContext): number[] {
    return [...x];
  }
  protected override compute(x: tf.Tensor): tf.Tensor {
    return ACTIVATIONS[this.activation](x);
  }
}
