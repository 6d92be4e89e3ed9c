/**
 * TypeScript is ~9 MB of JavaScript: it is loaded on the first compile, not when the io worker
 * imports this package, so binding the sockets never waits for it.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

export type { TS };

let loaded: typeof TS | undefined;

export function typescript(): typeof TS {
  loaded ??= createRequire(import.meta.url)("typescript") as typeof TS;
  return loaded;
}
