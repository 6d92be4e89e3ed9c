import "../tensor/backend.js";
import { describe, expect, test } from "vitest";
import { tf } from "../tensor/tf.js";
import { np } from "../tensor/np.js";
import { Dense } from "../nn/dense.js";
import { Sequential } from "../nn/sequential.js";
import { commonDevice, cpu, deviceOf, DeviceMismatchError, DeviceNotFoundError, gpu, numGpus, tryAllGpus, tryGpu } from "./device.js";
import { installDeviceMethods } from "./tensor-methods.js";

installDeviceMethods();

describe("devices are the tfjs backend in use", () => {
  test("on a CPU backend there is no GPU and the helpers fall back to cpu()", () => {
    expect(tf.getBackend()).not.toMatch(/webgpu|webgl/);
    expect(numGpus()).toBe(0);
    expect(String(cpu())).toBe("cpu(0)");
    expect([String(gpu()), String(gpu(1))]).toEqual(["gpu(0)", "gpu(1)"]);
    expect(tryGpu().equals(cpu())).toBe(true);
    expect(tryGpu(3).equals(cpu())).toBe(true);
    expect(tryAllGpus().map(String)).toEqual(["cpu(0)"]);
    expect(cpu().backendName).toBe(tf.getBackend());
    expect(gpu().available).toBe(false);
  });

  test("tensors report their device; copyto always copies, asInCtx returns the tensor itself", () => {
    const x = np.ones([2, 3]);
    expect(x.device.equals(cpu())).toBe(true);
    expect(deviceOf(x).toString()).toBe("cpu(0)");
    const z = x.copyto(cpu());
    expect(z).not.toBe(x);
    expect(z.dataId).not.toBe(x.dataId);
    expect(z.arraySync()).toEqual(x.arraySync());
    x.dispose();
    expect(z.isDisposed).toBe(false);
    expect(z.asInCtx(cpu())).toBe(z);
  });

  test("a missing device is an error that points at tryGpu, for creation, copies and initialize", () => {
    const x = np.ones([1]);
    expect(() => np.ones([2, 3], "float32", { device: gpu(0) })).toThrow(DeviceNotFoundError);
    expect(() => np.random.uniform(0, 1, [2], { device: gpu(1) })).toThrow(/np\.random\.uniform: device gpu\(1\) does not exist here .*npx\.tryGpu\(1\)/);
    expect(() => x.copyto(gpu())).toThrow(/copyto: device gpu\(0\)/);
    expect(() => x.asInCtx(gpu(1))).toThrow(DeviceNotFoundError);
    const net = new Sequential().add(new Dense(1));
    expect(() => net.initialize({ device: gpu() })).toThrow(/initialize\(\{ device \}\)/);
    expect(net.at(0).bias!.state).toBe("never-initialized");
    net.initialize({ device: tryGpu() });
    expect(net.forward(np.ones([2, 3], "float32", { device: tryGpu() })).device.equals(cpu())).toBe(true);
    expect(net.at(0).weight.data().device.toString()).toBe("cpu(0)");
  });

  test("operands on two devices are refused with both devices named", () => {
    expect(commonDevice("add", [cpu(), cpu()])!.equals(cpu())).toBe(true);
    expect(() => commonDevice("add", [cpu(), gpu(1)])).toThrow(DeviceMismatchError);
    expect(() => commonDevice("add", [gpu(0), gpu(1)])).toThrow(/add: the operands live on different devices \(gpu\(0\) and gpu\(1\)\)/);
  });
});
