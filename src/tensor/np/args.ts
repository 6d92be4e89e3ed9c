/**
 * What every `np` function does with its arguments before tfjs sees them: array_like to tensor,
 * numpy's dtype promotion over the three dtypes we have, broadcasting and axis checks with numpy's
 * wording, and a guard that turns a tfjs failure into an NpError naming the d2l-ts call.
 */
import { tf } from "../tf.js";
import { NpError, fmtShape } from "./errors.js";

/** The dtypes `np` makes: numpy's float64/int64 defaults become float32/int32 (as in MXNet). */
export type DType = "float32" | "int32" | "bool";

/** Nested arrays of numbers or of booleans: `[[1, 2], [3, 4]]`. */
export type NestedNumbers = number | readonly NestedNumbers[];
export type NestedBooleans = boolean | readonly NestedBooleans[];

/**
 * numpy's array_like: a tensor, a plain number or boolean (a scalar), nested arrays, or a typed
 * array (1-D). Every `np` function that takes arrays takes any of these.
 */
export type NpArrayLike =
  | tf.Tensor
  | number
  | boolean
  | readonly NestedNumbers[]
  | readonly NestedBooleans[]
  | Float32Array
  | Int32Array
  | Uint8Array;

/** A shape as numpy takes it: an integer or a list of integers. */
export type ShapeLike = number | readonly number[];

/** An axis argument: one axis, several, or null for all (negative counts from the end). */
export type Axis = number | readonly number[] | null;

const DTYPES: readonly string[] = ["float32", "int32", "bool"];
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/** numpy's promotion rule restricted to bool < int32 < float32. */
export function promote(...dtypes: DType[]): DType {
  return dtypes.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "bool" as DType);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "..." : x)}`;
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return `an object of type ${(x as object).constructor?.name ?? "Object"}`;
  return `${typeof x} ${String(x)}`;
}

const ACCEPTED = "a tf.Tensor, a number, a boolean or (nested) arrays of numbers or booleans";

/** Flattens nested arrays, checking that they are rectangular and of one element kind. */
function flattenNested(values: readonly unknown[], fn: string, arg: string): { shape: number[]; flat: number[]; bool: boolean } {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: number[] = [];
  let kind: "number" | "boolean" | null = null;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth < shape.length) {
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        const got = Array.isArray(v) ? `${v.length} elements` : describe(v);
        throw new NpError("NP_SHAPE", fn, `argument ${arg} is a ragged nested array: ${arg}${path} has ${got} where ${shape[depth]} elements were expected; numpy arrays are rectangular, so give every row the same length`);
      }
      for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
      return;
    }
    const k = typeof v;
    if (k !== "number" && k !== "boolean") {
      throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be ${ACCEPTED}; ${arg}${path} is ${describe(v)}`);
    }
    if (kind === null) kind = k;
    else if (kind !== k) throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} mixes numbers and booleans (${arg}${path} is ${describe(v)}); use one kind`);
    flat.push(k === "boolean" ? (v ? 1 : 0) : (v as number));
  };
  walk(values, 0, "");
  return { shape, flat, bool: kind === "boolean" };
}

/** The dtype numpy's weak scalar typing gives a plain number: int32 when it is an int32 integer. */
export function scalarDType(v: number | boolean): DType {
  if (typeof v === "boolean") return "bool";
  return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? "int32" : "float32";
}

/**
 * array_like to tensor. Lists of numbers become float32 (MXNet's np.array default, so layers
 * take them), lists of booleans bool; a plain number is int32 when integral (numpy's int) else
 * float32. Tensors pass through untouched (no copy).
 */
export function toTensor(x: unknown, fn: string, arg: string, dtype?: DType): tf.Tensor {
  if (dtype !== undefined) checkDType(dtype, fn);
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} is a disposed tensor of shape ${fmtShape(x.shape)}; it was freed by dispose() or tf.tidy, so compute it again`);
    if (!DTYPES.includes(x.dtype)) throw new NpError("NP_DTYPE", fn, `argument ${arg} has dtype ${x.dtype}; np works on float32, int32 and bool tensors`);
    return dtype === undefined || dtype === x.dtype ? x : tf.cast(x, dtype);
  }
  if (typeof x === "number" || typeof x === "boolean") return tf.scalar(typeof x === "boolean" ? Number(x) : x, dtype ?? scalarDType(x));
  if (x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array) {
    const own: DType = x instanceof Float32Array ? "float32" : x instanceof Int32Array ? "int32" : "bool";
    return tf.tensor1d(Array.from(x), dtype ?? own);
  }
  if (Array.isArray(x)) {
    const { shape, flat, bool } = flattenNested(x, fn, arg);
    return tf.tensor(flat, shape, dtype ?? (bool ? "bool" : "float32"));
  }
  throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be ${ACCEPTED}, got ${describe(x)}`);
}

export function checkDType(dtype: unknown, fn: string, arg = "dtype"): DType {
  if (typeof dtype !== "string" || !DTYPES.includes(dtype)) {
    throw new NpError("NP_DTYPE", fn, `argument ${arg} must be "float32", "int32" or "bool", got ${describe(dtype)} (numpy's float64/int64 are float32/int32 here)`);
  }
  return dtype as DType;
}

