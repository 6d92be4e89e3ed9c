import { tf } from "../tensor/tf.js";
import { Block } from "../nn/block.js";
import { Sequential as NnSequential } from "../nn/sequential.js";
import { Summary } from "../nn/summary.js";
import { ShapeInferenceError } from "../nn/errors.js";
import { initializeParams } from "../nn/initialize.js";
import type { KerasLayer } from "./layers.js";
import { planLoad, readParameterFile, type LoadParametersOptions } from "../io/parameters.js";
import { saveWeightsFile, weightTargets } from "./weights.js";

/**
 * Keras-style model over the same lazy core: weights appear on the first call or `build()`.
 * `getWeights()` is [] before that; `summary()` shows shapes once built.
 */
export class KerasSequential extends NnSequential {
  #builtShape: number[] | null = null;
  /** Values read by loadWeights() before the model was built, assigned when it is. */
  #pending: { file: string; values: ReturnType<typeof readParameterFile>; opts: LoadParametersOptions } | null = null;

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
    const layersBuilt = this.layers.every((l) => (l as { built?: boolean }).built !== false);
    return layersBuilt && [...this.collectParams()].every((p) => p.state === "ready");
  }

  /**
   * Creates the weights for inputs of `inputShape` ([null, 20] or [batch, 20]) without data.
   */
  build(inputShape: readonly (number | null)[]): this {
    const report = this.inferShapes(inputShape);
    this.materialize(report.inShape, null);
    this.#builtShape = report.inShape;
    this.#restore();
    return this;
  }

  /**
   * Writes all weights to `file` (a NumPy .npz archive, Keras names and layout: "0.kernel" is
   * (in, units)). The model must be built. The file is replaced atomically.
   */
  saveWeights(file: string): void {
    saveWeightsFile(this, file);
  }

  /**
   * Reads weights saved by saveWeights(). The file is read and its names checked now; the values
   * are assigned now when the model is built, otherwise when it is built (build() or the first
   * call), as Keras restores a model that has no weights yet. All or nothing.
   */
  loadWeights(file: string, opts: LoadParametersOptions = {}): this {
    const values = readParameterFile(file);
    const targets = weightTargets(this);
    if (this.built) {
      for (const step of planLoad(targets, values, file, opts)) step();
      return this;
    }
    // Names can be checked now (but for layers whose build() has not created their weights yet);
    // shapes only once the model is built.
    const unbuilt = this.layers.some((l) => (l as { built?: boolean }).built === false);
    planLoad(targets.map((t) => ({ ...t, shape: t.shape.map(() => -1) })), values, file, unbuilt ? { ...opts, ignoreExtra: true } : opts);
    this.#pending = { file, values, opts };
    return this;
  }

  #restore(): void {
    const p = this.#pending;
    if (!p) return;
    const plan = planLoad(weightTargets(this), p.values, p.file, p.opts);
    this.#pending = null;
    for (const step of plan) step();
  }

  /** Runs the model; the first call builds it (and restores weights given to loadWeights()). */
  override call(x: tf.Tensor): tf.Tensor {
    if (this.#pending && !this.built) {
      try {
        this.build(x.shape);
      } catch (e) {
        // A custom layer without a shape function builds only in a forward pass: run one to build
        // every layer, discard its output, then restore, so the caller's result uses the file's values.
        if (!(e instanceof ShapeInferenceError)) throw e;
        tf.tidy(() => {
          super.call(x);
        });
        this.#restore();
      }
    }
    return super.call(x);
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
