/**
 * Shapes seen in real forward passes, per block and input shape. A custom block without a shape
 * function cannot be inferred without data; once a batch has gone through it, displays show the
 * shapes it actually produced (marked as observed) instead of nothing.
 */
const seen = new WeakMap<object, Map<string, number[]>>();
const MAX_PER_BLOCK = 8;

/** Records that `block` turned inputs of `inShape` into outputs of `outShape`. */
export function observe(block: object, inShape: readonly number[], outShape: readonly number[]): void {
  let m = seen.get(block);
  if (!m) seen.set(block, (m = new Map()));
  const key = inShape.join(",");
  m.delete(key);
  m.set(key, [...outShape]);
  if (m.size > MAX_PER_BLOCK) m.delete(m.keys().next().value!);
}

/** The output shape `block` produced for inputs of `inShape`, if one has been seen. */
export function observedOut(block: object, inShape: readonly number[]): number[] | null {
  return seen.get(block)?.get(inShape.join(",")) ?? null;
}
