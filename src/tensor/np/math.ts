/**
 * Elementwise functions (numpy's ufuncs): operands broadcast as in numpy, a plain number is a
 * scalar operand, and the result dtype follows numpy's promotion over bool < int32 < float32.
 */
import { tf } from "../tf.js";
import { broadcastShapes, cast, op, promote, toTensor, unary, type DType, type NpArrayLike } from "./args.js";
import { NpError } from "./errors.js";

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * Converts both operands, checks they broadcast, casts both to `dtypeOf(promoted)` and applies `f`.
 * `dtypeOf` lets arithmetic lift bool to int32 and division lift to float32.
 */
function binary(fn: string, x1: NpArrayLike, x2: NpArrayLike, f: Binary, dtypeOf: (d: DType) => DType = (d) => d): tf.Tensor {
  return op(fn, () => {
    const a = toTensor(x1, fn, "x1");
    const b = toTensor(x2, fn, "x2");
    broadcastShapes(fn, a.shape, b.shape);
    const dt = dtypeOf(promote(a.dtype as DType, b.dtype as DType));
    return f(cast(a, dt), cast(b, dt));
  });
}

const atLeastInt = (d: DType): DType => (d === "bool" ? "int32" : d);
const float = (): DType => "float32";

/** x1 + x2, broadcast: `np.add(X, b)`. Two bool operands give their logical or, as in numpy. */
export function add(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.add", x1, x2, (a, b) => (a.dtype === "bool" ? tf.logicalOr(a, b) : tf.add(a, b)));
}

/** x1 - x2, broadcast. */
export function subtract(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.subtract", x1, x2, (a, b) => {
    if (a.dtype === "bool") throw new NpError("NP_DTYPE", "np.subtract", "subtracting two bool tensors is not supported (as in numpy); use np.notEqual for exclusive or, or pass int32 tensors");
    return tf.sub(a, b);
  });
}

/** x1 * x2, broadcast (elementwise; `np.dot`/`np.matmul` multiply matrices). Two bools: logical and. */
export function multiply(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.multiply", x1, x2, (a, b) => (a.dtype === "bool" ? tf.logicalAnd(a, b) : tf.mul(a, b)));
}

/** x1 / x2, broadcast; true division, so always float32 (as numpy). */
export function divide(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.divide", x1, x2, tf.div, float);
}

/** x1 ** x2, broadcast; integer to a non-negative integer power stays int32. */
export function power(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.power", x1, x2, (a, b) => {
    if (a.dtype !== "int32") return tf.pow(a, b);
    // numpy refuses rather than return a fraction in an int array; int powers are rare, so read.
    if (b.size > 0 && tf.min(b).dataSync()[0]! < 0) {
      throw new NpError("NP_VALUE", "np.power", "integers to negative integer powers are not allowed; make the base float32 (e.g. np.array(x, \"float32\") or a float exponent)");
    }
    // Backends disagree on int32 pow; float32 is exact for results below 2**24, then round.
    return tf.cast(tf.round(tf.pow(tf.cast(a, "float32"), tf.cast(b, "float32"))), "int32");
  }, atLeastInt);
}

/**
 * Broadcasts both operands to the result shape first: tfjs-core's Maximum/Minimum gradients return
 * the broadcast shape for a broadcast operand instead of summing it back.
 */
function sameShape(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (a.shape.join() === b.shape.join()) return [a, b];
  const shape = broadcastShapes("", a.shape, b.shape);
  const to = (t: tf.Tensor) => (t.shape.join() === shape.join() ? t : tf.broadcastTo(t, shape));
  return [to(a), to(b)];
}

/** tfjs's wasm Maximum/Minimum return the first operand when the second is NaN; numpy gives NaN. */
function nanPropagating(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): Binary {
  return (x, y) => {
    if (x.dtype === "bool") return f(x, y);
    const [a, b] = sameShape(x, y);
    const r = f(a, b);
    if (a.dtype !== "float32") return r;
    // Conditions straight from isNaN: tfjs has gradients for IsNan and Select, not for LogicalOr.
    return tf.where(tf.isNaN(a), a, tf.where(tf.isNaN(b), b, r));
  };
}

/** Elementwise larger value, broadcast; NaN if either is NaN (numpy's rule). */
export function maximum(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.maximum", x1, x2, nanPropagating((a, b) => (a.dtype === "bool" ? tf.logicalOr(a, b) : tf.maximum(a, b))));
}

/** Elementwise smaller value, broadcast; NaN if either is NaN. */
export function minimum(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return binary("np.minimum", x1, x2, nanPropagating((a, b) => (a.dtype === "bool" ? tf.logicalAnd(a, b) : tf.minimum(a, b))));
}

