/**
 * "Custom Layers", "File I/O" and "GPUs" (notebooks/{en,vi}/custom-layer.ipynb, read-write.ipynb,
 * use-gpu.ipynb) executed by `jupyter nbconvert --execute` with the d2l-ts kernel installed into a
 * temporary JUPYTER_PATH; each test asserts a fact the section teaches.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";
import { executedOnce, errorOf, joinText, LANGS, params, plain, result, shapes, tagsOf, tensor, tensors, value } from "./executed.js";

const SECTIONS = ["custom-layer", "read-write", "use-gpu"] as const;

const missing = missingTools("jupyter", "nbconvert");

describe.skipIf(missing.length > 0)("Custom Layers, File I/O and GPUs executed by jupyter nbconvert with the d2l-ts kernel", () => {
  const executed = executedOnce(SECTIONS, "d2l-sections2-");

  describe.each(LANGS)("%s", (lang) => {
    const cl = () => executed(lang, "custom-layer");
    const rw = () => executed(lang, "read-write");
    const gpu = () => executed(lang, "use-gpu");

    it("errors only in cells tagged raises-exception, each of which raises; no type-check warnings", () => {
      for (const nb of [cl(), rw(), gpu()]) {
        for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
          const errors = (c.outputs ?? []).filter((o) => o.output_type === "error");
          if (tagsOf(c).includes("raises-exception")) expect(errors.length, `cell ${c.id} should raise`).toBe(1);
          else expect(errors, `cell ${c.id}: ${errors.map((e) => `${e.ename}: ${e.evalue}`).join("; ")}`).toEqual([]);
          const stderr = (c.outputs ?? []).filter((o) => o.name === "stderr").map((o) => joinText(o.text)).join("");
          expect(stderr, `cell ${c.id}`).toBe("");
        }
      }
    });

    it("Custom Layers: the centering layer alone, in a Sequential (mean ~0) and in Keras style", () => {
      expect(tensor(cl(), "centered-alone").values).toEqual([-2, -1, 0, 1, 2]);
      expect(tensor(cl(), "keras-centered-define").values).toEqual([-2, -1, 0, 1, 2]);
      for (const tag of ["centered-net", "keras-centered-net"]) {
        const mean = value(cl(), tag) as number;
        expect(typeof mean, tag).toBe("number");
        expect(Math.abs(mean), tag).toBeLessThan(1e-6);
      }
    });

    it("Custom Layers: displays mark the layer without a shape function, unknown before a batch and observed after", () => {
      expect(plain(cl(), "centered-summary-before")).toMatch(/0 +Dense +\(4, 128\) +1,152\n1 +CenteredLayer \? +\?/);
      expect(plain(cl(), "centered-summary")).toMatch(/1 +CenteredLayer \* +\(4, 128\) +0/);
      const graph = result(cl(), "centered-graph");
      expect(joinText(graph["text/plain"])).toMatch(/\(1\): CenteredLayer \[.+\]/);
      const svg = joinText(graph["image/svg+xml"]);
      expect(svg).toContain("CenteredLayer");
      expect(svg).toMatch(/4, 128/);
    });

    it("Custom Layers: parameters from params.get, eager with sizes and deferred with a shape function", () => {
      expect(shapes(params(cl(), "mydense-params"))).toEqual({ weight: [5, 3], bias: [3] });
      const y = tensor(cl(), "mydense-forward");
      expect(y.shape).toEqual([2, 3]);
      expect(Math.min(...y.values)).toBeGreaterThanOrEqual(0);
      expect(tensor(cl(), "mydense-net").shape).toEqual([2, 1]);
      expect(shapes(params(cl(), "lazy-define"))).toEqual({ "0.weight": [-1, 8], "0.bias": [8], "1.weight": [-1, 1], "1.bias": [1] });
      expect(params(cl(), "lazy-define").filter((p) => p.state === "deferred").map((p) => p.name)).toEqual(["0.weight", "1.weight"]);
      expect(plain(cl(), "lazy-infer")).toMatch(/0 +LazyDense +\(2, 8\) +520/);
      expect(shapes(params(cl(), "lazy-after"))).toEqual({ "0.weight": [64, 8], "0.bias": [8], "1.weight": [8, 1], "1.bias": [1] });
    });

    it("Custom Layers: Keras build/addWeight weights appear on the first call", () => {
      expect(plain(cl(), "keras-mydense-define")).toBe("[]");
      expect(value(cl(), "keras-mydense-after")).toEqual([[5, 3], [3]]);
      expect(value(cl(), "keras-mynet")).toEqual([[64, 8], [8], [8, 1], [1]]);
      expect(plain(cl(), "keras-mynet-summary")).toMatch(/KerasMyDense \* +\(2, 8\) +520/);
    });

    it("Custom Layers exercises: the tensor reduction matches its double sum; the Fourier layer finds the frequencies", () => {
      expect(shapes(params(cl(), "ex1-define"))).toEqual({ weight: [4, 4, 2] });
      expect(value(cl(), "ex1-check")).toBe(true);
      const rfft = plain(cl(), "ex2-rfft");
      expect(rfft).toMatch(/backend: '(wasm|cpu|tensorflow)'/);
      if (/wasm/.test(rfft)) expect(rfft).toMatch(/rfftRuns: false/);
      expect(value(cl(), "ex2-run")).toEqual([
        [[0, 0], [0, 0], [4, 0], [0, 0]],
        [[8, 0], [0, 0], [0, 0], [0, 0]],
      ]);
      expect(plain(cl(), "ex2-shape")).toMatch(/FourierHalf +\(2, 4, 2\) +0/);
    });

    it("File I/O: a tensor, a list and a dict round-trip; the file is NumPy's .npy", () => {
      expect(tensor(rw(), "load-x")).toEqual({ shape: [4], values: [0, 1, 2, 3] });
      expect(tensors(plain(rw(), "save-list")).map((t) => t.values)).toEqual([[0, 1, 2, 3], [0, 0, 0, 0]]);
      const dict = plain(rw(), "save-dict");
      expect(dict).toMatch(/x: array\(\[0, 1, 2, 3\]/);
      expect(dict).toMatch(/y: array\(\[0\., 0\., 0\., 0\.\]/);
      expect(plain(rw(), "npy-header")).toMatch(/NUMPY.*\{'descr': '<i4', 'fortran_order': False, 'shape': \(4,\)/);
      expect(plain(rw(), "numpy-style")).toMatch(/arr_0: array\(\[0, 1, 2, 3\][\s\S]*arr_1: array/);
    });

    it("File I/O: a fresh clone loads by name without a forward pass, and clone(X) equals net(X)", () => {
      expect(value(rw(), "save-params")).toEqual(["hidden.weight", "hidden.bias", "output.weight", "output.bias"]);
      expect(shapes(params(rw(), "clone-before"))).toEqual({ "hidden.weight": [256, -1], "hidden.bias": [256], "output.weight": [10, -1], "output.bias": [10] });
      const loaded = params(rw(), "clone-load");
      expect(shapes(loaded)).toEqual({ "hidden.weight": [256, 20], "hidden.bias": [256], "output.weight": [10, 256], "output.bias": [10] });
      expect(loaded.every((p) => p.state === "ready")).toBe(true);
      expect(plain(rw(), "clone-equal")).not.toMatch(/false/);
      expect((plain(rw(), "clone-equal").match(/true/g) ?? []).length).toBe(20);
      expect(value(rw(), "clone-all")).toBe(true);
    });

    it("File I/O: truncated, mismatched and foreign files are refused with typed errors, and nothing changes", () => {
      const cut = errorOf(rw(), "load-truncated");
      expect(cut.ename).toBe("FileFormatError");
      expect(cut.evalue).toMatch(/broken\.params: .*truncated/);
      expect(value(rw(), "after-truncated")).toBe(true);
      const mismatch = errorOf(rw(), "load-mismatch");
      expect(mismatch.ename).toBe("ParameterShapeError");
      expect(mismatch.evalue).toMatch(/"hidden\.weight" has shape \(128, -1\) in the network but \(256, 20\) in the file/);
      const foreign = errorOf(rw(), "load-missing");
      expect(foreign.ename).toBe("MissingParametersError");
      expect(foreign.evalue).toMatch(/0\.weight, 0\.bias, 1\.weight, 1\.bias/);
      expect(foreign.evalue).toMatch(/allowMissing/);
    });

    it("File I/O: Keras weights in Keras layout, restored when the clone is built", () => {
      expect(value(rw(), "keras-save")).toEqual(["0.kernel 20x256", "0.bias 256", "1.kernel 256x10", "1.bias 10"]);
      expect(plain(rw(), "keras-load")).toBe("[]");
      expect(value(rw(), "keras-equal")).toBe(true);
    });

    it("File I/O exercises: two reused layers keep their values; architecture + parameters restore the model; files cleaned", () => {
      expect(shapes(params(rw(), "ex2-new"))).toEqual({
        "0.0.weight": [64, 20], "0.0.bias": [64], "0.1.weight": [32, 64], "0.1.bias": [32], "1.weight": [5, 32], "1.bias": [5],
      });
      expect(value(rw(), "ex2-same")).toEqual([true, true]);
      expect(plain(rw(), "ex3-define")).toMatch(/\(2\): Dense\(32 -> 10\)/);
      expect(value(rw(), "ex3-equal")).toBe(true);
      expect(value(rw(), "cleanup")).toBe(false);
      const dir = /(\/[^\s:]*d2l-read-write-[^/\s]+)\//.exec(errorOf(rw(), "load-truncated").evalue!)?.[1];
      expect(dir).toBeTruthy();
      expect(existsSync(dir!)).toBe(false);
    });

    it("GPUs: without a GPU backend there are 0 GPUs and every helper falls back to the CPU", () => {
      const machine = plain(gpu(), "machine");
      expect(machine).toMatch(/numGpus: 0/);
      expect(value(gpu(), "num-gpus")).toBe(0);
      expect(plain(gpu(), "devices")).toMatch(/^\[\s*cpu\(0\) \[[^\]]+\],\s*gpu\(0\) \[[^\]]+\],\s*gpu\(1\) \[[^\]]+\]\s*\]$/);
      expect(plain(gpu(), "try-gpu").match(/cpu\(0\)/g)).toHaveLength(3);
      expect(plain(gpu(), "try-gpu")).not.toMatch(/gpu\(/);
      for (const tag of ["tensor-device", "net-device"]) expect(plain(gpu(), tag), tag).toMatch(/^cpu\(0\)/);
      expect(value(gpu(), "keras-device")).toEqual(["cpu(0)", "cpu(0)"]);
      expect(tensor(gpu(), "create-on")).toEqual({ shape: [2, 3], values: [1, 1, 1, 1, 1, 1] });
      const err = errorOf(gpu(), "missing-gpu");
      expect(err.ename).toBe("DeviceNotFoundError");
      expect(err.evalue).toMatch(/gpu\(1\) does not exist here .*npx\.tryGpu\(1\)/);
    });

    it("GPUs: copyto always copies, asInCtx returns the tensor itself; sums stay on the device", () => {
      expect(value(gpu(), "as-in-ctx-same")).toBe(true);
      expect(value(gpu(), "copyto-new")).toBe(false);
      const [sum] = tensors(plain(gpu(), "add"));
      const yg = tensor(gpu(), "create-on-1");
      expect(sum!.values).toEqual(yg.values.map((v) => +(v + 1).toFixed(4)));
      expect(plain(gpu(), "add")).toMatch(/cpu\(0\)/);
    });

    it("GPUs exercises: say what they measured on, give timings, and agree on the log", () => {
      expect(plain(gpu(), "measured-on")).toMatch(/backend: '\w+',\s*gpus: 0,\s*cpu: '[^']+',\s*cores: \d+/);
      expect(plain(gpu(), "ex1")).toMatch(/largeMs: \d+,\s*smallMs: \d+,\s*ratio: [\d.]+/);
      expect(value(gpu(), "ex2")).toEqual(["cpu(0)", true]);
      expect(plain(gpu(), "ex3")).toMatch(/eachMs: \d+,\s*onceMs: \d+,\s*sameLog: true/);
      expect(plain(gpu(), "ex4")).toMatch(/0 GPUs here/);
    });
  });
});
