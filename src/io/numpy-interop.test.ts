/**
 * Files crossing between this library and Debian's python3-numpy, both ways: numpy reads what
 * np.save / np.savez / npx.save / saveParameters write, and we read what numpy.save(z) writes.
 */
import "../tensor/backend.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { missingTools, PYTHON } from "../../test/support/tools.js";
import { tf } from "../tensor/tf.js";
import { np } from "../tensor/np.js";
import { Dense } from "../nn/dense.js";
import { Sequential } from "../nn/sequential.js";
import { npxLoad, npxSave } from "./save.js";

const missing = missingTools("numpy");
const dir = mkdtempSync(join(tmpdir(), "d2l-npy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs Python with numpy in `dir`; the script prints one JSON value. */
function py(script: string): unknown {
  const out = execFileSync(PYTHON, ["-c", `import json, numpy as np\n${script}`], { cwd: dir, encoding: "utf8" });
  return JSON.parse(out);
}

/** What numpy sees: dtype, shape and values of each array in a file. */
const DESCRIBE = `
def d(a): return {"dtype": str(a.dtype), "shape": list(a.shape), "values": a.tolist()}
def show(f):
    z = np.load(f, allow_pickle=False)
    return d(z) if isinstance(z, np.ndarray) else {k: d(z[k]) for k in z.files}
`;

describe.skipIf(missing.length > 0)("numpy reads our files and we read numpy's", () => {
  test("np.save / np.savez / npx.save files open in numpy.load with equal values and dtypes", () => {
    np.save(join(dir, "x"), tf.tensor([[1.5, -2], [0.25, 1e-7]]));
    np.savez(join(dir, "d"), { i: tf.tensor([[1, 2, 3]], undefined, "int32"), b: tf.tensor([true, false, true]), s: tf.scalar(-3.5), e: np.zeros([0, 3]) });
    npxSave(join(dir, "list"), [np.arange(4), tf.tensor([7], undefined, "int32")]);
    const seen = py(`${DESCRIBE}\nprint(json.dumps([show("x.npy"), show("d.npz"), show("list")]))`);
    expect(seen).toEqual([
      { dtype: "float32", shape: [2, 2], values: [[1.5, -2], [0.25, Math.fround(1e-7)]] },
      {
        i: { dtype: "int32", shape: [1, 3], values: [[1, 2, 3]] },
        b: { dtype: "bool", shape: [3], values: [true, false, true] },
        s: { dtype: "float32", shape: [], values: -3.5 },
        e: { dtype: "float32", shape: [0, 3], values: [] },
      },
      { arr_0: { dtype: "int32", shape: [4], values: [0, 1, 2, 3] }, arr_1: { dtype: "int32", shape: [1], values: [7] } },
    ]);
  });

  test("a network's parameter file is an .npz numpy opens, keyed by structural names", () => {
    const net = new Sequential().add(new Dense(3, { activation: "relu" }), new Dense(2));
    net.initialize();
    net.forward(np.ones([1, 4]));
    net.saveParameters(join(dir, "mlp.params"));
    const seen = py(`z = np.load("mlp.params")\nprint(json.dumps({k: [list(z[k].shape), float(z[k].sum())] for k in z.files}))`) as Record<string, [number[], number]>;
    expect(Object.keys(seen)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(seen["0.weight"]![0]).toEqual([3, 4]);
    expect(seen["1.weight"]![1]).toBeCloseTo(tf.sum(net.at(1).weight.data()).dataSync()[0]!, 5);
  });

  test("files numpy wrote: int/float/bool dtypes of several widths, 0-d, Fortran order, compressed", () => {
    py(`
np.save("f64.npy", np.array([[0.5, 1.25], [-3.0, 1e300 * 0]]))
np.save("i64.npy", np.arange(6, dtype=np.int64).reshape(2, 3))
np.save("u8.npy", np.array([0, 255], dtype=np.uint8))
np.save("b.npy", np.array([[True], [False]]))
np.save("scalar.npy", np.float32(2.5))
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.int16).reshape(3, 2)))
np.savez("pos.npz", np.arange(3.0), np.array(True))
np.savez_compressed("named.npz", w=np.ones((2, 2), dtype=np.float32), k=np.array(-7, dtype=np.int32))
print("null")`);
    const t = (f: string) => np.load(join(dir, f)) as tf.Tensor;
    const got = (x: tf.Tensor) => ({ dtype: x.dtype, shape: x.shape, values: x.arraySync() });
    expect(got(t("f64.npy"))).toEqual({ dtype: "float32", shape: [2, 2], values: [[0.5, 1.25], [-3, 0]] });
    expect(got(t("i64.npy"))).toEqual({ dtype: "int32", shape: [2, 3], values: [[0, 1, 2], [3, 4, 5]] });
    expect(got(t("u8.npy"))).toEqual({ dtype: "int32", shape: [2], values: [0, 255] });
    expect(got(t("b.npy"))).toMatchObject({ dtype: "bool", shape: [2, 1] });
    expect(Array.from(t("b.npy").dataSync())).toEqual([1, 0]);
    expect(got(t("scalar.npy"))).toEqual({ dtype: "float32", shape: [], values: 2.5 });
    expect(got(t("fortran.npy")).values).toEqual([[0, 1], [2, 3], [4, 5]]);
    const pos = npxLoad(join(dir, "pos.npz")) as tf.Tensor[];
    expect(Array.isArray(pos)).toBe(true);
    expect(pos.map(got)).toMatchObject([{ dtype: "float32", values: [0, 1, 2] }, { dtype: "bool", shape: [] }]);
    const named = np.load(join(dir, "named.npz")) as Record<string, tf.Tensor>;
    expect(Object.keys(named).sort()).toEqual(["k", "w"]);
    expect(got(named.k!)).toEqual({ dtype: "int32", shape: [], values: -7 });
    expect(got(named.w!).values).toEqual([[1, 1], [1, 1]]);
  });
});
