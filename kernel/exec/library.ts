/**
 * Preloads the d2l-ts library and reports its backend and version for the `ready` message.
 * A library that fails to load does not stop the kernel: plain TypeScript cells still run, and
 * the error is shown on the first cell.
 */
import { LibraryLoadError } from "./errors.js";
import { packageVersion } from "./resolve.js";

export interface LoadedLibrary {
  exports: Record<string, unknown>;
  backend: string;
  version: string;
  error: LibraryLoadError | null;
}

/** dist/kernel/exec/library.js -> dist/src/index.js */
export const DEFAULT_LIBRARY_URL = new URL("../../src/index.js", import.meta.url).href;

export async function loadLibrary(url: string): Promise<LoadedLibrary> {
  const version = packageVersion(url);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    return { exports: {}, backend: "none", version, error: new LibraryLoadError(url, e) };
  }
  return { exports, backend: await backendName(exports.backend), version: typeof exports.version === "string" ? exports.version : version, error: null };
}

async function backendName(backend: unknown): Promise<string> {
  try {
    const b = typeof backend === "function" ? await (backend as () => unknown)() : backend;
    if (typeof b === "string") return b;
    if (typeof b === "object" && b !== null && typeof (b as { name?: unknown }).name === "string") return (b as { name: string }).name;
  } catch {
    // reported as unknown: the kernel still works, the library will raise on use
  }
  return "unknown";
}
