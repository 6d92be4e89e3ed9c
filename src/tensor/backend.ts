/**
 * Chooses the tensor backend once, when the library is imported: tfjs-node if the user installed
 * it, else WebAssembly (its binary ships inside the npm package, so it works offline), else the
 * pure-JS CPU backend. tfjs needs an async backend ready before the first op, hence the
 * top-level await in `ready`.
 */
import { tf, tfjsBundle } from "./tf.js";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { registerWasmFallbacks } from "./wasm-fallback.js";

export type BackendName = "tensorflow" | "wasm" | "cpu";

const load = createRequire(import.meta.url);
let chosen: BackendName | null = null;
let why = "";

async function tryNode(): Promise<boolean> {
  if (process.env.D2L_BACKEND && process.env.D2L_BACKEND !== "tensorflow") return false;
  try {
    // Optional peer: a string variable keeps tsc from demanding its types.
    const name = "@tensorflow/tfjs-node";
    load(name);
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

/**
 * Registers the "wasm" or "cpu" backend with tfjs (idempotent) without switching to it; then
 * `tf.setBackend(name)` can. The backends' code is in the tfjs bundle (tf.ts); the .wasm binaries
 * are read from disk, from the installed @tensorflow/tfjs-backend-wasm package's dist/ folder.
 */
export function registerBackend(name: "wasm" | "cpu"): void {
  if (name === "cpu") {
    tfjsBundle.exports.loadCpuBackend();
    return;
  }
  const wasm = tfjsBundle.exports.loadWasmBackend();
  wasm.setWasmPaths(dirname(load.resolve("@tensorflow/tfjs-backend-wasm")) + "/");
  registerWasmFallbacks(() => {
    const { MathBackendCPU } = tfjsBundle.exports.loadCpuBackend() as { MathBackendCPU: new () => { firstUse: boolean } };
    const cpu = new MathBackendCPU();
    cpu.firstUse = false; // its "install tfjs-node" banner
    return cpu as never;
  });
}

async function tryWasm(): Promise<boolean> {
  if (process.env.D2L_BACKEND && process.env.D2L_BACKEND !== "wasm") return false;
  try {
    registerBackend("wasm");
    return await tf.setBackend("wasm");
  } catch (e) {
    why = `wasm unavailable (${(e as Error).message}); `;
    return false;
  }
}

async function choose(): Promise<BackendName> {
  if (await tryNode()) return "tensorflow";
  if (await tryWasm()) return "wasm";
  registerBackend("cpu");
  if (!(await tf.setBackend("cpu"))) throw new Error(`${why}no tfjs backend could be initialized`);
  // The CPU backend prints an "install tfjs-node" banner into the first cell that makes a tensor;
  // backend() already says which backend runs.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return "cpu";
}

/** Resolves once the backend is ready; awaited at module load so ops work right after import. */
export const ready: Promise<BackendName> = choose().then((name) => {
  chosen = name;
  return name;
});
await ready;
// The first load compiled the bundle from source: keep V8's code for the next process, now that
// the functions a first op needs are compiled too.
if (tfjsBundle.cache === "miss") {
  tf.tidy(() => tf.add(tf.ones([2, 3]), 1).sum().dataSync());
  tfjsBundle.save();
}

/**
 * The tensor backend in use: "tensorflow" (tfjs-node), "wasm" or "cpu".
 * Set `D2L_BACKEND=cpu` (or wasm / tensorflow) before starting Node to force one.
 */
export function backend(): BackendName {
  return chosen ?? (tf.getBackend() as BackendName);
}

/** Why a faster backend was skipped, for diagnostics ("" when the first choice worked). */
export function backendNote(): string {
  return why;
}
