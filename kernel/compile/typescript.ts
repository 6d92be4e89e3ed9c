/**
 * TypeScript is ~9 MB of JavaScript: it is loaded on the first compile, not when the io worker
 * imports this package, so binding the sockets never waits for it. It is loaded through V8's code
 * cache (src/support/code-cache.ts, shared with the library's tfjs bundle), kept per TypeScript
 * install and Node version in $XDG_CACHE_HOME/d2l-ts (default ~/.cache/d2l-ts);
 * D2L_TS_CODE_CACHE=0 loads it plainly, D2L_TS_CACHE_DIR moves the cache.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";
import { loadWithCodeCache, type CodeCachedModule } from "../../src/support/code-cache.js";

export type { TS };

let loaded: typeof TS | undefined;
let cached: CodeCachedModule<typeof TS> | undefined;

export function typescript(): typeof TS {
  loaded ??= load();
  return loaded;
}

function load(): typeof TS {
  const require = createRequire(import.meta.url);
  try {
    cached = loadWithCodeCache<typeof TS>(require.resolve("typescript"));
    return cached.exports;
  } catch {
    return require("typescript") as typeof TS;
  }
}

/** Writes TypeScript's code cache if this load had none; call once TypeScript has done some work. */
export function saveTypescriptCodeCache(): boolean {
  return cached?.save() ?? false;
}
