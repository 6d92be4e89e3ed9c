/**
 * `keras.layers.Layer`: the base of custom layers in Keras style. Override `build(inputShape)`
 * to create weights with `addWeight(...)` once the input shape is known, and `call(inputs)` for
 * the computation; optionally `computeOutputShape(inputShape)` so that summaries and graphs know
 * the output shape without data. Run a layer with `layer.apply(x)` (tfjs-layers' entry point):
 * the first call builds it, so its weights join deferred initialization like a built-in layer's.
 */
import { tf } from "../tensor/tf.js";
import { Xavier, toInitializer, type InitLike, type Initializer } from "../init/initializer.js";
import { Block } from "../nn/block.js";
import { ShapeInferenceError } from "../nn/errors.js";
import type { Parameter } from "../nn/parameter.js";
import type { ShapeContext } from "../nn/shape-context.js";

export interface AddWeightOptions {
  /** Default Glorot uniform (init.Xavier), as in Keras. */
  initializer?: Initializer | InitLike;
  trainable?: boolean;
}

export class Layer extends Block {
  #built = false;

  /** True once build() has run (the weights exist). */
  get built(): boolean {
    return this.#built;
  }

  /** Creates the weights for inputs of `inputShape` (batch first, -1 for any batch). Default: none. */
  build(inputShape: readonly number[]): void {
    void inputShape;
  }

  /** The computation; the default passes inputs through. */
  override call(inputs: tf.Tensor): tf.Tensor {
    return inputs;
  }

  /** Output shape for an input shape; leave undefined when unknown (displays then show observed shapes). */
  computeOutputShape?(inputShape: readonly number[]): number[];

  /**
   * Creates a weight of a fully known shape, initialized now (Keras' add_weight). Call it from build().
   * @returns the Parameter; `.data()` is its tensor
   */
  addWeight(name: string, shape: readonly number[], opts: AddWeightOptions = {}): Parameter {
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new RangeError(`${this.ref}.addWeight("${name}"): shape must be fully known in build(), got [${shape.join(", ")}]; take the sizes from build's inputShape`);
    }
    const init = opts.initializer === undefined ? new Xavier() : toInitializer(opts.initializer, `addWeight("${name}") initializer`);
    const p = this.params.get(name, shape, { init, ...(opts.trainable === undefined ? {} : { trainable: opts.trainable }) });
    p.register(init, false);
    return p;
  }

  /** Runs the layer on a batch; the first call builds it. Same as forward(x). */
  apply(x: tf.Tensor): tf.Tensor {
    return this.forward(x);
  }

  /** The weights (copies) in the order build() added them; [] before the layer is built. */
  getWeights(): tf.Tensor[] {
    if (!this.#built) return [];
    return [...this.ownParams.values()].map((p) => tf.clone(p.data()));
  }

  /** Same as getWeights() (Keras' `weights` property). */
  get weights(): tf.Tensor[] {
    return this.getWeights();
  }

  #buildFor(x: readonly number[]): void {
    if (this.#built) return;
    this.build(x);
    this.#built = true;
  }

  override shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    // Building creates weights, which only the pass right before a real call (or model.build) may do.
    if (ctx.materializing) this.#buildFor(x);
    for (const p of this.ownParams.values()) ctx.resolve(p, p.shape);
    if (!this.computeOutputShape) throw new ShapeInferenceError(this.ref, "a custom Keras layer without computeOutputShape(inputShape)");
    return this.computeOutputShape(x);
  }

  protected override compute(x: tf.Tensor): tf.Tensor {
    this.#buildFor(x.shape);
    return this.call(x);
  }
}
