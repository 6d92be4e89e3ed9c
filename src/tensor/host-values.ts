/**
 * Host values of a tensor, for control flow and printing: `t.item()` (a JS number from a
 * one-element tensor, as numpy's and PyTorch's `item()`) and `t.tolist()` (nested arrays, as
 * numpy's `tolist()`), installed on tfjs' Tensor class by `installHostValues()`.
 */
import type { Rank } from "@tensorflow/tfjs-core";
import { CodedError } from "../errors.js";
import { tf } from "./tf.js";
import { tensorPrototypes } from "./prototype.js";

/** `tolist()`'s result for a tensor of rank R. */
export type NestedList<R extends Rank = Rank> = R extends Rank.R0
  ? number | boolean
  : R extends Rank.R1
    ? (number | boolean)[]
    : R extends Rank.R2
      ? (number | boolean)[][]
      : R extends Rank.R3
        ? (number | boolean)[][][]
        : R extends Rank.R4
          ? (number | boolean)[][][][]
          : unknown[];

declare module "@tensorflow/tfjs-core/dist/tensor.js" {
  interface Tensor<R extends Rank = Rank> {
    /**
     * The value of a one-element tensor (any shape with one element) as a JS number; a bool tensor
     * gives 1 or 0. `while (np.abs(X).sum().item() > 1) X = X.div(2);`
     * @throws ItemError when the tensor has more or fewer than one element.
     */
    item(): number;
    /**
     * The values as nested JS arrays, like numpy's `tolist()`: numbers, or true/false for a bool
     * tensor; a rank-0 tensor gives its value.
     */
    tolist(): NestedList<R>;
  }
}

/** `item()` on a tensor that does not hold exactly one element. */
export class ItemError extends CodedError {
  readonly shape: readonly number[];
  readonly size: number;
  constructor(shape: readonly number[], size: number) {
    super(
      "E_ITEM_SIZE",
      `item() needs a tensor with exactly one element, but this one has shape (${shape.join(", ")}${shape.length === 1 ? "," : ""}) ` +
        `and ${size} element${size === 1 ? "" : "s"}. Reduce it first (e.g. t.sum().item()), pick one element ` +
        `(t.reshape([-1]).gather(0) ...), or read every value with t.tolist().`,
    );
    this.shape = [...shape];
    this.size = size;
  }
}

function item(this: tf.Tensor): number {
  if (this.size !== 1) throw new ItemError(this.shape, this.size);
  return Number(this.dataSync()[0]);
}

/** Nests flat row-major values by `shape`; built here because tfjs' arraySync drops empty axes ((2, 0) gives []). */
export function nest(values: ArrayLike<unknown>, shape: readonly number[]): unknown {
  if (shape.length === 0) return values[0];
  const build = (axis: number, offset: number, stride: number): unknown[] => {
    const n = shape[axis]!;
    const inner = stride / Math.max(n, 1);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = axis === shape.length - 1 ? values[offset + i] : build(axis + 1, offset + i * inner, inner);
    return out;
  };
  return build(0, 0, shape.reduce((a, b) => a * b, 1));
}

function tolist(this: tf.Tensor): unknown {
  const raw = this.dataSync() as ArrayLike<unknown>;
  const values = this.dtype === "bool" ? Array.from(raw as ArrayLike<number>, (v) => v !== 0) : this.dtype === "string" ? (this.arraySync() as unknown[]).flat(Infinity) : raw;
  return nest(values, this.shape);
}

let installed = false;

/** Adds `item` and `tolist` to the Tensor class (idempotent). */
export function installHostValues(): void {
  if (installed) return;
  installed = true;
  for (const proto of tensorPrototypes()) {
    Object.defineProperty(proto, "item", { value: item, writable: true, configurable: true });
    Object.defineProperty(proto, "tolist", { value: tolist, writable: true, configurable: true });
  }
}
