/** The package entry: named exports the kernel turns into globals, and displays end to end. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import * as lib from "./index.js";
import { JUPYTER_DISPLAY, backend, keras, nn, np, tf } from "./index.js";

const chapterNet = () => new nn.Sequential().add(new nn.Dense(256, { activation: "relu" }), new nn.Dense(10));

describe("d2l-ts entry", () => {
  test("exports what a notebook needs as top-level names", () => {
    for (const name of ["nn", "np", "init", "keras", "tf", "backend", "DeferredInitializationError", "NotInitializedError", "ShapeMismatchError"]) {
      expect(lib, name).toHaveProperty(name);
    }
    expect(typeof lib.tf.matMul).toBe("function");
    expect(new lib.init.Xavier()).toBeInstanceOf(lib.init.Initializer);
    expect(backend()).toBe(tf.getBackend());
  });

  test("tensors display like numpy, with shape and dtype, in the kernel and in util.inspect", () => {
    const X = np.array([[1, 2, 3], [4, 5, 6]]);
    const bundle = (X as unknown as { [JUPYTER_DISPLAY](): lib.MimeBundle })[JUPYTER_DISPLAY]();
    expect(bundle["text/plain"]).toMatch(/shape=\(2, 3\)/);
    expect(bundle["text/plain"]).toMatch(/float32/);
    expect(inspect(X)).toBe(bundle["text/plain"]);
    expect(inspect(X)).toContain("4");
    X.dispose();
    expect(inspect(X)).toMatch(/disposed/);
  });

  test("parameter tables show -1 and states before data, shapes after", () => {
    const net = chapterNet();
    const before = net.collectParams()[JUPYTER_DISPLAY]();
    expect(before["text/plain"]).toContain("0.weight");
    expect(before["text/plain"]).toMatch(/256, -1/);
    net.initialize();
    net.forward(np.random.uniform(0, 1, [2, 20]));
    const after = net.collectParams()[JUPYTER_DISPLAY]();
    expect(after["text/plain"]).toMatch(/256, 20/);
    expect(after["text/plain"]).toMatch(/10, 256/);
    expect(inspect(net.collectParams())).toBe(after["text/plain"]);
    expect(inspect(net.collectParams().get("0.weight"))).toMatch(/0\.weight.*\(256, 20\)/);
  });

  test("networks display as a graph (SVG) with the last input's shapes, and as text", async () => {
    const net = chapterNet().initialize();
    net.forward(np.random.uniform(0, 1, [2, 20]));
    const bundle = await net[JUPYTER_DISPLAY]();
    expect(bundle["text/plain"]).toContain("Dense");
    expect(String(bundle["image/svg+xml"] ?? bundle["text/html"] ?? "")).toMatch(/<svg/);
    expect(inspect(net)).toContain("Dense(20 -> 256, relu)");
  });

  test("summaries display with shapes and totals (nn and keras)", () => {
    const s = chapterNet().summary([2, 20]);
    expect(s[JUPYTER_DISPLAY]()["text/plain"]).toMatch(/7,?946/);
    const k = keras.Sequential([keras.layers.Dense(256, { activation: "relu" }), keras.layers.Dense(10)]);
    // Before build: every size that depends on the input is unknown, and the note says how to get it.
    const unbuilt = inspect(k.summary());
    expect(unbuilt.match(/^\d+\s+Dense\s+\?\s+\?$/gm)).toHaveLength(2);
    expect(unbuilt).toMatch(/summary\(\[2, 20\]\)/);
    expect(unbuilt).not.toMatch(/7,?946/);
    k.build([null, 20]);
    expect(inspect(k.summary())).toMatch(/7,?946/);
  });
});

const dist = new URL("../dist/src/index.js", import.meta.url);
describe.skipIf(!existsSync(dist))("built package (dist/)", () => {
  // The import's cost is a performance goal, measured in bench/nn (importMs), not asserted here.
  test("the built library imports in plain Node and reports its backend", () => {
    const script = `const m=await import(${JSON.stringify(dist.href)});process.stdout.write(JSON.stringify({backend:m.backend()}))`;
    const run = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as { backend: string };
    expect(["wasm", "cpu", "tensorflow"]).toContain(run.backend);
  });

  test("D2L_BACKEND=cpu forces the CPU backend", () => {
    const script = `const m=await import(${JSON.stringify(dist.href)});process.stdout.write(m.backend())`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, D2L_BACKEND: "cpu" } })).toBe("cpu");
  });
});