export function asDType(t: tf.Tensor): DType {
  return t.dtype as DType;
}

export function cast(t: tf.Tensor, dtype: DType): tf.Tensor {
  return t.dtype === dtype ? t : tf.cast(t, dtype);
}

/** numpy's broadcast rule; the error names the function and both shapes. */
export function broadcastShapes(fn: string, ...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s[s.length - rank + i] ?? 1;
      if (k === 1) continue;
      if (d !== 1 && d !== k) {
        throw new NpError("NP_BROADCAST", fn, `operands could not be broadcast together with shapes ${shapes.map(fmtShape).join(" ")}; trailing dimensions must be equal or 1 (reshape one operand, e.g. with np.expandDims)`);
      }
      d = k;
    }
    out.push(d);
  }
  return out;
}

/** A shape argument as a list of non-negative integers. */
export function toShape(shape: unknown, fn: string, arg = "shape"): number[] {
  const dims = typeof shape === "number" ? [shape] : Array.isArray(shape) ? [...(shape as unknown[])] : null;
  if (dims === null) throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be an integer or an array of integers, got ${describe(shape)}`);
  for (const d of dims) {
    if (typeof d !== "number" || !Number.isInteger(d)) throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must hold integers, got [${dims.join(", ")}]`);
    if (d < 0) throw new NpError("NP_VALUE", fn, `negative dimensions are not allowed: ${arg} = [${dims.join(", ")}]`);
  }
  return dims as number[];
}

export function checkInt(v: unknown, fn: string, arg: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be an integer, got ${describe(v)}`);
  return v;
}

export function checkNumber(v: unknown, fn: string, arg: string): number {
  if (typeof v !== "number") throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be a number, got ${describe(v)}`);
  return v;
}

export function checkBool(v: unknown, fn: string, arg: string): boolean {
  if (typeof v !== "boolean") throw new NpError("NP_ARG_TYPE", fn, `argument ${arg} must be true or false, got ${describe(v)}`);
  return v;
}

/** One axis in [-ndim, ndim), made non-negative (numpy's AxisError wording). */
export function normAxis(axis: unknown, ndim: number, fn: string, arg = "axis"): number {
  const a = checkInt(axis, fn, arg);
  if (a < -ndim || a >= ndim) {
    throw new NpError("NP_AXIS", fn, `${arg} ${a} is out of bounds for array of dimension ${ndim}` + (ndim === 0 ? "" : `; use -${ndim} <= ${arg} < ${ndim}`));
  }
  return a < 0 ? a + ndim : a;
}

/** An axis argument (number, list or null = all) as sorted non-negative axes, no repeats. */
export function normAxes(axis: unknown, ndim: number, fn: string): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : Array.isArray(axis) ? (axis as unknown[]) : null;
  if (list === null) throw new NpError("NP_ARG_TYPE", fn, `argument axis must be an integer, an array of integers or null, got ${describe(axis)}`);
  const out = list.map((a) => normAxis(a, ndim, fn));
  if (new Set(out).size !== out.length) throw new NpError("NP_AXIS", fn, `repeated axis in [${list.join(", ")}]`);
  return out.sort((a, b) => a - b);
}

/** Runs a tfjs computation; a tfjs failure becomes an NpError that names the d2l-ts call. */
export function guard<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    // Ours, and coded errors (Node's ERR_* such as an interrupted script, the library's own) pass.
    if (e instanceof NpError || typeof (e as { code?: unknown } | null)?.code === "string") throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new NpError("NP_BACKEND", fn, `tfjs could not compute it: ${msg}`, { cause: e });
  }
}

/** `guard` + `tf.tidy`: intermediates (converted scalars, casts) are freed, the result kept. */
export function op<T extends tf.Tensor>(fn: string, body: () => T): T {
  return guard(fn, () => tf.tidy(body));
}

/** Converts argument `arg` of `fn`, casts it to float32 and applies `f`, under `op`. */
export function floatOp(fn: string, arg: string, x: NpArrayLike, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  return op(fn, () => f(cast(toTensor(x, fn, arg), "float32")));
}

/**
 * Makes an elementwise float32 function of one array_like named `fn` ("np.exp", "npx.relu"): what
 * np's one-operand ufuncs and npx's activations have in common. `arg` names the parameter in
 * errors: numpy's `x`, MXNet's `data`. Callers annotate the constant with the signature, so the
 * declaration files (and so hovers) read `(x: NpArrayLike) => tf.Tensor`.
 */
export function unary(fn: string, f: (t: tf.Tensor) => tf.Tensor, arg: "x" | "data" = "x"): (x: NpArrayLike) => tf.Tensor {
  const g = (x: NpArrayLike) => floatOp(fn, arg, x, f);
  // `np.exp.name` is "exp", as a function declaration's would be (stack frames too).
  return Object.defineProperty(g, "name", { value: fn.slice(fn.lastIndexOf(".") + 1) });
}
