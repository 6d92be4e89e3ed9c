/**
 * "Layers and Blocks" and "Parameter Management" (notebooks/{en,vi}/model-construction.ipynb,
 * parameters.ipynb) executed by `jupyter nbconvert --execute` with the d2l-ts kernel installed
 * into a temporary JUPYTER_PATH; each test asserts a fact the section teaches.
 */
import { describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";
import {
  errorOf, executedOnce, joinText, LANGS, params, plain, result, shapes, stream, tagsOf, tensor, tensors, value,
} from "./executed.js";

const SECTIONS = ["model-construction", "parameters"] as const;

const missing = missingTools("jupyter", "nbconvert");

describe.skipIf(missing.length > 0)("the two sections executed by jupyter nbconvert with the d2l-ts kernel", () => {
  const executed = executedOnce(SECTIONS, "d2l-sections-");

  describe.each(LANGS)("%s", (lang) => {
    const mc = () => executed(lang, "model-construction");
    const pm = () => executed(lang, "parameters");

    it("errors only in cells tagged raises-exception, each of which raises; no type-check warnings", () => {
      for (const nb of [mc(), pm()]) {
        for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
          const errors = (c.outputs ?? []).filter((o) => o.output_type === "error");
          if (tagsOf(c).includes("raises-exception")) expect(errors.length, `cell ${c.id} should raise`).toBe(1);
          else expect(errors, `cell ${c.id}: ${errors.map((e) => `${e.ename}: ${e.evalue}`).join("; ")}`).toEqual([]);
          const stderr = (c.outputs ?? []).filter((o) => o.name === "stderr").map((o) => joinText(o.text)).join("");
          if (!tagsOf(c).includes("ex1-define")) expect(stderr, `cell ${c.id}`).toBe("");
        }
      }
    });

    it("Layers and Blocks: every network maps a (2, 20) batch to (2, 10)", () => {
      for (const tag of ["seq-gluon", "seq-keras", "mlp-run", "mlp-keras", "mysequential", "ex3"]) expect(value(mc(), tag), tag).toEqual([2, 10]);
      expect(value(mc(), "mysequential-keras")).toEqual([[2, 10], 2]);
      expect(value(mc(), "ex2")).toEqual([2, 12]);
    });

    it("children assigned to fields, and MySequential's registered children, name the parameters", () => {
      expect(shapes(params(mc(), "mlp-params"))).toEqual({ "hidden.weight": [256, 20], "hidden.bias": [256], "out.weight": [10, 256], "out.bias": [10] });
      expect(shapes(params(mc(), "mysequential-params"))).toEqual({ "0.weight": [256, 20], "0.bias": [256], "1.weight": [10, 256], "1.bias": [10] });
      const svg = joinText(result(mc(), "mlp-graph")["image/svg+xml"]);
      expect(svg).toMatch(/hidden/);
      expect(svg).toMatch(/256, 20/);
    });

    it("FixedHiddenMLP: a scalar bounded by 1, a constant parameter, one weight for the layer used twice", () => {
      const [shape, y] = value(mc(), "fixed-run") as [number[], number];
      expect(shape).toEqual([]);
      expect(Math.abs(y)).toBeLessThanOrEqual(1);
      expect(Math.abs(y)).toBeGreaterThan(0);
      for (const tag of ["fixed-keras", "nest", "nest-keras"]) expect(Math.abs(value(mc(), tag) as number), tag).toBeLessThanOrEqual(1);
      const ps = params(mc(), "fixed-params");
      expect(ps.map((p) => [p.name, p.shape, p.state])).toEqual([
        ["randWeight", [20, 20], "constant"],
        ["dense.weight", [20, 20], "ready"],
        ["dense.bias", [20], "ready"],
      ]);
    });

    it("nesting: structural names in the parameter table, the summary and the graph", () => {
      const names = params(mc(), "nest-params").map((p) => p.name);
      expect(names).toEqual([
        "0.net.0.weight", "0.net.0.bias", "0.net.1.weight", "0.net.1.bias", "0.dense.weight", "0.dense.bias",
        "1.weight", "1.bias", "2.randWeight", "2.dense.weight", "2.dense.bias",
      ]);
      expect(plain(mc(), "nest-summary")).toMatch(/0\.net\.0 +Dense +\(2, 64\) +1,344/);
      expect(plain(mc(), "nest-summary")).toMatch(/2\.dense +Dense +\(2, 20\) +420/);
      const svg = joinText(result(mc(), "nest-graph")["image/svg+xml"]);
      for (const name of ["0.net.0", "0.net.1", "0.dense", "2.dense"]) expect(svg).toContain(name);
      expect(plain(mc(), "nest-graph")).toMatch(/\(0\): NestMLP\(\n {4}\(net\): Sequential\(\n {6}\(0\): Dense\(20 -> 64, relu\)/);
    });

    it("exercise 1: blocks in a plain array are reported at initialize() and never initialized", () => {
      expect(stream(mc(), "ex1-define", "stderr")).toMatch(/ListSequential .* field "blocks" \(an Array\) that is an unregistered container/);
      expect(params(mc(), "ex1-params")).toEqual([]);
      expect(errorOf(mc(), "ex1-error").ename).toBe("NotInitializedError");
    });

    it("exercises 2 and 3: a parallel block concatenates; eight factory blocks make 16,842 parameters", () => {
      expect(plain(mc(), "ex2-graph")).toMatch(/\(left\): Dense\(20 -> 8, relu\)/);
      expect(plain(mc(), "ex3-summary")).toMatch(/16,842/);
      expect(plain(mc(), "ex3-summary")).toMatch(/\n7\.1 +Dense/);
    });

    it("parameter access: own params, data(), zero grad() before backward, collectParams of a layer and the network, by name", () => {
      expect(shapes(params(pm(), "layer-params"))).toEqual({ weight: [1, 8], bias: [1] });
      expect(tensor(pm(), "bias-data")).toEqual({ shape: [1], values: [0] });
      expect(tensor(pm(), "weight-grad")).toEqual({ shape: [1, 8], values: new Array(8).fill(0) });
      expect(shapes(params(pm(), "collect-layer"))).toEqual({ weight: [8, 4], bias: [8] });
      expect(shapes(params(pm(), "collect-all"))).toEqual({ "0.weight": [8, 4], "0.bias": [8], "1.weight": [1, 8], "1.bias": [1] });
      expect(tensor(pm(), "by-name-data").values).toEqual([0]);
      expect(tensors(plain(pm(), "keras-layer-weights")).map((t) => t.shape)).toEqual([[4, 1], [1]]);
      expect(value(pm(), "keras-all-weights")).toEqual([[4, 4], [4], [4, 1], [1]]);
    });

    it("nested blocks: the printed tree, 18 parameters named by path, rgnet.at(0).at(1).at(0).bias", () => {
      expect(stream(pm(), "rgnet-text", "stdout")).toMatch(/ {4}\(1\): Sequential\(\n {6}\(0\): Dense\(16 -> 32, relu\)/);
      const ps = params(pm(), "rgnet-params");
      expect(ps).toHaveLength(18);
      expect(shapes(ps)).toMatchObject({ "0.0.0.weight": [32, 4], "0.3.1.bias": [16], "1.weight": [10, 16] });
      expect(stream(pm(), "rgnet-nested", "stdout").trim()).toBe("0.1.0.bias");
      expect(tensor(pm(), "rgnet-nested")).toEqual({ shape: [32], values: new Array(32).fill(0) });
      expect(plain(pm(), "rgnet-keras")).toMatch(/0\.3\.1 +Dense +\(2, 4\) +20/);
      expect(plain(pm(), "rgnet-keras")).toMatch(/: 85 /);
    });

    it("built-in initializers: Normal(0.01) with zero biases, Constant(1), Xavier for one weight, 42 for one layer", () => {
      const normal = tensor(pm(), "init-normal");
      expect(normal.shape).toEqual([8, 4]);
      expect(normal.values.every((v) => Math.abs(v) < 0.05)).toBe(true);
      expect(normal.values.some((v) => v !== 0)).toBe(true);
      expect(tensor(pm(), "init-normal-bias").values).toEqual(new Array(8).fill(0));
      expect(tensor(pm(), "init-constant").values).toEqual(new Array(32).fill(1));
      const xavier = tensor(pm(), "init-per-layer").values.map(Math.abs);
      expect(Math.max(...xavier)).toBeLessThanOrEqual(Math.sqrt(3 / 6) + 1e-4);
      expect(Math.max(...xavier)).toBeGreaterThan(0.1);
      expect(tensor(pm(), "init-per-layer-42").values).toEqual(new Array(8).fill(42));
      expect(params(pm(), "init-table").map((p) => p.init)).toEqual([expect.stringMatching(/^Xavier/), "Zeros()", "Constant(42)", "Zeros()"]);
      const [kernel, bias] = tensors(plain(pm(), "init-keras-normal"));
      expect(kernel!.values.every((v) => Math.abs(v) < 0.05)).toBe(true);
      expect(bias!.values).toEqual([0, 0, 0, 0]);
      expect(tensors(plain(pm(), "init-keras-constant"))[0]!.values).toEqual(new Array(16).fill(1));
      const [glorot, constant] = tensors(plain(pm(), "init-keras-mixed"));
      expect(Math.max(...glorot!.values.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 8) + 1e-4);
      expect(constant!.values).toEqual([42, 42, 42, 42]);
    });

    it("the custom initializer prints each weight it fills, follows its value rule, and waits for the first batch when shapes are deferred", () => {
      expect(stream(pm(), "custom-init", "stdout")).toBe("Init 0.weight (8, 4)\nInit 1.weight (1, 8)\n");
      const rule = (vs: number[]) => vs.every((v) => v === 0 || (Math.abs(v) >= 5 && Math.abs(v) <= 10));
      const w = tensor(pm(), "custom-init").values;
      expect(rule(w)).toBe(true);
      expect(w.filter((v) => v !== 0).length).toBeGreaterThan(4);
      expect(stream(pm(), "custom-deferred", "stdout")).not.toMatch(/Init/);
      expect(stream(pm(), "custom-first-batch", "stdout")).toBe("Init 0.weight (8, 4)\nInit 1.weight (1, 8)\n");
      expect(rule(tensor(pm(), "custom-keras").values)).toBe(true);
      // Editing: every weight + 1, then the first one set to 42.
      const edited = tensor(pm(), "edit").values;
      expect(edited[0]).toBe(42);
      edited.slice(1).forEach((v, i) => expect(v).toBeCloseTo(w[i + 1]! + 1, 3));
      const kernel = tensor(pm(), "edit-keras");
      expect(kernel.shape).toEqual([4, 4]);
      expect(kernel.values[0]).toBe(42);
    });

    it("tied parameters: the same object, equal after an edit, listed once; Keras lists a reused layer once", () => {
      expect(value(pm(), "tied")).toBe(true);
      expect(value(pm(), "tied-edit")).toEqual([100, 100]);
      expect(params(pm(), "tied-params").map((p) => p.name)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"]);
      expect(value(pm(), "tied-share")).toBe(true);
      expect(value(pm(), "tied-keras")).toEqual([3, true]);
    });

    it("exercise 3: gradients of every parameter, the tied one summing its uses (finite differences agree), and training lowers the loss", () => {
      expect(value(pm(), "ex3-define")).toEqual([["0.weight", [8, 4]], ["0.bias", [8]], ["1.weight", [8, 8]], ["1.bias", [8]], ["3.weight", [1, 8]], ["3.bias", [1]]]);
      const check = stream(pm(), "ex3-check", "stdout");
      const gap = Number(/\(use 1 \+ use 2\)\|: (\S+)/.exec(check)![1]);
      expect(gap).toBeLessThan(1e-5);
      const [, analytic, numeric] = /gradient (\S+), finite difference (\S+)/.exec(check)!.map(Number);
      expect(Math.abs(analytic!)).toBeGreaterThan(1e-3);
      expect(analytic!).toBeCloseTo(numeric!, 2);
      const train = stream(pm(), "ex3-train", "stdout");
      const before = Number(/before training: loss ([\d.]+)/.exec(train)![1]);
      const losses = [...train.matchAll(/epoch \d: loss ([\d.]+)/g)].map((m) => Number(m[1]));
      expect(losses).toHaveLength(5);
      expect(losses.at(-1)!).toBeLessThan(before / 4);
      expect(train).toMatch(/\|its grad\| \d/);
      expect(value(pm(), "ex3-same")).toBe(true);
    });

    it(`displays speak the notebook's language (${lang})`, () => {
      const html = joinText(result(pm(), "collect-all")["text/html"]);
      const summary = plain(mc(), "nest-summary");
      const svg = joinText(result(mc(), "nest-graph")["image/svg+xml"]);
      if (lang === "vi") {
        expect(html).toMatch(/>Trạng thái<\/th>/);
        expect(html).not.toMatch(/>State<|>ready</);
        expect(summary).toMatch(/^Tóm tắt cho đầu vào kích thước \(2, 20\)\nTầng/);
        expect(svg).toContain("đầu vào");
        expect(svg).not.toMatch(/>input</);
      } else {
        expect(html).toMatch(/>State<\/th>/);
        expect(summary).toMatch(/^Summary for input shape \(2, 20\)\nLayer/);
        expect(svg).toMatch(/>input</);
      }
    });
  });
});
