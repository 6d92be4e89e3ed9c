/**
 * The built library in plain Node (no test runner, no alias): `import { np } from "d2l-ts"` gives
 * tensors with tfjs' chained methods, host values and upstream gradients, on either backend.
 */
import { execFileSync } from "node:child_process";
import * as core from "@tensorflow/tfjs-core";
import { describe, expect, test } from "vitest";
import { tf } from "./tf.js";
import "./backend.js";

const entry = new URL("../../dist/src/index.js", import.meta.url).href;
const script = `
const { np, tf, backend } = await import(${JSON.stringify(entry)});
const t = np.ones([2, 3]);
const grad = tf.grad((b) => tf.add(np.ones([4, 2]), b).square().sum())(tf.zeros([2]));
console.log(JSON.stringify({
  backend: backend(),
  sum: t.sum().item(), mean: t.mean().item(), add: t.add(t).sum().item(),
  reshaped: t.reshape([3, 2]).shape, all: tf.equal(t, t).all().item(),
  rows: t.sum(1).tolist(), biasGrad: grad.tolist(),
}));`;

describe.each(["wasm", "cpu"])("plain Node, D2L_BACKEND=%s", (name) => {
  test("tensors have chained methods, item/tolist and upstream gradients", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, D2L_BACKEND: name }, encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({
      backend: name,
      sum: 6, mean: 1, add: 12, reshaped: [3, 2], all: 1, rows: [3, 3],
      // d/db sum((1 + b)^2) over 4 rows at b = 0: 4 * 2 = 8 for each entry.
      biasGrad: [8, 8],
    });
  });
});

test("test files that import @tensorflow/tfjs-core get the library's copy (vitest alias)", () => {
  expect(core.memory).toBe(tf.memory);
  expect(typeof (core.ones([2]) as unknown as { sum?: unknown }).sum).toBe("function");
});
