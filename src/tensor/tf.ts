/**
 * tfjs-core, loaded with require(). Importing its 1.2 MB CommonJS bundle through ESM `import`
 * makes Node scan the whole file for export names (~200-400 ms); require() takes ~40 ms.
 * Same module instance either way, so tensors from either path interoperate.
 */
import { createRequire } from "node:module";
import type * as TF from "@tensorflow/tfjs-core";

const load = createRequire(import.meta.url);

/** The tfjs-core namespace: tf.matMul, tf.tidy, tf.grad, tf.memory, ... */
export const tf: typeof TF = load("@tensorflow/tfjs-core");

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
  export type NamedTensorMap = TF.NamedTensorMap;
  export type TensorContainer = TF.TensorContainer;
}
