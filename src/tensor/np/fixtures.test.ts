/**
 * Replays fixtures/cases.json (inputs and numpy's results, written by fixtures/make.py with
 * Debian's numpy) through d2l-ts: same dtype, same shape, same values.
 */
import "../backend.js";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tf } from "../tf.js";
import { backend, registerBackend } from "../backend.js";
import * as np from "./index.js";
import * as npx from "./npx.js";

type Enc = null | boolean | number | string | { t: { dtype: "float32" | "int32" | "bool"; shape: number[]; data: (number | boolean | string)[] } }
  | { list: unknown } | { opts: Record<string, Enc> } | { seq: Enc[] } | { raw: Enc[] } | { num: string };
type Expected = { bool: boolean } | { dtype: string; shape: number[]; data: (number | boolean | string)[] };
type Case = { fn: string; note: string; args: Enc[]; expected: Expected };

const fixtures = JSON.parse(readFileSync(new URL("./fixtures/cases.json", import.meta.url), "utf8")) as { numpy: string; cases: Case[] };

const num = (v: unknown): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const nested = (v: unknown): unknown => (Array.isArray(v) ? v.map(nested) : typeof v === "boolean" ? v : num(v));

function decode(e: Enc): unknown {
  if (e === null || typeof e !== "object") return e;
  if ("t" in e) return tf.tensor(e.t.data.map((v) => (typeof v === "boolean" ? Number(v) : num(v))), e.t.shape, e.t.dtype);
  if ("list" in e) return nested(e.list);
  if ("opts" in e) return Object.fromEntries(Object.entries(e.opts).map(([k, v]) => [k, decode(v)]));
  if ("seq" in e) return e.seq.map(decode);
  if ("raw" in e) return e.raw.map(decode);
  return num(e.num);
}

function resolve(name: string): (...args: unknown[]) => unknown {
  const [root, path] = name.startsWith("npx.") ? [npx, name.slice(4)] : [np, name];
  const f = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root);
  if (typeof f !== "function") throw new Error(`fixture names ${name}, which d2l-ts does not export`);
  return f as (...args: unknown[]) => unknown;
}

function expectClose(actual: ArrayLike<number>, expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${label} [${i}]: ${a} vs numpy ${e}`).toBe(true);
    } else {
      // float32 on both sides; numpy may accumulate in a different order.
      expect(Math.abs(a - e), `${label} [${i}]: ${a} vs numpy ${e}`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(e));
    }
  }
}

const byFn = new Map<string, Case[]>();
for (const c of fixtures.cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);

const chosen = backend();
afterAll(async () => {
  await tf.setBackend(chosen);
});

// Both backends in one process: their kernels differ (wasm's Maximum and NaN, int support).
for (const name of ["wasm", "cpu"] as const) describe(`np against numpy ${fixtures.numpy} (fixtures/cases.json) on ${name}`, () => {
  beforeAll(async () => {
    registerBackend(name);
    expect(await tf.setBackend(name)).toBe(true);
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  });

  for (const [fn, cases] of byFn) {
    test(fn, () => {
      const f = resolve(fn);
      cases.forEach((c, i) => {
        const label = `${fn} case ${i}${c.note ? ` (${c.note})` : ""}`;
        const before = tf.memory().numTensors;
        const args = c.args.map(decode);
        const made = tf.memory().numTensors - before;
        const out = f(...args);
        if ("bool" in c.expected) {
          expect(out, label).toBe(c.expected.bool);
          expect(tf.memory().numTensors - before, `${label}: leaked tensors`).toBe(made);
        } else {
          const t = out as tf.Tensor;
          expect(t, label).toBeInstanceOf(tf.Tensor);
          expect(t.dtype, label).toBe(c.expected.dtype);
          expect(t.shape, label).toEqual(c.expected.shape);
          const data = c.expected.data.map((v) => (typeof v === "boolean" ? Number(v) : num(v)));
          expectClose(t.dataSync() as ArrayLike<number>, data, label);
          // The result is the only new tensor: intermediates (casts, converted scalars) are freed.
          expect(tf.memory().numTensors - before, `${label}: leaked tensors`).toBe(made + 1);
          t.dispose();
        }
        for (const a of args) if (a instanceof tf.Tensor) a.dispose();
        for (const a of args) if (Array.isArray(a)) for (const x of a) if (x instanceof tf.Tensor) x.dispose();
      });
    });
  }

  test("every exported np and npx function has numpy fixtures", () => {
    const skip = new Set(["random", "NpError"]); // random: statistical tests in random.test.ts
    const names = [
      ...Object.entries(np).filter(([k, v]) => !skip.has(k) && typeof v === "function").map(([k]) => k),
      ...Object.keys(np.linalg).map((k) => `linalg.${k}`),
      ...Object.keys(npx).map((k) => `npx.${k}`),
    ];
    const missing = names.filter((n) => !byFn.has(n));
    expect(missing).toEqual([]);
  });
});
