/**
 * What dist/vendor/tfjs.cjs holds (bundled by ./build.mjs): tfjs-core's ESM build with every
 * gradient and every chained tensor method registered, and the two backends, whose own
 * `import "@tensorflow/tfjs-core"` resolves to this same copy. The backends are required lazily:
 * esbuild keeps a required ES module's body in a wrapper that runs on first require, so a process
 * that uses the CPU backend never evaluates the WebAssembly one.
 */
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js";

export * as tf from "@tensorflow/tfjs-core/dist/index.js";

/** Registers the "wasm" backend; returns the package (setWasmPaths, ...). */
export function loadWasmBackend() {
  return require("@tensorflow/tfjs-backend-wasm/dist/index.js");
}

/** Registers the "cpu" backend. */
export function loadCpuBackend() {
  return require("@tensorflow/tfjs-backend-cpu/dist/index.js");
}
