import { tf } from "../tensor/tf.js";
import { Block } from "./block.js";
import type { ShapeContext } from "./shape-context.js";
import { flattenShape } from "./shapes.js";

/** (batch, d1, d2, ...) -> (batch, d1*d2*...). */
export class Flatten extends Block {
  override shapeStep(x: readonly number[], _ctx: ShapeContext): number[] {
    return flattenShape({ layer: this.ref }, x).out;
  }
  protected override compute(x: tf.Tensor): tf.Tensor {
    return tf.reshape(x, [x.shape[0]!, -1]);
  }
}
