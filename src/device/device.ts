/**
 * Devices in MXNet's sense (`cpu()`, `gpu(i)`), backed by what tfjs really has: a device is the
 * tfjs backend that holds a tensor's memory and runs its kernels. The CPU device is the CPU-side
 * backend in use (WebAssembly, tfjs-node or plain JavaScript); a GPU exists only when the backend
 * in use is a GPU backend that found an adapter (tfjs' WebGPU or WebGL backend). tfjs runs one
 * backend at a time and picks one adapter, so there is at most one GPU, `gpu(0)`.
 * Nothing here pretends: `numGpus()` is 0 where no GPU backend runs, and asking for a missing
 * device is a DeviceNotFoundError that says to use `tryGpu()`.
 */
import { inspect } from "node:util";
import { tf } from "../tensor/tf.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import { CodedError } from "../errors.js";

/** tfjs backends that compute on a GPU. */
const GPU_BACKENDS = new Set(["webgpu", "webgl"]);

export type DeviceKind = "cpu" | "gpu";

/** A device: its kind and index; `toString()` is MXNet's `cpu(0)` / `gpu(1)`. */
export class Device {
  readonly kind: DeviceKind;
  readonly index: number;
  constructor(kind: DeviceKind, index = 0) {
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`${kind}(${index}): the device index must be a non-negative integer`);
    this.kind = kind;
    this.index = index;
  }

  /** True for the same kind and index. */
  equals(other: Device): boolean {
    return other instanceof Device && other.kind === this.kind && other.index === this.index;
  }

  /** Whether this device exists on this machine. */
  get available(): boolean {
    return this.kind === "cpu" ? this.index === 0 : this.index < numGpus();
  }

  /** The tfjs backend behind this device, or null when the device does not exist here. */
  get backendName(): string | null {
    if (!this.available) return null;
    return tf.getBackend();
  }

  toString(): string {
    return `${this.kind}(${this.index})`;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const b = this.backendName;
    return { "text/plain": b ? `${this} [tfjs backend: ${b}]` : `${this} [not available on this machine]` };
  }

  [inspect.custom](): string {
    return this[JUPYTER_DISPLAY]()["text/plain"];
  }
}

/** A device was asked for that this machine does not have. */
export class DeviceNotFoundError extends CodedError {
  readonly device: string;
  constructor(device: Device, what: string) {
    super(
      "E_DEVICE_NOT_FOUND",
      `${what}: device ${device} does not exist here (numGpus() is ${numGpus()}, tfjs backend "${tf.getBackend()}"). ` +
        `Use npx.tryGpu(${device.kind === "gpu" ? device.index : 0}), which falls back to npx.cpu(), or npx.tryAllGpus().`,
    );
    this.device = String(device);
  }
}

/** Tensors on two devices met in one operation. */
export class DeviceMismatchError extends CodedError {
  readonly devices: readonly string[];
  constructor(where: string, devices: readonly Device[]) {
    super(
      "E_DEVICE_MISMATCH",
      `${where}: the operands live on different devices (${devices.map(String).join(" and ")}). ` +
        `Copy one of them first, e.g. x.copyto(${devices[devices.length - 1]}) or x.asInCtx(${devices[devices.length - 1]}); ` +
        `copies between devices are slow, so the library never makes them silently.`,
    );
    this.devices = devices.map(String);
  }
}

/** The CPU: all cores and main memory (`cpu(i)` for i > 0 names no other hardware). */
export function cpu(index = 0): Device {
  return new Device("cpu", index);
}

/** The i-th GPU (it may not exist: see numGpus / tryGpu). */
export function gpu(index = 0): Device {
  return new Device("gpu", index);
}

/** Number of GPUs the library can use: 1 when the tfjs backend in use is a GPU backend, else 0. */
export function numGpus(): number {
  return GPU_BACKENDS.has(tf.getBackend()) ? 1 : 0;
}

/** gpu(i) if it exists, otherwise cpu(). */
export function tryGpu(i = 0): Device {
  return numGpus() >= i + 1 ? gpu(i) : cpu();
}

/** All GPUs, or [cpu()] when there is none. */
export function tryAllGpus(): Device[] {
  const n = numGpus();
  return n > 0 ? Array.from({ length: n }, (_, i) => gpu(i)) : [cpu()];
}

/** The device holding a tensor's memory: the backend its data lives in. */
export function deviceOf(t: tf.Tensor): Device {
  const engine = tf.engine() as unknown as { state: { tensorInfo: WeakMap<object, { backend: object }> }; registry: Record<string, object> };
  const info = engine.state.tensorInfo.get(t.dataId);
  const name = info ? Object.keys(engine.registry).find((n) => engine.registry[n] === info.backend) : tf.getBackend();
  return GPU_BACKENDS.has(name ?? "") ? gpu(0) : cpu(0);
}

/** Throws DeviceNotFoundError unless `d` exists; returns it. */
export function requireDevice(d: Device, what: string): Device {
  if (!(d instanceof Device)) throw new TypeError(`${what}: expected a device such as npx.cpu() or npx.tryGpu(), got ${String(d)}`);
  if (!d.available) throw new DeviceNotFoundError(d, what);
  return d;
}

/** The one device of `devices`, or DeviceMismatchError naming them (pure: no tensors involved). */
export function commonDevice(where: string, devices: readonly Device[]): Device | null {
  const first = devices[0];
  if (!first) return null;
  const other = devices.find((d) => !d.equals(first));
  if (other) throw new DeviceMismatchError(where, [first, other]);
  return first;
}

/** Checks that tensors share one device (what an operation on them needs). */
export function checkSameDevice(where: string, tensors: readonly tf.Tensor[]): Device | null {
  return commonDevice(where, tensors.map(deviceOf));
}

/** A new tensor with its own memory on `d` (MXNet's copyto: always a copy). */
export function copyTo(t: tf.Tensor, d: Device): tf.Tensor {
  requireDevice(d, "copyto");
  // The target is the backend in use; a fresh tensor from the values owns new memory there.
  return tf.tensor(t.dataSync() as Float32Array, t.shape, t.dtype);
}

/** `t` itself when it is on `d` already, else a copy there (MXNet's as_in_ctx). */
export function asInCtx(t: tf.Tensor, d: Device): tf.Tensor {
  requireDevice(d, "asInCtx");
  return deviceOf(t).equals(d) ? t : copyTo(t, d);
}

/** A layer's input must be on the device of its parameters (checked once per top-level call). */
export function checkInputDevice(layer: string, x: tf.Tensor, params: Iterable<{ state: string; data(): tf.Tensor }>): void {
  for (const p of params) {
    if (p.state !== "ready") continue;
    commonDevice(`${layer}: input and parameters`, [deviceOf(x), deviceOf(p.data())]);
    return;
  }
}

/** Where a creation function puts its result (MXNet's ctx=, numpy 2's device=). */
export interface Placement {
  /** A device that exists, e.g. npx.tryGpu(); the tensor is created there. */
  device?: Device;
}

/** Checks a creation call's placement: the backend in use is the device, so only existence is left to check. */
export function checkPlacement(fn: string, opts: Placement | undefined): void {
  if (opts?.device !== undefined) requireDevice(opts.device, fn);
}
