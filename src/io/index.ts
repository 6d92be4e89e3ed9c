/**
 * MXNet's `npx` helpers that this library has: saving and loading tensors, lists and objects of
 * tensors in NumPy's formats, and the device functions.
 */
export { npxSave as save, npxLoad as load, type TensorCollection } from "./save.js";
export { cpu, gpu, numGpus, tryGpu, tryAllGpus, Device, type DeviceKind } from "../device/device.js";
