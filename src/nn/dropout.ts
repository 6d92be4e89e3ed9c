import { tf } from "../tensor/tf.js";
import { nextSeed } from "../tensor/random.js";
import { Block } from "./block.js";
import type { ShapeContext } from "./shape-context.js";

/** Zeroes a fraction `rate` of the inputs in training mode (net.train()); identity otherwise. */
export class Dropout extends Block {
  readonly rate: number;
  constructor(rate: number) {
    super();
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new RangeError(`Dropout: rate must be in [0, 1), got ${String(rate)}`);
    this.rate = rate;
  }
  override describe(): string {
    return `Dropout(${this.rate})`;
  }
  override shapeStep(x: readonly number[], _ctx: ShapeContext): number[] {
    return [...x];
  }
  protected override compute(x: tf.Tensor): tf.Tensor {
    return this.training && this.rate > 0 ? tf.dropout(x, this.rate, undefined, nextSeed()) : x;
  }
}
