import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { codeCacheFile, loadWithCodeCache } from "./code-cache.js";

const saved = { dir: process.env.D2L_TS_CACHE_DIR, off: process.env.D2L_TS_CODE_CACHE };
afterEach(() => {
  for (const [name, value] of [["D2L_TS_CACHE_DIR", saved.dir], ["D2L_TS_CODE_CACHE", saved.off]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A fresh CommonJS file (so a test's load is never "shared") with a cache directory beside it. */
function fixture(): { file: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "d2l-code-cache-"));
  const file = path.join(dir, "lib.cjs");
  writeFileSync(file, `globalThis.__d2lLoads = (globalThis.__d2lLoads ?? 0) + 1;\nconst p = require("node:path");\nexports.base = (f) => p.basename(f);\nexports.double = (x) => 2 * x;\nexports.dir = __dirname;\nexports.self = __filename;\nexports.n = ${"1 + ".repeat(200)}1;\n`);
  return { file, cacheDir: path.join(dir, "cache") };
}

/** Loads `file` in a fresh Node through the built loader; prints the cache outcome. */
function loadInChild(file: string, cacheDir: string, env: NodeJS.ProcessEnv = {}): string {
  const loader = new URL("../../dist/src/support/code-cache.js", import.meta.url).href;
  return execFileSync(process.execPath, ["--input-type=module", "-e", `const { loadWithCodeCache } = await import(${JSON.stringify(loader)}); const b = loadWithCodeCache(${JSON.stringify(file)}); const saved = b.save(); console.log(b.cache, b.exports.double(21), saved);`], {
    env: { ...process.env, D2L_TS_CACHE_DIR: cacheDir, ...env },
    encoding: "utf8",
  }).trim();
}

type Lib = { base(f: string): string; double(x: number): number; dir: string; self: string; n: number };

describe("loadWithCodeCache", () => {
  test("one instance per process, shared with require(), with CommonJS' module variables", () => {
    const { file, cacheDir } = fixture();
    process.env.D2L_TS_CACHE_DIR = cacheDir;
    const before = (globalThis as { __d2lLoads?: number }).__d2lLoads ?? 0;
    const first = loadWithCodeCache<Lib>(file);
    expect(first.cache).toBe("miss");
    expect(first.exports.double(4)).toBe(8);
    expect(first.exports.base("/a/b.txt")).toBe("b.txt");
    expect(first.exports.dir).toBe(path.dirname(file));
    expect(first.exports.self).toBe(file);
    expect(first.exports.n).toBe(201);
    const again = loadWithCodeCache<Lib>(file);
    expect(again.cache).toBe("shared");
    expect(again.exports).toBe(first.exports);
    expect(again.save()).toBe(false);
    expect(createRequire(file)(file)).toBe(first.exports);
    expect((globalThis as { __d2lLoads?: number }).__d2lLoads).toBe(before + 1);
  });

  test("the cache is written once, whole (no temporary file left), and the next process compiles from it", () => {
    const { file, cacheDir } = fixture();
    process.env.D2L_TS_CACHE_DIR = cacheDir;
    const first = loadWithCodeCache<Lib>(file);
    expect(first.save()).toBe(true);
    expect(first.save()).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([path.basename(codeCacheFile(file).path)]);
    expect(loadInChild(file, cacheDir)).toBe("hit 42 false");
  });

  test("a rebuilt file gets a new cache and the old one is removed", () => {
    const { file, cacheDir } = fixture();
    expect(loadInChild(file, cacheDir)).toBe("miss 42 true");
    expect(loadInChild(file, cacheDir)).toBe("hit 42 false");
    expect(readdirSync(cacheDir)).toHaveLength(1);
    writeFileSync(file, "exports.double = (x) => x + x;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(loadInChild(file, cacheDir)).toBe("miss 42 true");
    expect(loadInChild(file, cacheDir)).toBe("hit 42 false");
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  test("a corrupt cache (V8 rejects it) falls back to compiling from source and is rewritten", () => {
    const { file, cacheDir } = fixture();
    process.env.D2L_TS_CACHE_DIR = cacheDir;
    const cachePath = codeCacheFile(file).path;
    expect(loadInChild(file, cacheDir)).toBe("miss 42 true");
    writeFileSync(cachePath, "not a code cache");
    expect(loadInChild(file, cacheDir)).toBe("miss 42 true");
    expect(readFileSync(cachePath).toString()).not.toBe("not a code cache");
    expect(loadInChild(file, cacheDir)).toBe("hit 42 false");
  });

  test("D2L_TS_CODE_CACHE=0 loads the file plainly and writes no cache", () => {
    const { file, cacheDir } = fixture();
    expect(loadInChild(file, cacheDir, { D2L_TS_CODE_CACHE: "0" })).toBe("off 42 false");
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
    process.env.D2L_TS_CACHE_DIR = cacheDir;
    process.env.D2L_TS_CODE_CACHE = "0";
    const off = loadWithCodeCache<Lib>(file);
    expect(off.cache).toBe("off");
    expect(off.exports.double(5)).toBe(10);
    expect(createRequire(file)(file)).toBe(off.exports);
  });

  test("a cache directory that cannot be written only costs speed", () => {
    const { file } = fixture();
    const blocked = path.join(path.dirname(file), "lib.cjs", "cache"); // under a file: mkdir fails
    expect(loadInChild(file, blocked)).toBe("miss 42 false");
  });

  test("runs the code of a minified copy as the module `file` would, with a cache of its own", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "d2l-code-cache-"));
    process.env.D2L_TS_CACHE_DIR = path.join(dir, "cache");
    const file = path.join(dir, "pkg", "mod.cjs");
    const source = path.join(dir, "mod.min.cjs");
    mkdirSync(path.dirname(file));
    writeFileSync(file, "module.exports = { from: 'original' };");
    writeFileSync(source, "module.exports={from:'minified',self:__filename,dir:__dirname};");
    const r = loadWithCodeCache<{ from: string; self: string; dir: string }>(file, { source });
    expect(r.exports).toEqual({ from: "minified", self: file, dir: path.dirname(file) });
    expect(createRequire(file)(file)).toBe(r.exports);
    expect(r.save()).toBe(true);
    expect(readdirSync(path.join(dir, "cache")).map((n) => n.split("-")[0])).toEqual(["mod.min"]);
  });
});
