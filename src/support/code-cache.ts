/**
 * Loads a large CommonJS file through V8's code cache: the tfjs bundle (~1.8 MB, src/tensor/tf.ts)
 * and TypeScript (~9 MB, kernel/compile/typescript.ts). Compiling them is most of their load time,
 * and Node 20 has no module compile cache of its own. The caller saves the cache after first use
 * (so it holds the functions that use needs, not only the top level) into $XDG_CACHE_HOME/d2l-ts
 * (default ~/.cache/d2l-ts; D2L_TS_CACHE_DIR moves it, D2L_TS_CODE_CACHE=0 turns it off), keyed by
 * the file's path, size and time and by Node's version. Any problem with the cache (missing, stale,
 * another Node or V8 flags: V8 rejects it) falls back to compiling from source and rewrites it;
 * nothing here makes loading fail for want of a cache.
 *
 * The module is registered in `require.cache` under the file's path, so every other route to it
 * (`require`, an `import` of the package, the `@tensorflow/tfjs-core` alias module, a second copy of
 * this file under a test runner) gets this same instance.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { homedir } from "node:os";
import path from "node:path";
import vm from "node:vm";

export interface CodeCachedModule<T> {
  exports: T;
  /**
   * "hit": compiled from the cache; "miss": compiled from source (no usable cache); "shared":
   * already loaded in this process; "off": D2L_TS_CODE_CACHE=0, loaded by `require`.
   */
  cache: "hit" | "miss" | "shared" | "off";
  /** Writes the cache after a miss (call after first use); true when it wrote. Never throws. */
  save(): boolean;
}

/** FNV-1a, 32 bits, hex: tells installs of the package apart in one cache directory. */
function hashPath(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * `<dir>/<name>-<hash of the file's path>-<size>-<mtime>-node<version>-<arch>.v8cache`: one cache
 * per install (several projects or worktrees share the directory) and per build of the file.
 * `sameInstall` tells the caches of other builds of this install, to be removed.
 */
export function codeCacheFile(file: string): { path: string; sameInstall: (name: string) => boolean } {
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

/**
 * Loads the CommonJS file `file` (an absolute, real path) once per process. `file` is the module as
 * its code sees it (`__filename`, `__dirname`, `require`, `require.cache`); `opts.source`, when
 * given, is where its code is read from instead (a minified copy), and the cache is keyed on it.
 */
export function loadWithCodeCache<T>(file: string, opts: { source?: string } = {}): CodeCachedModule<T> {
  const require = createRequire(file);
  const none = { save: () => false };
  const already = require.cache[file];
  if (already?.loaded) return { exports: already.exports as T, cache: "shared", ...none };
  if (process.env.D2L_TS_CODE_CACHE === "0") return { exports: require(file) as T, cache: "off", ...none };

  // UTF-8, though Latin-1 reads TypeScript's ASCII 9 MB ~25 ms faster: Node makes a large Latin-1
  // string external (malloc'ed outside V8's heap), and with one as the io worker's script source
  // the process aborted now and then at exit (heap corruption, ~1 in 40 shutdowns).
  const codeFile = opts.source ?? file;
  const source = readFileSync(codeFile, "utf8");
  const cache = codeCacheFile(codeFile);
  const cachePath = cache.path;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: codeFile, cachedData });
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
        const tmp = `${cachePath}.${process.pid}.${Date.now()}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
        // Caches of earlier builds of this install's file will never be read again.
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
