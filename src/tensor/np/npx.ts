/**
 * `npx`: the neural-network operators MXNet keeps outside numpy (`npx.relu`, `npx.softmax`, ...),
 * which d2l's MXNet code calls. Same names in camelCase; inputs are array_like, results float32.
 */
import { tf } from "../tf.js";
import { cast, checkNumber, normAxis, op, toTensor, type NpArrayLike } from "./args.js";
import { NpError } from "./errors.js";

function floatOp(fn: string, data: NpArrayLike, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  return op(fn, () => f(cast(toTensor(data, fn, "data"), "float32")));
}

/** max(x, 0) elementwise. */
export function relu(data: NpArrayLike): tf.Tensor {
  return floatOp("npx.relu", data, tf.relu);
}

/** 1 / (1 + e**-x) elementwise. */
export function sigmoid(data: NpArrayLike): tf.Tensor {
  return floatOp("npx.sigmoid", data, tf.sigmoid);
}

/** Hyperbolic tangent elementwise (also `np.tanh`). */
export function tanh(data: NpArrayLike): tf.Tensor {
  return floatOp("npx.tanh", data, tf.tanh);
}

/** log(1 + e**x) elementwise (MXNet's "softrelu"). */
export function softrelu(data: NpArrayLike): tf.Tensor {
  return floatOp("npx.softrelu", data, tf.softplus);
}

/** x for x > 0, slope * x otherwise (MXNet's `npx.leaky_relu`, slope 0.25 by default). */
export function leakyRelu(data: NpArrayLike, slope = 0.25): tf.Tensor {
  checkNumber(slope, "npx.leakyRelu", "slope");
  return floatOp("npx.leakyRelu", data, (t) => tf.leakyRelu(t, slope));
}

/** Runs f along `axis` by moving it last (tfjs's softmax kernels work on the last axis only). */
function alongAxis(fn: string, data: NpArrayLike, axis: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  return floatOp(fn, data, (t) => {
    if (t.rank === 0) throw new NpError("NP_SHAPE", fn, "needs at least a 1-d array");
    const ax = normAxis(axis, t.rank, fn);
    if (ax === t.rank - 1) return f(t);
    const perm = t.shape.map((_, i) => i);
    perm[ax] = t.rank - 1;
    perm[t.rank - 1] = ax;
    return tf.transpose(f(tf.transpose(t, perm)), perm);
  });
}

/** e**x / sum(e**x) along `axis` (last by default): `npx.softmax(X)`. */
export function softmax(data: NpArrayLike, axis = -1): tf.Tensor {
  return alongAxis("npx.softmax", data, axis, (t) => tf.softmax(t));
}

/** log(softmax(x)) along `axis`, computed stably. */
export function logSoftmax(data: NpArrayLike, axis = -1): tf.Tensor {
  return alongAxis("npx.logSoftmax", data, axis, (t) => tf.logSoftmax(t));
}

/** MXNet's activation names for `npx.activation(x, actType)`. */
export type ActType = "relu" | "sigmoid" | "tanh" | "softrelu" | "softsign";

/** One of MXNet's activations by name: `npx.activation(X, "relu")`. */
export function activation(data: NpArrayLike, actType: ActType): tf.Tensor {
  const fn = "npx.activation";
  switch (actType) {
    case "relu": return floatOp(fn, data, tf.relu);
    case "sigmoid": return floatOp(fn, data, tf.sigmoid);
    case "tanh": return floatOp(fn, data, tf.tanh);
    case "softrelu": return floatOp(fn, data, tf.softplus);
    case "softsign": return floatOp(fn, data, (t) => tf.div(t, tf.add(1, tf.abs(t))));
    default: {
      const never: never = actType;
      throw new NpError("NP_VALUE", fn, `unknown actType ${JSON.stringify(never)}; use "relu", "sigmoid", "tanh", "softrelu" or "softsign"`);
    }
  }
}
