import { tf } from "../tensor/tf.js";
import { Block } from "../nn/block.js";
import { Sequential as NnSequential } from "../nn/sequential.js";
import { Summary } from "../nn/summary.js";
import { initializeParams } from "../nn/initialize.js";
import type { KerasLayer } from "./layers.js";

/**
 * Keras-style model over the same lazy core: weights appear on the first call or `build()`.
 * `getWeights()` is [] before that; `summary()` shows shapes once built.
 */
export class KerasSequential extends NnSequential {
  #builtShape: number[] | null = null;

  constructor(layers: KerasLayer[] = []) {
    checkKerasLayers("keras.Sequential", layers);
    super(...layers);
    // Keras layers initialize themselves; this covers a layer whose initializer was never registered.
    initializeParams([...this.collectParams()].filter((p) => p.state === "never-initialized"), {});
  }

  /** Appends layers (`model.add(keras.layers.Dense(8))`); a layer added twice is one shared layer. */
  override add(...layers: Block[]): this {
    checkKerasLayers("keras.Sequential.add", layers);
    super.add(...layers);
    initializeParams([...this.collectParams()].filter((p) => p.state === "never-initialized"), {});
    return this;
  }

  /** The layers in call order, each once: a layer used twice (tied weights) is listed once, as in Keras. */
  override get layers(): KerasLayer[] {
    return [...new Set(super.layers)] as KerasLayer[];
  }

  /** Same as getWeights() (Keras' `weights`). */
  get weights(): tf.Tensor[] {
    return this.getWeights();
  }

  override get type(): string {
    return "Sequential";
  }

  /** True once every weight has its shape. */
  get built(): boolean {
    return [...this.collectParams()].every((p) => p.state === "ready");
  }

  /**
   * Creates the weights for inputs of `inputShape` ([null, 20] or [batch, 20]) without data.
   */
  build(inputShape: readonly (number | null)[]): this {
    const report = this.inferShapes(inputShape);
    this.materialize(report.inShape, null);
    this.#builtShape = report.inShape;
    return this;
  }

  /** All weights in layer order, Keras layout; [] before the model is built. */
  getWeights(): tf.Tensor[] {
    if (!this.built) return [];
    return this.layers.flatMap((l) => l.getWeights());
  }

  /** Runs the model (same as call; tfjs-layers' name for `model(X)`). */
  apply(x: tf.Tensor): tf.Tensor {
    return this.call(x);
  }

  /** Runs the model (same as call). */
  predict(x: tf.Tensor): tf.Tensor {
    return this.call(x);
  }

  /** Layer table; before the model is built, shapes are unknown (as in Keras). */
  override summary(inputShape?: readonly (number | null)[]): Summary {
    const shape = inputShape ?? this.lastInputShape ?? this.#builtShape;
    return super.summary(shape ?? undefined);
  }
}

function checkKerasLayers(where: string, layers: readonly unknown[]): void {
  for (const l of layers) {
    if (!(l instanceof Block) || typeof (l as { getWeights?: unknown }).getWeights !== "function") {
      throw new TypeError(`${where}: expected keras.layers.* layers (or a keras.Model), got ${l instanceof Block ? l.type + " (an nn layer: use nn.Sequential)" : String(l)}`);
    }
  }
}

/** `keras.Sequential([keras.layers.Dense(256, { activation: "relu" }), keras.layers.Dense(10)])`. */
export function Sequential(layers: KerasLayer[] = []): KerasSequential {
  return new KerasSequential(layers);
}
