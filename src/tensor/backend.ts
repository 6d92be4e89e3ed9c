/**
 * Chooses the tensor backend once, when the library is imported: tfjs-node if the user installed
 * it, else WebAssembly (its binary ships inside the npm package, so it works offline), else the
 * pure-JS CPU backend. tfjs needs an async backend ready before the first op, hence the
 * top-level await in `ready`.
 */
import { tf } from "./tf.js";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { registerGradients } from "./gradients.js";

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

async function tryWasm(): Promise<boolean> {
  if (process.env.D2L_BACKEND && process.env.D2L_BACKEND !== "wasm") return false;
  try {
    // require(), not import(): see tf.ts (ESM import of a large CommonJS bundle is slow).
    const wasm = load("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    // In Node the .wasm files are read from disk next to the package's main file.
    const main = load.resolve("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(dirname(main) + "/");
    return await tf.setBackend("wasm");
  } catch (e) {
    why = `wasm unavailable (${(e as Error).message}); `;
    return false;
  }
}

async function choose(): Promise<BackendName> {
  if (await tryNode()) return "tensorflow";
  if (await tryWasm()) return "wasm";
  load("@tensorflow/tfjs-backend-cpu");
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
// tfjs-core alone registers no gradients; without these tf.grad cannot differentiate anything.
registerGradients();

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
