import type { tf } from "../tensor/tf.js";
import { Block, type WeightedLayer } from "./block.js";
import type { ShapeContext } from "./shape-context.js";

export type { WeightedLayer };

/**
 * Runs its children one after another. `add` is variadic and returns this; children are named
 * "0", "1", ...; index with `at(i)` (negative counts from the end), iterate with for..of.
 */
export class Sequential extends Block implements Iterable<Block> {
  /** Marks a block whose children run in order (for displays). */
  readonly sequential = true;
  readonly #order: Block[] = [];

  constructor(...blocks: Block[]) {
    super();
    this.add(...blocks);
  }

  /** Appends blocks (the same block may appear several times: its parameters are shared). */
  add(...blocks: Block[]): this {
    for (const b of blocks) {
      if (!(b instanceof Block)) throw new TypeError(`${this.ref}.add: expected nn layers, got ${String(b)}`);
      this.registerChild(String(this.#order.length), b);
      this.#order.push(b);
    }
    return this;
  }

  /**
   * The i-th block; negative i counts from the end. Throws RangeError when out of range.
   * The result is typed as a layer with `weight`/`bias` (as in the chapter: `net.at(0).weight.data()`);
   * pass a type argument to narrow it, e.g. `net.at<nn.Conv2D>(0)`.
   */
  override at<B extends Block = WeightedLayer>(i: number): B {
    const j = i < 0 ? this.#order.length + i : i;
    const b = this.#order[j];
    if (!Number.isInteger(i) || !b) throw new RangeError(`${this.ref}.at(${i}): index out of range for ${this.#order.length} layers`);
    return b as B;
  }

  /** Number of blocks. */
  get length(): number {
    return this.#order.length;
  }

  /** The blocks in call order (a copy). */
  get layers(): Block[] {
    return [...this.#order];
  }

  [Symbol.iterator](): Iterator<Block> {
    return this.#order[Symbol.iterator]();
  }

  override describe(): string {
    return `Sequential(${this.#order.length} layers)`;
  }

  override shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    let s = [...x];
    for (const b of this.#order) s = b.inferInto(s, ctx);
    return s;
  }

  protected override compute(x: tf.Tensor): tf.Tensor {
    let y = x;
    for (const b of this.#order) y = b.forward(y);
    return y;
  }
}
