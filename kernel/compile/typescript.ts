/**
 * TypeScript is ~9 MB of JavaScript: it is loaded on the first compile, not when the io worker
 * imports this package, so binding the sockets never waits for it. It is loaded through V8's code
 * cache (code-cache.ts), kept per TypeScript and Node version in $XDG_CACHE_HOME/d2l-ts (default
 * ~/.cache/d2l-ts); D2L_TS_CODE_CACHE=0 loads it plainly, D2L_TS_CACHE_DIR moves the cache.
 */
import { createRequire } from "node:module";
import { homedir } from "node:os";
import path from "node:path";
import type * as TS from "typescript";
import { loadWithCodeCache, type CachedLoad } from "./code-cache.js";

export type { TS };

let loaded: typeof TS | undefined;
let cached: CachedLoad<typeof TS> | undefined;

export function typescriptCacheFile(version: string): string {
  const dir = process.env.D2L_TS_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "d2l-ts");
  return path.join(dir, `typescript-${version}-node${process.versions.node}-${process.arch}.v8cache`);
}

export function typescript(): typeof TS {
  loaded ??= load();
  return loaded;
}

function load(): typeof TS {
  const require = createRequire(import.meta.url);
  if (process.env.D2L_TS_CODE_CACHE === "0") return require("typescript") as typeof TS;
  try {
    const version = (require("typescript/package.json") as { version: string }).version;
    cached = loadWithCodeCache<typeof TS>({ file: require.resolve("typescript"), cacheFile: typescriptCacheFile(version) });
    return cached.exports;
  } catch {
    return require("typescript") as typeof TS;
  }
}

/** Writes TypeScript's code cache if this load had none; call once TypeScript has done some work. */
export function saveTypescriptCodeCache(): boolean {
  return cached?.save() ?? false;
}
