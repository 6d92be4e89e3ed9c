/**
 * The library on both of its bundled backends: WebAssembly (chosen first) and the pure-JS CPU
 * fallback (used where wasm cannot load). The same seeded networks (an MLP and a small conv net)
 * run in one process per backend (D2L_BACKEND picks it at import); their outputs and the gradients
 * of every parameter must agree. vitest.config.ts also runs the nn and tensor unit suites a second
 * time under D2L_BACKEND=cpu (the "cpu" project).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const DIST = join(ROOT, "dist", "src", "index.js");

interface Probe {
  backend: string;
  results: Record<string, { shape: number[]; values: number[] }>;
}

function probe(backend: "wasm" | "cpu"): Probe {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npm run build)`);
  const json = execFileSync(process.execPath, [join(ROOT, "test", "library", "backend-probe.mjs"), DIST], {
    env: { ...process.env, D2L_BACKEND: backend },
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(json) as Probe;
}

describe("wasm and cpu backends compute the same outputs and gradients", () => {
  it("same shapes, values within float32 rounding", { timeout: 240_000 }, () => {
    const wasm = probe("wasm");
    const cpu = probe("cpu");
    expect(wasm.backend).toBe("wasm");
    expect(cpu.backend).toBe("cpu");
    const names = Object.keys(wasm.results);
    expect(names).toEqual(Object.keys(cpu.results));
    // Every parameter of both networks has a gradient (3 Dense + 2 Conv2D + 1 Dense, weight and bias).
    expect(names.filter((n) => n.includes(" grad "))).toHaveLength(12);
    for (const n of names) {
      const a = wasm.results[n]!, b = cpu.results[n]!;
      expect(a.shape, n).toEqual(b.shape);
      const scale = Math.max(1e-3, ...b.values.map(Math.abs));
      const worst = Math.max(...a.values.map((v, i) => Math.abs(v - b.values[i]!)));
      // Both compute in float32; summation order differs between them (SIMD, tiling).
      expect(worst / scale, `${n}: largest difference ${worst} (scale ${scale})`).toBeLessThan(1e-4);
      expect(a.values.every(Number.isFinite), n).toBe(true);
    }
  });
});
