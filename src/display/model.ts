/**
 * Plain data that the nn library hands to the renderers. Renderers know nothing of
 * layers or tensors, so they stay pure and testable; the nn classes build these records.
 * A dimension of -1 means "not known yet" (deferred initialization).
 */
export type ParamState = "never-initialized" | "deferred" | "ready" | "constant";

export interface ParamRow {
  /** Unique within the network, e.g. "0.weight". */
  name: string;
  /** -1 marks an unknown dimension. */
  shape: readonly number[];
  dtype: string;
  state: ParamState;
  /** Number of elements, or null while any dimension is unknown. */
  size: number | null;
  /** Human name of the registered initializer ("Uniform(-0.07, 0.07)"), null if none. */
  init: string | null;
}

export interface LayerNode {
  /** Path-like name unique in the network ("0", "1", "trunk.0"); "" for the root. */
  name: string;
  /** Class name: "Dense", "Sequential", "Conv2D", ... */
  type: string;
  /** One-line description, e.g. "Dense(-1 -> 256, relu)". */
  label: string;
  /** Parameters owned directly by this layer (not its children). */
  params: ParamRow[];
  /** Shape entering / leaving this layer when known (batch dim included); null when unknown. */
  inShape: readonly number[] | null;
  outShape: readonly number[] | null;
  /** Children for container blocks, in call order for Sequential. */
  children: LayerNode[];
  /** "sequential": children run one after another; "block": custom forward, order not implied. */
  kind: "layer" | "sequential" | "block";
}

export interface SummaryRow {
  name: string;
  type: string;
  outShape: readonly number[] | null;
  /** Parameter count, or null while unknown. */
  params: number | null;
}
