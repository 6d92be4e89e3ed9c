/**
 * Bookkeeping of one pure shape pass: which layer saw which shapes, and the shape each
 * parameter resolves to. Parameters are never modified here; a shared parameter resolved by
 * its first use is checked against later uses.
 */
import type { Parameter } from "./parameter.js";
import type { Shape } from "./shapes.js";

/** One call of one layer during shape inference. */
export interface LayerShapes {
  /** Structural path of the layer ("" for the root). */
  name: string;
  type: string;
  inShape: number[];
  outShape: number[];
  /** Resolved shapes of this layer's own parameters, by local name. */
  params: Record<string, number[]>;
  /** The layer object (the same object may appear several times when shared). */
  block: object;
}

export class ShapeContext {
  readonly resolved = new Map<Parameter, number[]>();
  readonly calls: LayerShapes[] = [];

  /** The shape a parameter has in this pass: resolved earlier in the pass, or its own. */
  shapeOf(p: Parameter): Shape {
    return this.resolved.get(p) ?? p.shape;
  }

  resolve(p: Parameter, shape: readonly number[]): void {
    this.resolved.set(p, [...shape]);
  }
}
