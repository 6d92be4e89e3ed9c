/** Argument checks shared by layer constructors; errors name the argument. */
export function positiveInt(layer: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${layer}: ${arg} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

export function nonNegInt(layer: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new RangeError(`${layer}: ${arg} must be a non-negative integer, got ${String(v)}`);
  }
  return v;
}

/** A number or a [h, w] pair of positive (or non-negative) integers. */
export function pair(layer: string, arg: string, v: unknown, allowZero = false): [number, number] {
  const check = allowZero ? nonNegInt : positiveInt;
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new RangeError(`${layer}: ${arg} must be a number or a [height, width] pair, got [${v.join(", ")}]`);
    return [check(layer, arg, v[0]), check(layer, arg, v[1])];
  }
  const n = check(layer, arg, v);
  return [n, n];
}
