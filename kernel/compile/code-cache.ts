/**
 * Loads a CommonJS file through V8's code cache. TypeScript is ~9 MB of JavaScript: compiling it
 * is most of the ~0.3-0.6 s the kernel's first cell waits for, and Node 20 has no module compile
 * cache of its own. With a cache written after the first use (so it holds the functions a
 * transpile needs, not only the top level), the load takes about half as long.
 * Any problem with the cache (missing, stale, another Node or V8 flags: V8 rejects it) falls back
 * to compiling from source and rewrites the cache; nothing here can make loading fail.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

export interface CachedLoad<T> {
  exports: T;
  /** "hit": compiled from the cache; "miss": no usable cache (missing or rejected). */
  cache: "hit" | "miss";
  /** Writes the cache if it was a miss; call after first use. Never throws. */
  save(): boolean;
}

/**
 * `file` is the module as its code sees it (`__filename`, `__dirname`, `require`); `source`, when
 * given, is where its code is read from instead (a minified copy of it).
 */
export function loadWithCodeCache<T>(opts: { file: string; cacheFile: string; source?: string }): CachedLoad<T> {
  // UTF-8, though Latin-1 reads TypeScript's ASCII 9 MB ~25 ms faster: Node makes a large Latin-1
  // string external (malloc'ed outside V8's heap), and with one as the io worker's script source
  // the process aborted now and then at exit (heap corruption, ~1 in 40 shutdowns).
  const source = readFileSync(opts.source ?? opts.file, "utf8");
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(opts.cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: opts.source ?? opts.file, cachedData });
  const hit = cachedData !== undefined && script.cachedDataRejected === false;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const mod = { exports: {} as unknown };
  wrapper.call(mod.exports, mod.exports, createRequire(opts.file), mod, opts.file, path.dirname(opts.file));
  let saved = hit;
  return {
    exports: mod.exports as T,
    cache: hit ? "hit" : "miss",
    save() {
      if (saved) return false;
      saved = true;
      try {
        mkdirSync(path.dirname(opts.cacheFile), { recursive: true });
        // Write then rename: another kernel starting now reads a whole cache or none.
        const tmp = `${opts.cacheFile}.${process.pid}.${Date.now()}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, opts.cacheFile);
        return true;
      } catch {
        // A read-only home or a full disk only costs speed.
        return false;
      }
    },
  };
}
