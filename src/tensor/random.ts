/**
 * One seeded generator for the whole library. tfjs random ops are reproducible when given a
 * seed, so every random op and every initializer draws its seed from here; `seed(n)` resets it.
 */
let state = (Math.random() * 2 ** 32) >>> 0;

/** Reset the generator: afterwards random tensors and initializers repeat exactly. */
export function seed(n: number): void {
  if (!Number.isFinite(n)) throw new TypeError(`seed: expected a finite number, got ${n}`);
  state = Math.trunc(n) >>> 0;
}

/** Next 32-bit seed (mulberry32 step). */
export function nextSeed(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
