import { tf } from "../tensor/tf.js";
import { Block } from "../nn/block.js";
import { initializeParams } from "../nn/initialize.js";
import type { KerasLayer } from "./layers.js";

/**
 * Keras' subclassing face: extend `keras.Model`, keep layers in fields (or in an array field,
 * which Keras tracks too) and override `call(x)`. Run it with `model.apply(X)` or
 * `model.predict(X)` (`forward` works as well): they wrap `call` in one pass that builds every
 * weight first. Layers initialize themselves, so there is no `initialize()` step.
 */
export class Model extends Block {
  protected override get tracksContainers(): boolean {
    return true;
  }

  /** The computation; subclasses override it and call their layers' `call`. */
  override call(x: tf.Tensor): tf.Tensor {
    void x;
    throw new TypeError(`${this.ref}: a keras.Model subclass must override call(x)`);
  }

  /** Runs the model: builds deferred weights on the first batch, then `call(x)`. */
  override forward(x: tf.Tensor): tf.Tensor {
    const fresh = [...this.collectParams()].filter((p) => p.state === "never-initialized");
    if (fresh.length > 0) initializeParams(fresh, {});
    return this.runPass(x, () => this.call(x));
  }

  /** Same as forward (tfjs-layers' name for calling a model). */
  apply(x: tf.Tensor): tf.Tensor {
    return this.forward(x);
  }

  /** Same as forward. */
  predict(x: tf.Tensor): tf.Tensor {
    return this.forward(x);
  }

  /** Direct sub-layers, each once (a layer used twice is one layer), in the order they were set. */
  get layers(): KerasLayer[] {
    return [...new Set(this.children.values())] as KerasLayer[];
  }

  /** All weights in layer order, Keras layout; [] before the model is built. */
  getWeights(): tf.Tensor[] {
    return this.layers.flatMap((l) => (typeof l.getWeights === "function" ? l.getWeights() : []));
  }

  /** Same as getWeights() (Keras' `weights` property). */
  get weights(): tf.Tensor[] {
    return this.getWeights();
  }
}
