/**
 * tfjs-core as the library uses it: the bundle built by vendor/tfjs/build.mjs (dist/vendor/tfjs.cjs),
 * which is tfjs-core's ES build with every upstream gradient and every chained tensor method
 * (`t.sum()`, `t.reshape([3, 2])`, ...) registered, plus the CPU and WebAssembly backends. tfjs-core's
 * own CommonJS bundle registers neither gradients nor methods.
 */
import { existsSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as TF from "@tensorflow/tfjs-core";
import { CodedError } from "../errors.js";
import { loadWithCodeCache, type CodeCachedModule } from "../support/code-cache.js";

/**
 * The chained methods' types: tfjs-core declares them as augmentations of `Tensor` in files no
 * entry point imports. Naming the module in an exported type keeps the import in this file's
 * emitted declarations, so every program that sees the library's types (a user's tsc, the
 * kernel's checker) has `t.sum()`, `t.reshape(...)`, ... typed.
 */
export type ChainedOps = typeof import("@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js");

export interface TfjsBundle {
  tf: typeof TF;
  loadWasmBackend(): typeof import("@tensorflow/tfjs-backend-wasm");
  loadCpuBackend(): unknown;
}

/** dist/src/tensor/tf.js and src/tensor/tf.ts (tests run the sources) both find dist/vendor/. */
function bundlePath(): string {
  for (const rel of ["../../vendor/tfjs.cjs", "../../dist/vendor/tfjs.cjs"]) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    // require.cache is keyed by real paths: the alias module must find this same instance.
    if (existsSync(file)) return realpathSync(file);
  }
  throw new CodedError("E_TFJS_BUNDLE_MISSING", "d2l-ts: dist/vendor/tfjs.cjs (tfjs-core with its gradients and tensor methods) is missing; build the package first: npm run build");
}

/** The loaded bundle; `save()` writes its code cache (backend.ts calls it once an op has run). */
export const tfjsBundle: CodeCachedModule<TfjsBundle> = loadWithCodeCache<TfjsBundle>(bundlePath());

/** The tfjs-core namespace: tf.matMul, tf.tidy, tf.grad, tf.memory, ... */
export const tf: typeof TF = tfjsBundle.exports.tf;

// Type names under `tf.` as well, so `tf.Tensor` works in type positions too.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace tf {
  export type Tensor<R extends TF.Rank = TF.Rank> = TF.Tensor<R>;
  export type Scalar = TF.Scalar;
  export type Tensor1D = TF.Tensor1D;
  export type Tensor2D = TF.Tensor2D;
  export type Tensor3D = TF.Tensor3D;
  export type Tensor4D = TF.Tensor4D;
  export type Variable<R extends TF.Rank = TF.Rank> = TF.Variable<R>;
  export type TensorLike = TF.TensorLike;
  export type Rank = TF.Rank;
  export type DataType = TF.DataType;
  export type TypedArray = TF.TypedArray;
  export type NamedTensorMap = TF.NamedTensorMap;
  export type TensorContainer = TF.TensorContainer;
}
