/**
 * TypeScript is ~9 MB of JavaScript: it is loaded on the first compile, not when the io worker
 * imports this package, so binding the sockets never waits for it. It is loaded through V8's code
 * cache (src/support/code-cache.ts, shared with the library's tfjs bundle), kept per TypeScript
 * install and Node version in $XDG_CACHE_HOME/d2l-ts (default ~/.cache/d2l-ts);
 * D2L_TS_CODE_CACHE=0 loads it plainly, D2L_TS_CACHE_DIR moves the cache.
 * The code comes from the minified copy `npm run build` makes (dist/vendor/typescript-<version>.min.cjs)
 * when it matches the installed TypeScript's version: V8 keeps a script's whole source in the heap
 * (9 MB here, 3.6 MB minified), and the shorter names make smaller bytecode; the io worker's heap is
 * ~10 MiB smaller and the load ~25% faster. The module still sees the package's own path, so
 * TypeScript finds its lib files next to it as before.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import { loadWithCodeCache, type CodeCachedModule } from "../../src/support/code-cache.js";

export type { TS };

let loaded: typeof TS | undefined;
let cached: CodeCachedModule<typeof TS> | undefined;

/** The build's minified copy of TypeScript `version`, or null (not built, or another version). */
export function minifiedTypescript(version: string): string | null {
  const file = fileURLToPath(new URL(`../../vendor/typescript-${version}.min.cjs`, import.meta.url));
  return existsSync(file) ? file : null;
}

export function typescript(): typeof TS {
  loaded ??= load();
  return loaded;
}

function load(): typeof TS {
  const require = createRequire(import.meta.url);
  try {
    const version = (require("typescript/package.json") as { version: string }).version;
    cached = loadWithCodeCache<typeof TS>(require.resolve("typescript"), { source: minifiedTypescript(version) ?? undefined });
    return cached.exports;
  } catch {
    return require("typescript") as typeof TS;
  }
}

/** Writes TypeScript's code cache if this load had none; call once TypeScript has done some work. */
export function saveTypescriptCodeCache(): boolean {
  return cached?.save() ?? false;
}
