/**
 * `np`: numpy's everyday functions over tfjs tensors, with numpy's names (camelCase where numpy
 * joins words), argument order, broadcasting and dtype rules. Exported as a namespace:
 * `np.add`, `np.random.uniform`, `np.linalg.norm`.
 */
export { array, arange, zeros, ones, full, eye, linspace, zerosLike, onesLike, fullLike } from "./creation.js";
export {
  add, subtract, multiply, divide, power, maximum, minimum, clip,
  exp, log, sqrt, tanh, abs, negative, square,
  equal, notEqual, greater, greaterEqual, less, lessEqual,
} from "./math.js";
export { sum, mean, prod, max, min, argmax, argmin, type ReduceOptions, type ArgOptions } from "./reduce.js";
export { reshape, transpose, concatenate, stack, expandDims, squeeze } from "./shape.js";
export { dot, matmul } from "./linalg.js";
export { allclose, isclose, arrayEqual, type CloseOptions } from "./checks.js";
export * as linalg from "./norm.js";
export * as random from "./random.js";
export { NpError, type NpErrorCode } from "./errors.js";
export type { NpArrayLike, ShapeLike, DType, Axis } from "./args.js";
