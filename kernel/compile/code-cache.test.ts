import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadWithCodeCache } from "./code-cache.js";

describe("loadWithCodeCache", () => {
  it("loads a CommonJS file, writes its cache after use, and compiles from it next time", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "d2l-cc-"));
    const file = path.join(dir, "mod.cjs");
    writeFileSync(file, `const p = require("node:path"); exports.base = (f) => p.basename(f); exports.self = __filename; module.exports.n = ${"1 + ".repeat(200)}1;`);
    const cacheFile = path.join(dir, "cache", "mod.v8cache");

    const first = loadWithCodeCache<{ base(f: string): string; self: string; n: number }>({ file, cacheFile });
    expect(first.cache).toBe("miss");
    expect(first.exports.base("/a/b.txt")).toBe("b.txt");
    expect(first.exports.self).toBe(file);
    expect(first.exports.n).toBe(201);
    expect(first.save()).toBe(true);
    expect(first.save()).toBe(false);

    const second = loadWithCodeCache<{ n: number }>({ file, cacheFile });
    expect(second.cache).toBe("hit");
    expect(second.exports.n).toBe(201);
  });

  it("falls back to the source when the cache is garbage, and replaces it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "d2l-cc-"));
    const file = path.join(dir, "mod.cjs");
    writeFileSync(file, "module.exports = 42;");
    const cacheFile = path.join(dir, "mod.v8cache");
    writeFileSync(cacheFile, "not a code cache");
    const r = loadWithCodeCache<number>({ file, cacheFile });
    expect(r.exports).toBe(42);
    expect(r.cache).toBe("miss");
    expect(r.save()).toBe(true);
    expect(readFileSync(cacheFile).toString()).not.toBe("not a code cache");
    expect(loadWithCodeCache<number>({ file, cacheFile }).cache).toBe("hit");
  });

  it("runs the code of `source` as the module `file`, with its own cache", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "d2l-cc-"));
    const file = path.join(dir, "pkg", "mod.cjs");
    const source = path.join(dir, "mod.min.cjs");
    mkdirSync(path.dirname(file));
    writeFileSync(file, "module.exports = { from: 'original' };");
    writeFileSync(source, "module.exports={from:'minified',self:__filename,dir:__dirname};");
    const cacheFile = path.join(dir, "min.v8cache");
    const r = loadWithCodeCache<{ from: string; self: string; dir: string }>({ file, source, cacheFile });
    expect(r.exports).toEqual({ from: "minified", self: file, dir: path.dirname(file) });
    expect(r.save()).toBe(true);
    expect(loadWithCodeCache({ file, source, cacheFile }).cache).toBe("hit");
  });
});
