/**
 * `np.random`: numpy's (low, high, size) order. Every draw takes its seed from the library
 * generator (`../random.ts`), which the initializers share, so `np.random.seed(n)` makes random
 * tensors and parameter initialization repeat together.
 */
import { tf } from "../tf.js";
import { nextSeed, seed as reseed } from "../random.js";
import { checkInt, checkNumber, op, toShape, type ShapeLike } from "./args.js";
import { NpError } from "./errors.js";

const sizeOf = (size: ShapeLike | null | undefined, fn: string): number[] => (size === null || size === undefined ? [] : toShape(size, fn, "size"));

/** Makes random tensors and parameter initializers reproducible: `np.random.seed(0)`. */
export function seed(n: number): void {
  checkInt(n, "np.random.seed", "seed");
  if (n < 0 || n >= 2 ** 32) throw new NpError("NP_VALUE", "np.random.seed", `seed must be between 0 and 2**32 - 1, got ${n}`);
  reseed(n);
}

/** numpy's keywords of `uniform`: `np.random.uniform({ size: [2, 20] })`. */
export interface UniformOptions {
  low?: number;
  high?: number;
  size?: ShapeLike | null;
}

/** numpy's keywords of `normal`: `np.random.normal({ scale: 0.01, size: [3, 4] })`. */
export interface NormalOptions {
  loc?: number;
  scale?: number;
  size?: ShapeLike | null;
}

/** Reads numpy-style keywords given as the only argument; unknown keys are an error. */
function keywords<T extends object>(fn: string, o: T, known: readonly (keyof T & string)[]): T {
  for (const k of Object.keys(o)) {
    if (!known.includes(k as keyof T & string)) throw new NpError("NP_ARG_TYPE", fn, `unknown option "${k}"; the options are ${known.join(", ")}`);
  }
  return o;
}

const isOptions = (v: unknown): v is object => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Samples from U[low, high): `np.random.uniform(0, 1, [2, 20])` or, with numpy's keywords,
 * `np.random.uniform({ size: [2, 20] })`; no size gives a 0-d tensor.
 */
export function uniform(options: UniformOptions): tf.Tensor;
export function uniform(low?: number, high?: number, size?: ShapeLike | null): tf.Tensor;
export function uniform(lowOrOptions: number | UniformOptions = 0, high = 1, size?: ShapeLike | null): tf.Tensor {
  const fn = "np.random.uniform";
  if (isOptions(lowOrOptions)) {
    const o = keywords(fn, lowOrOptions, ["low", "high", "size"]);
    return uniform(o.low ?? 0, o.high ?? 1, o.size);
  }
  const low = lowOrOptions;
  checkNumber(low, fn, "low");
  checkNumber(high, fn, "high");
  if (!Number.isFinite(high - low)) throw new NpError("NP_VALUE", fn, `the range high - low must be finite, got low=${low}, high=${high}`);
  const shape = sizeOf(size, fn);
  return op(fn, () => tf.randomUniform(shape, low, high, "float32", nextSeed()));
}

/** Samples from N(loc, scale^2): `np.random.normal(0, 1, [3, 4])`, `np.random.normal({ size: [3, 4] })`. */
export function normal(options: NormalOptions): tf.Tensor;
export function normal(loc?: number, scale?: number, size?: ShapeLike | null): tf.Tensor;
export function normal(locOrOptions: number | NormalOptions = 0, scale = 1, size?: ShapeLike | null): tf.Tensor {
  const fn = "np.random.normal";
  if (isOptions(locOrOptions)) {
    const o = keywords(fn, locOrOptions, ["loc", "scale", "size"]);
    return normal(o.loc ?? 0, o.scale ?? 1, o.size);
  }
  const loc = locOrOptions;
  checkNumber(loc, fn, "loc");
  checkNumber(scale, fn, "scale");
  if (!(scale >= 0)) throw new NpError("NP_VALUE", fn, `scale < 0 (got ${scale}); scale is a standard deviation`);
  const shape = sizeOf(size, fn);
  return op(fn, () => tf.randomNormal(shape, loc, scale, "float32", nextSeed()));
}

/** numpy's keywords of `randint` after `low`: `np.random.randint(10, { size: [2, 3] })`. */
export interface RandintOptions {
  high?: number | null;
  size?: ShapeLike | null;
}

/**
 * Random int32 integers in [low, high), or in [0, low) when high is omitted:
 * `np.random.randint(0, 10, [2, 3])`, `np.random.randint(5)`, `np.random.randint(5, { size: 3 })`.
 */
export function randint(low: number, options: RandintOptions): tf.Tensor;
export function randint(low: number, high?: number | null, size?: ShapeLike | null): tf.Tensor;
export function randint(low: number, highOrOptions?: number | null | RandintOptions, size?: ShapeLike | null): tf.Tensor {
  const fn = "np.random.randint";
  if (isOptions(highOrOptions)) {
    const o = keywords(fn, highOrOptions, ["high", "size"]);
    return randint(low, o.high, o.size);
  }
  const high = highOrOptions;
  checkInt(low, fn, "low");
  if (high !== undefined && high !== null) checkInt(high, fn, "high");
  const [lo, hi] = high === undefined || high === null ? [0, low] : [low, high];
  if (lo >= hi) throw new NpError("NP_VALUE", fn, `low >= high (low=${lo}, high=${hi}); draws come from [low, high)`);
  if (lo < -(2 ** 31) || hi > 2 ** 31) throw new NpError("NP_VALUE", fn, `[${lo}, ${hi}) does not fit int32`);
  const shape = sizeOf(size, fn);
  // tfjs's randomUniformInt rounds a float draw, so low and high - 1 come half as often; draw
  // integers on the host instead (mulberry32 seeded from the library generator).
  return op(fn, () => {
    let state = nextSeed();
    const out = new Int32Array(shape.reduce((p, d) => p * d, 1));
    const range = hi - lo;
    for (let i = 0; i < out.length; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = lo + Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * range);
    }
    return tf.tensor(out, shape, "int32");
  });
}
