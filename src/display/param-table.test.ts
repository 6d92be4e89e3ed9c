import { describe, expect, it } from "vitest";
import { paramTableBundle, type ParamTableJson } from "./param-table.js";
import type { ParamRow } from "./model.js";
import { attr, byTag, elements, hasClass, parseHtml, sanitizerProblems, text } from "../../test/support/dom.js";
import { paramsAfter, paramsBefore } from "../../test/support/display-fixtures.js";

function table(rows: readonly ParamRow[], opts?: { title?: string; maxRows?: number }) {
  const bundle = paramTableBundle(rows, opts);
  const { root, errors } = parseHtml(bundle["text/html"] as string);
  expect(errors).toEqual([]);
  const body = byTag(root, "tbody")[0]!;
  const bodyRows = byTag(body, "tr").map((tr) => byTag(tr, "td"));
  const headers = byTag(root, "th").map(text);
  const foot = byTag(byTag(root, "tfoot")[0]!, "td");
  return { bundle, root, bodyRows, headers, foot };
}

describe("paramTableBundle: the chapter's network before the first batch", () => {
  const { bundle, root, bodyRows, headers, foot } = table(paramsBefore);

  it("lists one parameter a line in text/plain with -1 for unknown dimensions", () => {
    const lines = (bundle["text/plain"]).split("\n");
    expect(lines).toContain("  Parameter 0.weight (shape=(256, -1), dtype=float32)");
    expect(lines).toContain("  Parameter 0.bias (shape=(256), dtype=float32)");
    expect(lines).toContain("  Parameter 1.weight (shape=(10, -1), dtype=float32)");
    expect(lines.filter((l) => l.startsWith("  Parameter "))).toHaveLength(4);
    expect(bundle["text/plain"]).toMatch(/4 parameters, 4 deferred; 266 elements \+ 2 of unknown size/);
  });

  it("has a table with the documented columns and one row per parameter", () => {
    expect(headers).toEqual(["Name", "Shape", "Dtype", "State", "Elements", "Initializer"]);
    expect(bodyRows.map((r) => r.map(text))).toEqual([
      ["0.weight", "(256, -1)", "float32", "deferred", "?", "Uniform(-0.07, 0.07)"],
      ["0.bias", "(256)", "float32", "deferred", "256", "Zeros"],
      ["1.weight", "(10, -1)", "float32", "deferred", "?", "Uniform(-0.07, 0.07)"],
      ["1.bias", "(10)", "float32", "deferred", "10", "Zeros"],
    ]);
  });

  it("marks exactly the unknown dimensions and sizes, with an explanation", () => {
    const shapeMarks = bodyRows.map((r) => elements(r[1]!).filter((e) => hasClass(e, "d2l-unknown")).map(text));
    expect(shapeMarks).toEqual([["-1"], [], ["-1"], []]);
    const sizeMarks = bodyRows.map((r) => elements(r[4]!).filter((e) => hasClass(e, "d2l-unknown")).length);
    expect(sizeMarks).toEqual([1, 0, 1, 0]);
    const mark = elements(bodyRows[0]![1]!).find((e) => hasClass(e, "d2l-unknown"))!;
    expect(attr(mark, "title")).toMatch(/unknown until the first batch/);
    expect(attr(mark, "style")).toMatch(/color: #[0-9a-f]{6}; color: var\(--jp-warn-color0/);
    const legend = elements(root).find((e) => hasClass(e, "d2l-legend"))!;
    expect(text(legend)).toMatch(/deferred initialization/);
  });

  it("totals count parameters and known elements and flag the unknown ones", () => {
    expect(text(foot[0]!)).toBe("Total: 4 parameters, 4 deferred");
    expect(text(foot[1]!)).toBe("266 + ?");
  });

  it("carries the same facts as JSON", () => {
    const json = bundle["application/vnd.d2l-ts.params+json"] as ParamTableJson;
    expect(json.parameters.map((p) => [p.name, p.shape, p.state, p.size])).toEqual([
      ["0.weight", [256, -1], "deferred", null],
      ["0.bias", [256], "deferred", 256],
      ["1.weight", [10, -1], "deferred", null],
      ["1.bias", [10], "deferred", 10],
    ]);
    expect(json.totals).toEqual({ parameters: 4, knownElements: 266, unknownSize: 2, states: { "never-initialized": 0, deferred: 4, ready: 0, constant: 0 } });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe("paramTableBundle: after the first batch", () => {
  const { bundle, root, bodyRows, foot } = table(paramsAfter, { title: "sequential0 parameters" });

  it("shows the real shapes, ready state and element counts, and no unknown marks", () => {
    expect(bodyRows.map((r) => [text(r[1]!), text(r[3]!), text(r[4]!)])).toEqual([
      ["(256, 20)", "ready", "5,120"],
      ["(256)", "ready", "256"],
      ["(10, 256)", "ready", "2,560"],
      ["(10)", "ready", "10"],
    ]);
    expect(elements(root).filter((e) => hasClass(e, "d2l-unknown"))).toHaveLength(0);
    expect(elements(root).filter((e) => hasClass(e, "d2l-legend"))).toHaveLength(0);
    expect(text(foot[0]!)).toBe("Total: 4 parameters, 4 ready");
    expect(text(foot[1]!)).toBe("7,946");
    expect(text(byTag(root, "caption")[0]!)).toBe("sequential0 parameters");
    expect(bundle["text/plain"]).toMatch(/^sequential0 parameters \(\n  Parameter 0\.weight \(shape=\(256, 20\), dtype=float32\)/);
    expect(bundle["text/plain"]).toMatch(/7,946 elements$/);
  });

  it("uses only tags, attributes and style colours that JupyterLab's sanitizer keeps", () => {
    expect(sanitizerProblems(root)).toEqual([]);
    expect(sanitizerProblems(table(paramsBefore).root)).toEqual([]);
    expect(bundle["text/html"]).not.toMatch(/<script|<style|<link|on\w+=/i);
  });
});

describe("paramTableBundle: hostile names and large tables", () => {
  it("escapes names, dtypes, initializers and titles in text/html", () => {
    const evil = `<script>alert("x")</script>&'`;
    const rows: ParamRow[] = [{ name: evil, shape: [2], dtype: `<b>`, state: "never-initialized", size: 2, init: `Const("<&>")` }];
    const { root, bodyRows, bundle } = table(rows, { title: evil });
    expect(byTag(root, "script")).toHaveLength(0);
    expect(byTag(root, "b")).toHaveLength(0);
    expect(text(bodyRows[0]![0]!)).toBe(evil);
    expect(text(bodyRows[0]![2]!)).toBe("<b>");
    expect(text(bodyRows[0]![5]!)).toBe(`Const("<&>")`);
    expect(text(byTag(root, "caption")[0]!)).toBe(evil);
    expect(bundle["text/plain"]).toContain(`Parameter ${evil} (shape=(2), dtype=<b>)`);
    expect((bundle["application/vnd.d2l-ts.params+json"] as ParamTableJson).parameters[0]!.name).toBe(evil);
  });

  it("summarises very large tables (first and last rows, a gap row) while totals and JSON cover everything", () => {
    const rows: ParamRow[] = Array.from({ length: 1000 }, (_, i) => ({
      name: `p${i}`, shape: [3], dtype: "float32", state: "ready", size: 3, init: null,
    }));
    const { bodyRows, root, foot, bundle } = table(rows, { maxRows: 60 });
    const names = bodyRows.map((r) => text(r[0]!));
    expect(names.length).toBeLessThan(70);
    expect(names[0]).toBe("p0");
    expect(names[names.length - 1]).toBe("p999");
    const gap = byTag(root, "tr").find((tr) => hasClass(tr, "d2l-elided"))!;
    const shown = names.filter((n) => n.startsWith("p")).length;
    expect(text(gap)).toContain(`${1000 - shown} more parameters`);
    expect(text(foot[1]!)).toBe("3,000");
    expect((bundle["application/vnd.d2l-ts.params+json"] as ParamTableJson).parameters).toHaveLength(1000);
    const plain = bundle["text/plain"].split("\n");
    expect(plain.length).toBeLessThan(70);
    expect(plain).toContain(`  … ${1000 - shown} more parameters …`);
  });

  it("handles an empty collection", () => {
    const { bodyRows, foot, bundle } = table([]);
    expect(bodyRows).toHaveLength(0);
    expect(text(foot[0]!)).toBe("Total: 0 parameters");
    expect(bundle["text/plain"]).toBe("Parameters (\n)\n0 parameters; 0 elements");
  });
});
