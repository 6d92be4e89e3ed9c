/**
 * `npx`: the neural-network operators MXNet keeps outside numpy (`npx.relu`, `npx.softmax`, ...),
 * which d2l's MXNet code calls. Same names in camelCase; inputs are array_like, results float32.
 */
import { tf } from "../tf.js";
import { checkNumber, floatOp, normAxis, unary, type NpArrayLike } from "./args.js";
import { NpError } from "./errors.js";

/** max(x, 0) elementwise. */
export const relu: (data: NpArrayLike) => tf.Tensor = unary("npx.relu", tf.relu, "data");
/** 1 / (1 + e**-x) elementwise. */
export const sigmoid: (data: NpArrayLike) => tf.Tensor = unary("npx.sigmoid", tf.sigmoid, "data");
/** Hyperbolic tangent elementwise (also `np.tanh`). */
export const tanh: (data: NpArrayLike) => tf.Tensor = unary("npx.tanh", tf.tanh, "data");
/** log(1 + e**x) elementwise (MXNet's "softrelu"). */
export const softrelu: (data: NpArrayLike) => tf.Tensor = unary("npx.softrelu", tf.softplus, "data");

/** x for x > 0, slope * x otherwise (MXNet's `npx.leaky_relu`, slope 0.25 by default). */
export function leakyRelu(data: NpArrayLike, slope = 0.25): tf.Tensor {
  checkNumber(slope, "npx.leakyRelu", "slope");
  return floatOp("npx.leakyRelu", "data", data, (t) => tf.leakyRelu(t, slope));
}

/** Runs f along `axis` by moving it last (tfjs's softmax kernels work on the last axis only). */
function alongAxis(fn: string, data: NpArrayLike, axis: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  return floatOp(fn, "data", data, (t) => {
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
    case "relu": return floatOp(fn, "data", data, tf.relu);
    case "sigmoid": return floatOp(fn, "data", data, tf.sigmoid);
    case "tanh": return floatOp(fn, "data", data, tf.tanh);
    case "softrelu": return floatOp(fn, "data", data, tf.softplus);
    case "softsign": return floatOp(fn, "data", data, (t) => tf.div(t, tf.add(1, tf.abs(t))));
    default: {
      const never: never = actType;
      throw new NpError("NP_VALUE", fn, `unknown actType ${JSON.stringify(never)}; use "relu", "sigmoid", "tanh", "softrelu" or "softsign"`);
    }
  }
}

/** MXNet's npx.save / npx.load: a tensor, a list or an object of tensors in NumPy's .npy / .npz files. */
export { npxSave as save, npxLoad as load, type TensorCollection } from "../../io/save.js";
/** MXNet's devices: npx.cpu(), npx.gpu(i), npx.numGpus(), npx.tryGpu(i), npx.tryAllGpus(). */
export { cpu, gpu, numGpus, tryGpu, tryAllGpus, Device, type DeviceKind, type Placement } from "../../device/device.js";
