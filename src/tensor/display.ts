/**
 * Makes tfjs tensors display like numpy arrays (values, shape, dtype) in the kernel
 * (Symbol.for("Jupyter.display")) and in plain Node (util.inspect).
 */
import { tf } from "./tf.js";
import { inspect } from "node:util";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import { tensorBundle, tensorText } from "../display/tensor.js";
import { tensorPrototypes } from "./prototype.js";

type TensorRecord = { values: ArrayLike<number | string | boolean>; shape: readonly number[]; dtype: string };

/** Reads a tensor into the plain record the renderers take (synchronously). */
export function tensorRecord(t: tf.Tensor): TensorRecord | null {
  if (t.isDisposed) return null;
  const raw = t.dataSync() as ArrayLike<number | string | boolean> | Uint8Array[];
  const values = t.dtype === "bool" ? Array.from(raw as ArrayLike<number>, (v) => v !== 0) : (raw as ArrayLike<number | string>);
  return { values, shape: t.shape, dtype: t.dtype };
}

const disposed = (t: tf.Tensor) => `Tensor(disposed, shape=(${t.shape.join(", ")}), dtype=${t.dtype})`;

let installed = false;

/** Adds the display methods to tf.Tensor.prototype (idempotent). */
export function installTensorDisplay(): void {
  if (installed) return;
  installed = true;
  for (const p of tensorPrototypes()) {
    const proto = p as Record<symbol, unknown>;
    proto[JUPYTER_DISPLAY] = function (this: tf.Tensor): MimeBundle {
      const r = tensorRecord(this);
      return r ? tensorBundle(r) : { "text/plain": disposed(this) };
    };
    proto[inspect.custom] = function (this: tf.Tensor): string {
      const r = tensorRecord(this);
      return r ? tensorText(r) : disposed(this);
    };
  }
}
