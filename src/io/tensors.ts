/** Tensors to and from the plain arrays of the .npy codec. */
import { tf } from "../tensor/tf.js";
import type { NpyArray } from "./npy.js";

/** Reads a tensor's values (synchronously) into an NpyArray. */
export function tensorToNpy(t: tf.Tensor, what: string): NpyArray {
  if (!(t instanceof tf.Tensor)) throw new TypeError(`${what}: expected a tensor, got ${t === null ? "null" : typeof t}`);
  if (t.isDisposed) throw new TypeError(`${what}: the tensor has been disposed`);
  switch (t.dtype) {
    case "float32": return { dtype: "float32", shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
    case "int32": return { dtype: "int32", shape: [...t.shape], data: Int32Array.from(t.dataSync() as Int32Array) };
    case "bool": return { dtype: "bool", shape: [...t.shape], data: Uint8Array.from(t.dataSync() as Uint8Array) };
    default:
      throw new TypeError(`${what}: tensors of dtype ${t.dtype} cannot be saved as .npy; cast to float32 first (tf.cast(x, "float32"))`);
  }
}

/** Makes a tensor of an NpyArray. */
export function npyToTensor(a: NpyArray): tf.Tensor {
  return tf.tensor(a.data, a.shape, a.dtype);
}
