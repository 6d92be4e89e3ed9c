import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadBundle } from "./load-bundle.js";

const saved = process.env.D2L_TS_CACHE_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.D2L_TS_CACHE_DIR;
  else process.env.D2L_TS_CACHE_DIR = saved;
});

function fixture(): { file: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "d2l-bundle-"));
  const file = path.join(dir, "lib.cjs");
  writeFileSync(file, "globalThis.__d2lLoads = (globalThis.__d2lLoads ?? 0) + 1;\nexports.double = (x) => 2 * x;\nexports.dir = __dirname;\n");
  return { file, cacheDir: path.join(dir, "cache") };
}

/** Loads `file` in a fresh Node through the built loader; prints the cache outcome. */
function loadInChild(file: string, cacheDir: string): string {
  const loader = new URL("../../dist/src/tensor/load-bundle.js", import.meta.url).href;
  return execFileSync(process.execPath, ["--input-type=module", "-e", `const { loadBundle } = await import(${JSON.stringify(loader)}); const b = loadBundle(${JSON.stringify(file)}); b.save(); console.log(b.cache, b.exports.double(21));`], {
    env: { ...process.env, D2L_TS_CACHE_DIR: cacheDir },
    encoding: "utf8",
  }).trim();
}

describe("loadBundle", () => {
  test("one instance per process, shared with require(), with CommonJS' module variables", () => {
    const { file, cacheDir } = fixture();
    process.env.D2L_TS_CACHE_DIR = cacheDir;
    const first = loadBundle<{ double(x: number): number; dir: string }>(file);
    expect(first.cache).toBe("miss");
    expect(first.exports.double(4)).toBe(8);
    expect(first.exports.dir).toBe(path.dirname(file));
    const again = loadBundle<{ double(x: number): number }>(file);
    expect(again.cache).toBe("shared");
    expect(again.exports).toBe(first.exports);
    expect(createRequire(file)(file)).toBe(first.exports);
    expect((globalThis as { __d2lLoads?: number }).__d2lLoads).toBe(1);
  });

  test("the next process compiles from the code cache; a rebuilt file replaces it", () => {
    const { file, cacheDir } = fixture();
    expect(loadInChild(file, cacheDir)).toBe("miss 42");
    expect(loadInChild(file, cacheDir)).toBe("hit 42");
    expect(readdirSync(cacheDir)).toHaveLength(1);
    writeFileSync(file, "exports.double = (x) => x + x;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(loadInChild(file, cacheDir)).toBe("miss 42");
    expect(loadInChild(file, cacheDir)).toBe("hit 42");
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });
});
