import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CellFiles, HASH_SEED, cellHash } from "./cell-files.js";

describe("cell file names", () => {
  it("hashes the UTF-8 bytes as JupyterLab 4 and ipykernel do", () => {
    // Expected values from ipykernel.compiler.murmur2_x86(code, seed) with the same seed.
    expect(HASH_SEED).toBe(0x5eedd21);
    expect(cellHash("print(1)")).toBe(100089411);
    expect(cellHash("// Tạo mạng nơ-ron\nconst net = new nn.Sequential();")).toBe(1328822356);
    expect(cellHash('const x = "héllo ✓ 😀";')).toBe(2154961933);
  });

  it("writes dumped cells whole, under the announced prefix and suffix", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "d2l-cells-")), "cells");
    const files = new CellFiles(dir);
    const code = "const a = 1;\n";
    const path = await files.dump(code);
    expect(path).toBe(`${files.prefix}${cellHash(code)}.ts`);
    expect(readFileSync(path, "utf8")).toBe(code);
    expect(readdirSync(dir)).toEqual([`${cellHash(code)}.ts`]);
    expect(files.source(path)).toBe(code);
    expect(files.isCell(path)).toBe(true);
    expect(files.isCell(join(tmpdir(), "other.ts"))).toBe(false);
  });
});
