/**
 * Loads dist/vendor/tfjs.cjs (see vendor/tfjs/build.mjs) once per process, through V8's code
 * cache. The bundle is ~1.8 MB of JavaScript: compiling it is most of its load time, and Node 20
 * has no module compile cache of its own. The cache is written after the first load, once the
 * backend has run an op (so it holds the functions a first op needs), into
 * $XDG_CACHE_HOME/d2l-ts (default ~/.cache/d2l-ts, D2L_TS_CACHE_DIR moves it, D2L_TS_CODE_CACHE=0
 * turns it off), keyed by the bundle's size and time and by Node's version: V8 rejects a cache
 * from other flags and we then compile from source and rewrite it. Nothing here makes loading fail
 * for want of a cache.
 *
 * The module is registered in `require.cache` under the bundle's path, so every other route to it
 * (the `@tensorflow/tfjs-core` alias module, a second copy of this file under a test runner) gets
 * this same instance: one tfjs engine, one Tensor class.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { homedir } from "node:os";
import path from "node:path";
import vm from "node:vm";

export interface LoadedBundle<T> {
  exports: T;
  /** "hit": compiled from the cache; "miss": compiled from source; "shared": already loaded. */
  cache: "hit" | "miss" | "shared" | "off";
  /** Writes the code cache after a miss; never throws. */
  save(): boolean;
}

/** FNV-1a, 32 bits, hex: tells installs of the package apart in one cache directory. */
function hashPath(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * `<dir>/<name>-<hash of the bundle's path>-<size>-<mtime>-node<version>-<arch>.v8cache`: one
 * cache per install (several projects or worktrees share the directory) and per build of it.
 */
function cacheFile(file: string): { path: string; sameInstall: (name: string) => boolean } {
  const dir = process.env.D2L_TS_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "d2l-ts");
  const st = statSync(file);
  const install = `${path.basename(file, path.extname(file))}-${hashPath(file)}-`;
  const tail = `-node${process.versions.node}-${process.arch}.v8cache`;
  return {
    path: path.join(dir, `${install}${st.size}-${Math.trunc(st.mtimeMs)}${tail}`),
    sameInstall: (name) => name.startsWith(install) && name.endsWith(tail),
  };
}

type Wrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

export function loadBundle<T>(file: string): LoadedBundle<T> {
  const require = createRequire(file);
  const none = { save: () => false };
  const already = require.cache[file];
  if (already?.loaded) return { exports: already.exports as T, cache: "shared", ...none };
  if (process.env.D2L_TS_CODE_CACHE === "0") return { exports: require(file) as T, cache: "off", ...none };

  const source = readFileSync(file, "utf8");
  const cache = cacheFile(file);
  const cachePath = cache.path;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    (script.runInThisContext() as Wrapper).call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  let saved = hit;
  return {
    exports: mod.exports as T,
    cache: hit ? "hit" : "miss",
    save() {
      if (saved) return false;
      saved = true;
      try {
        mkdirSync(path.dirname(cachePath), { recursive: true });
        // Write then rename: a process starting now reads a whole cache or none.
        const tmp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
        // Caches of earlier builds of this install's bundle will never be read again.
        for (const name of readdirSync(path.dirname(cachePath))) {
          if (cache.sameInstall(name) && name !== path.basename(cachePath)) {
            rmSync(path.join(path.dirname(cachePath), name), { force: true });
          }
        }
        return true;
      } catch {
        return false; // a read-only home or a full disk only costs speed
      }
    },
  };
}
