/**
 * Device members on every tensor, as MXNet arrays have them: `x.device`, `x.copyto(d)`,
 * `x.asInCtx(d)`. Installed once on tf.Tensor.prototype when the library loads.
 */
import type { Rank } from "@tensorflow/tfjs-core";
import { tf } from "../tensor/tf.js";
import { asInCtx, copyTo, deviceOf, type Device } from "./device.js";

declare module "@tensorflow/tfjs-core/dist/tensor.js" {
  interface Tensor<R extends Rank = Rank> {
    /** The device holding this tensor (npx.cpu() unless a GPU backend runs). */
    readonly device: Device;
    /** A copy on `device`, always new memory (MXNet's copyto). */
    copyto(device: Device): Tensor;
    /** This tensor when it is on `device` already, else a copy there (MXNet's as_in_ctx). */
    asInCtx(device: Device): Tensor;
  }
}

/** The device members every tensor has (re-exported by the package entry so the augmentation above is in every program that imports d2l-ts). */
export interface DeviceMethods {
  readonly device: Device;
  copyto(device: Device): tf.Tensor;
  asInCtx(device: Device): tf.Tensor;
}

let installed = false;

export function installDeviceMethods(): void {
  if (installed) return;
  installed = true;
  const proto = tf.Tensor.prototype;
  Object.defineProperty(proto, "device", { configurable: true, get(this: tf.Tensor) { return deviceOf(this); } });
  Object.defineProperty(proto, "copyto", { configurable: true, writable: true, value(this: tf.Tensor, d: Device) { return copyTo(this, d); } });
  Object.defineProperty(proto, "asInCtx", { configurable: true, writable: true, value(this: tf.Tensor, d: Device) { return asInCtx(this, d); } });
}
