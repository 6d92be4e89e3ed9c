/**
 * Kernels the WebAssembly backend lacks but upstream gradients need, run on the CPU backend's
 * implementation: inputs are copied out of wasm memory, the CPU kernel runs, the result is copied
 * back. Without them `tf.grad` of a convolution's filter fails on wasm ("Kernel
 * 'Conv2DBackpropFilter' not registered for backend 'wasm'") while it works on cpu.
 * The CPU backend's code is evaluated on the first such call only.
 *
 * Also replaced: wasm's own `MaxPoolGrad` (tfjs-backend-wasm 4.22), which routes the gradient to
 * the wrong elements for many inputs (e.g. a (2, 5, 5, 2) input, 2x2 window, stride 2: off by up to
 * 1.5 from finite differences for most random draws, while the CPU kernel agrees with them), so
 * max pooling learned differently on the default backend. src/nn/backends.test.ts compares the
 * two backends' layer gradients and catches it.
 */
import { tf } from "./tf.js";

/** Real-valued kernels the CPU backend has and wasm 4.22 does not (complex and string ones excluded). */
export const WASM_FALLBACK_KERNELS = [
  "Conv2DBackpropFilter",
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
  "UnsortedSegmentSum",
  "Einsum",
] as const;

/** wasm kernels whose results are wrong, replaced by the CPU implementation. */
export const WASM_REPLACED_KERNELS = ["MaxPoolGrad"] as const;

type DataId = object;
type Info = { dataId: DataId; shape: number[]; dtype: tf.DataType };
interface Storage {
  readSync(dataId: DataId): tf.TypedArray;
  write(values: tf.TypedArray, shape: number[], dtype: tf.DataType): DataId;
  disposeData(dataId: DataId, force?: boolean): boolean;
}
type KernelFunc = (args: { inputs: Record<string, Info>; attrs: unknown; backend: Storage }) => Info | Info[];

/** Registers the fallbacks for wasm; `cpuBackend` makes the CPU backend (loaded on first use). */
export function registerWasmFallbacks(cpuBackend: () => Storage): void {
  // One CPU backend instance for every fallback kernel, made on first use.
  let cpu: Storage | null = null;
  for (const kernelName of [...WASM_FALLBACK_KERNELS, ...WASM_REPLACED_KERNELS]) {
    const replace = (WASM_REPLACED_KERNELS as readonly string[]).includes(kernelName);
    const own = tf.getKernel(kernelName, "wasm");
    if (own && !replace) continue;
    if (own && (own.kernelFunc as { d2lFallback?: true }).d2lFallback) continue; // already ours
    if (own) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: Object.assign(({ inputs, attrs, backend }: Parameters<KernelFunc>[0]) => {
        cpu ??= cpuBackend();
        const impl = tf.getKernel(kernelName, "cpu")?.kernelFunc as KernelFunc | undefined;
        if (!impl) throw new Error(`d2l-ts: the cpu backend has no '${kernelName}' kernel to stand in for wasm`);
        const onCpu: Record<string, Info> = {};
        for (const [name, t] of Object.entries(inputs)) {
          onCpu[name] = { ...t, dataId: cpu.write(backend.readSync(t.dataId), t.shape, t.dtype) };
        }
        try {
          const out = impl({ inputs: onCpu, attrs, backend: cpu });
          const back = (o: Info): Info => {
            const values = cpu!.readSync(o.dataId);
            cpu!.disposeData(o.dataId, true);
            return { dataId: backend.write(values, o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
          };
          return Array.isArray(out) ? out.map(back) : back(out);
        } finally {
          for (const t of Object.values(onCpu)) cpu.disposeData(t.dataId, true);
        }
      }, { d2lFallback: true as const }) as never,
    });
  }
}
