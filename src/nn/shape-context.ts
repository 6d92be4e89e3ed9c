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
  /** "observed": the block has no shape function; its output shape is the one seen in a forward pass. */
  source?: "observed";
}

export class ShapeContext {
  readonly resolved = new Map<Parameter, number[]>();
  readonly calls: LayerShapes[] = [];
  /** True in the pass before a real forward (parameters get created, Keras layers may build). */
  materializing = false;
  /** The first block whose shapes could not be inferred (no shape function, nothing observed). */
  stoppedAt: object | null = null;

  /** The shape a parameter has in this pass: resolved earlier in the pass, or its own. */
  shapeOf(p: Parameter): Shape {
    return this.resolved.get(p) ?? p.shape;
  }

  resolve(p: Parameter, shape: readonly number[]): void {
    this.resolved.set(p, [...shape]);
  }
}