function compare(fn: string, x1: NpArrayLike, x2: NpArrayLike, f: Binary): tf.Tensor {
  // tfjs compares numbers; bool operands compare as 0/1 like numpy's.
  return binary(fn, x1, x2, (a, b) => (a.dtype === "bool" ? f(tf.cast(a, "int32"), tf.cast(b, "int32")) : f(a, b)));
}

/** x1 == x2 elementwise, a bool tensor (JavaScript's `==` on tensors compares objects, not values). */
export function equal(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return compare("np.equal", x1, x2, tf.equal);
}
/** x1 != x2 elementwise, a bool tensor. */
export function notEqual(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return compare("np.notEqual", x1, x2, tf.notEqual);
}
/** x1 > x2 elementwise, a bool tensor. */
export function greater(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return compare("np.greater", x1, x2, tf.greater);
}
/** x1 >= x2 elementwise, a bool tensor. */
export function greaterEqual(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return compare("np.greaterEqual", x1, x2, tf.greaterEqual);
}
/** x1 < x2 elementwise, a bool tensor. */
export function less(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return compare("np.less", x1, x2, tf.less);
}
/** x1 <= x2 elementwise, a bool tensor. */
export function lessEqual(x1: NpArrayLike, x2: NpArrayLike): tf.Tensor {
  return compare("np.lessEqual", x1, x2, tf.lessEqual);
}

/** e**x elementwise (float32). */
export const exp: (x: NpArrayLike) => tf.Tensor = unary("np.exp", tf.exp);
/** Natural logarithm elementwise (float32; NaN below 0, -Infinity at 0, as numpy). */
export const log: (x: NpArrayLike) => tf.Tensor = unary("np.log", tf.log);
/** Square root elementwise (float32; NaN below 0). */
export const sqrt: (x: NpArrayLike) => tf.Tensor = unary("np.sqrt", tf.sqrt);
/** Hyperbolic tangent elementwise (float32). */
export const tanh: (x: NpArrayLike) => tf.Tensor = unary("np.tanh", tf.tanh);

/** |x| elementwise; int32 stays int32. */
export function abs(x: NpArrayLike): tf.Tensor {
  return op("np.abs", () => {
    const t = toTensor(x, "np.abs", "x");
    return t.dtype === "bool" ? tf.clone(t) : tf.abs(t);
  });
}

/** -x elementwise. */
export function negative(x: NpArrayLike): tf.Tensor {
  return op("np.negative", () => {
    const t = toTensor(x, "np.negative", "x");
    if (t.dtype === "bool") throw new NpError("NP_DTYPE", "np.negative", "the negative of a bool tensor is not defined; use np.logicalNot or cast to int32 first");
    return tf.neg(t);
  });
}

/** x*x elementwise; bool becomes int32 (numpy gives its smallest int). */
export function square(x: NpArrayLike): tf.Tensor {
  return op("np.square", () => {
    const t = toTensor(x, "np.square", "x");
    return tf.square(cast(t, atLeastInt(t.dtype as DType)));
  });
}

/**
 * Limits values to [aMin, aMax] (either may be null, not both); bounds broadcast:
 * `np.clip(x, 0, 1)`.
 */
export function clip(a: NpArrayLike, aMin: NpArrayLike | null, aMax: NpArrayLike | null): tf.Tensor {
  const fn = "np.clip";
  if ((aMin === null || aMin === undefined) && (aMax === null || aMax === undefined)) {
    throw new NpError("NP_VALUE", fn, "one of aMin or aMax must be given (the other may be null)");
  }
  return op(fn, () => {
    const t = toTensor(a, fn, "a");
    const lo = aMin === null || aMin === undefined ? null : toTensor(aMin, fn, "aMin");
    const hi = aMax === null || aMax === undefined ? null : toTensor(aMax, fn, "aMax");
    broadcastShapes(fn, t.shape, ...(lo ? [lo.shape] : []), ...(hi ? [hi.shape] : []));
    const dt = promote(t.dtype as DType, ...(lo ? [lo.dtype as DType] : []), ...(hi ? [hi.dtype as DType] : []));
    if (dt === "bool") throw new NpError("NP_DTYPE", fn, "clip needs numbers; cast the bool tensor to int32 first");
    let r = cast(t, dt);
    // Scalar bounds use one fused kernel; tensor bounds broadcast through maximum/minimum.
    if (lo && hi && lo.rank === 0 && hi.rank === 0 && t.rank > 0 && dt === "float32") {
      const [l, h] = [lo.dataSync()[0]!, hi.dataSync()[0]!];
      if (l <= h) return tf.clipByValue(r, l, h);
    }
    if (lo) r = tf.maximum(...sameShape(r, cast(lo, dt)));
    if (hi) r = tf.minimum(...sameShape(r, cast(hi, dt)));
    return r;
  });
}
