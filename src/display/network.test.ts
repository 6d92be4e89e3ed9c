import { describe, expect, it } from "vitest";
import { graphAltText, networkBundle, networkText } from "./network.js";
import { isVizLoaded } from "./viz.js";
import { dotHtmlText, dotString, networkDot, SENTINEL } from "./dot.js";
import { PAINT } from "./theme-svg.js";
import type { LayerNode } from "./model.js";
import { attr, byTag, elements, hasClass, parseHtml, sanitizerProblems, text, visibleText, type El } from "../../test/support/dom.js";
import { netAfter, netBefore, syntheticNet } from "../../test/support/display-fixtures.js";

interface Svg {
  root: El;
  /** Text lines of each layer/io node, in document order (runs on one baseline joined). */
  nodes: string[][];
  /** Label text of each drawn edge (invisible layout edges excluded). */
  edges: string[];
  clusters: string[];
}

/** Graphviz splits a line into several <text> runs when colours change: rebuild lines by baseline. */
function lines(g: El): string[] {
  const byY = new Map<string, string>();
  for (const t of byTag(g, "text")) byY.set(attr(t, "y")!, (byY.get(attr(t, "y")!) ?? "") + text(t));
  return [...byY.values()];
}

async function svgOf(tree: LayerNode): Promise<Svg> {
  const bundle = await networkBundle(tree);
  const source = bundle["image/svg+xml"] as string;
  expect(typeof source).toBe("string");
  const { root, errors } = parseHtml(source);
  expect(errors).toEqual([]);
  const svg = byTag(root, "svg")[0]!;
  const groups = byTag(svg, "g");
  return {
    root: svg,
    nodes: groups.filter((g) => hasClass(g, "node")).map(lines),
    edges: groups.filter((g) => hasClass(g, "edge")).map((g) => lines(g).join("")).filter((l) => l !== ""),
    clusters: groups.filter((g) => hasClass(g, "cluster")).map((g) => lines(g).join("")),
  };
}

describe("networkText", () => {
  it("prints the chapter's network as a nested structure", () => {
    expect(networkText(netBefore)).toBe("Sequential(\n  (0): Dense(-1 -> 256, relu)\n  (1): Dense(-1 -> 10)\n)");
    expect(networkText(netAfter)).toBe("Sequential(\n  (0): Dense(20 -> 256, relu)\n  (1): Dense(256 -> 10)\n)");
  });

  it("indents nested blocks and names children relative to their parent", () => {
    const text = networkText(syntheticNet(12, { known: true }).tree).split("\n");
    expect(text[0]).toBe("Sequential(");
    expect(text[1]).toBe("  (block0): Sequential(");
    expect(text[2]).toBe("    (0): Dense(20 -> 32, relu)");
    expect(text).toContain("  (block1): Sequential(");
    expect(text).toContain("    (1): Dense(32 -> 48, relu)");
    expect(text[text.length - 1]).toBe(")");
  });
});

describe("networkBundle", () => {
  it("does not load Graphviz until the first graph is drawn", async () => {
    expect(isVizLoaded()).toBe(false);
    const b = await networkBundle(netBefore);
    expect(isVizLoaded()).toBe(true);
    expect(b["text/plain"]).toBe(networkText(netBefore));
    expect(Object.keys(b).sort()).toEqual(["image/svg+xml", "text/html", "text/plain"]);
  });

  it("before the first batch: one node per layer with its parameter shapes, unknown sizes marked", async () => {
    const g = await svgOf(netBefore);
    expect(g.nodes).toEqual([
      ["input", "?"],
      ["0", "Dense(-1 -> 256, relu)", "weight (256, -1)", "bias (256)"],
      ["1", "Dense(-1 -> 10)", "weight (10, -1)", "bias (10)"],
      ["output", "?"],
    ]);
    expect(g.edges).toEqual(["?", "?", "?"]);
    expect(g.clusters).toEqual(["Sequential"]);
    // Each unknown is its own run in the warning colour: the two weights' -1, the three edges'
    // and the input/output nodes' "?", and the legend's "-1" and "?".
    const marks = byTag(g.root, "text").filter((t) => text(t) === "-1" || text(t) === "?");
    expect(marks.length).toBe(2 + 3 + 2 + 2);
    for (const m of marks) expect(attr(m, "style")).toContain(`var(--jp-warn-color0, ${PAINT[SENTINEL.unknown]!.fallback})`);
    expect(lines(g.root).some((l) => l.includes("unknown until the first batch"))).toBe(true);
  });

  it("after the first batch: real shapes on nodes and the tensor shape on every edge", async () => {
    const g = await svgOf(netAfter);
    expect(g.nodes).toEqual([
      ["input", "(2, 20)"],
      ["0", "Dense(20 -> 256, relu)", "weight (256, 20)", "bias (256)"],
      ["1", "Dense(256 -> 10)", "weight (10, 256)", "bias (10)"],
      ["output", "(2, 10)"],
    ]);
    expect(g.edges.sort()).toEqual(["(2, 10)", "(2, 20)", "(2, 256)"]);
    const edgeTitles = byTag(g.root, "g").filter((e) => hasClass(e, "edge")).map((e) => text(byTag(e, "title")[0]!));
    expect(edgeTitles.sort()).toEqual(["n0->n1", "n1->n2", "n2->n3"]);
    expect(byTag(g.root, "text").some((t) => (attr(t, "style") ?? "").includes("warn"))).toBe(false);
    expect(lines(g.root).some((l) => l.includes("unknown until"))).toBe(false);
  });

  it("uses theme-aware colours only (no sentinel colour left, every paint has a var() style)", async () => {
    const b = await networkBundle(netBefore);
    const source = b["image/svg+xml"] as string;
    for (const c of Object.values(SENTINEL)) expect(source).not.toContain(c);
    expect(source.startsWith("<svg")).toBe(true);
    const { root } = parseHtml(source);
    for (const el of elements(root)) {
      for (const prop of ["fill", "stroke"]) {
        const v = attr(el, prop);
        if (v && v !== "none" && v !== "transparent") expect(attr(el, "style"), `${el.tagName} ${prop}=${v}`).toContain(`${prop}: var(--jp-`);
      }
    }
    expect(source).not.toMatch(/<script|on\w+=|<foreignObject/i);
  });

  it("escapes hostile layer names and labels in the SVG text and tooltips", async () => {
    const evil = `<script>alert("x")</script> & 'q' \\N`;
    const tree: LayerNode = {
      name: "", type: "Sequential", label: "Sequential", kind: "sequential", params: [], inShape: [1, 3], outShape: [1, 2],
      children: [
        {
          name: `a<b>&"`, type: `Block<&>`, label: "x", kind: "sequential", params: [], inShape: [1, 3], outShape: [1, 2],
          children: [
            { name: evil, type: "Dense", label: `Dense(3 -> 2, "${evil}")`, kind: "layer", inShape: [1, 3], outShape: [1, 2], children: [],
              params: [{ name: `${evil}.weight`, shape: [2, 3], dtype: "float32", state: "ready", size: 6, init: null }] },
          ],
        },
      ],
    };
    const g = await svgOf(tree);
    expect(byTag(g.root, "script")).toHaveLength(0);
    expect(byTag(g.root, "b")).toHaveLength(0);
    expect(g.nodes[1]).toEqual([evil, `Dense(3 -> 2, "${evil}")`, "weight (2, 3)"]);
    expect(g.clusters).toContain(`a<b>&": Block<&>`);
    // parse5 reports xlink:title as attribute "title" with prefix "xlink".
    const tips = elements(g.root).flatMap((e) => e.attrs.filter((a) => a.prefix === "xlink" && a.name === "title").map((a) => a.value));
    expect(tips).toEqual([`${evil}: Dense(3 -> 2, "${evil}")`]);
    expect(networkText(tree)).toContain(`(${evil}): Dense(3 -> 2, "${evil}")`);
  });

  it("draws nested blocks as clusters and custom blocks without implied order", async () => {
    const custom: LayerNode = {
      name: "", type: "MLP", label: "MLP", kind: "block", params: [], inShape: null, outShape: null,
      children: [
        { name: "hidden", type: "Dense", label: "Dense(-1 -> 8)", kind: "layer", params: [], inShape: null, outShape: null, children: [] },
        { name: "out", type: "Dense", label: "Dense(-1 -> 1)", kind: "layer", params: [], inShape: null, outShape: null, children: [] },
      ],
    };
    const g = await svgOf(custom);
    expect(g.clusters).toEqual(["MLP (custom forward)"]);
    expect(g.nodes.map((n) => n.join(" | ")).sort()).toEqual(["MLP", "hidden | Dense(-1 -> 8)", "input | ?", "out | Dense(-1 -> 1)", "output | ?"]);
    // Only input->MLP and MLP->output carry shapes; the layout edges to children are invisible.
    expect(g.edges).toEqual(["?", "?"]);

    const deep = await svgOf(syntheticNet(25, { known: true }).tree);
    expect(deep.clusters).toEqual(["Sequential", "block0: Sequential", "block1: Sequential", "block2: Sequential"]);
    expect(deep.nodes).toHaveLength(25 + 2);
    expect(deep.edges).toHaveLength(24 + 2);
  });

  // Its speed is a performance goal measured in bench/display, not asserted in a unit test.
  it("lays out a 200-layer network once Graphviz is loaded", async () => {
    await networkBundle(netAfter);
    const { tree } = syntheticNet(200, { known: false });
    const b = await networkBundle(tree);
    const svg = String(b["image/svg+xml"]);
    expect(svg.length).toBeGreaterThan(1000);
    expect(svg.match(/<g id="node\d+" class="node">/g)?.length ?? 0).toBeGreaterThanOrEqual(200);
  });
});

describe("networkBundle text/html (the graph as an <img>)", () => {
  async function image(tree: LayerNode): Promise<{ bundle: Awaited<ReturnType<typeof networkBundle>>; root: ReturnType<typeof parseHtml>["root"]; img: El }> {
    const bundle = await networkBundle(tree);
    const { root, errors } = parseHtml(bundle["text/html"] as string);
    expect(errors).toEqual([]);
    const imgs = byTag(root, "img");
    expect(imgs).toHaveLength(1);
    return { bundle, root, img: imgs[0]! };
  }

  it("draws the same SVG as image/svg+xml, from a data: URI", async () => {
    const { bundle, img } = await image(netAfter);
    const src = attr(img, "src")!;
    expect(src.startsWith("data:image/svg+xml;base64,")).toBe(true);
    const decoded = Buffer.from(src.slice(src.indexOf(",") + 1), "base64").toString("utf8");
    expect(decoded).toBe(bundle["image/svg+xml"]);
    // Non-ASCII layer names survive the encoding.
    const named = await image({ ...netAfter, children: [{ ...netAfter.children[0]!, name: "lớp ẩn" }, netAfter.children[1]!] });
    const text2 = Buffer.from(attr(named.img, "src")!.split(",")[1]!, "base64").toString("utf8");
    expect(text2).toContain("lớp ẩn");
  });

  it("passes JupyterLab's sanitizer untouched (nothing it strips, no inline SVG, no var())", async () => {
    for (const tree of [netBefore, netAfter]) {
      const { bundle, root } = await image(tree);
      expect(sanitizerProblems(root)).toEqual([]);
      expect(byTag(root, "svg")).toHaveLength(0);
      expect(bundle["text/html"]).not.toContain("var(");
      // Nothing but the image: no stray text once sanitized, none in a front end that shows HTML.
      expect(visibleText(root, { sanitized: true })).toEqual([]);
      expect(visibleText(root, { sanitized: false })).toEqual([]);
    }
  });

  it("says in alt what the graph shows: input and output shapes and the layers", async () => {
    const after = attr((await image(netAfter)).img, "alt")!;
    expect(after).toBe(graphAltText(netAfter));
    for (const label of ["Shape graph of Sequential", "input (2, 20)", "Dense(20 -> 256, relu)", "Dense(256 -> 10)", "output (2, 10)"]) {
      expect(after).toContain(label);
    }
    const before = attr((await image(netBefore)).img, "alt")!;
    expect(before).toContain("input ?");
    expect(before).toContain("Dense(-1 -> 256, relu)");
  });

  it("escapes hostile names in alt", async () => {
    const evil = `"><script>alert(1)</script>`;
    const { root, img } = await image({ ...netAfter, children: [{ ...netAfter.children[0]!, name: evil, label: evil }] });
    expect(byTag(root, "script")).toHaveLength(0);
    expect(attr(img, "alt")).toContain(evil);
  });
});

describe("DOT escaping", () => {
  it("quotes strings so backslashes, ampersands and quotes survive Graphviz's escapes", () => {
    expect(dotString(`a\\b"c&d`)).toBe(`"a\\\\\\\\b\\"c&amp;d"`);
    expect(dotString("x\ny")).toBe(`"x y"`);
  });
  it("XML-escapes HTML-like label text and drops control characters", () => {
    expect(dotHtmlText(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&#39;");
    expect(dotHtmlText("a\u0001b")).toBe("a\uFFFDb");
  });
  it("never puts user text into node ids", () => {
    const { dot } = networkDot({ ...netBefore, children: [{ ...netBefore.children[0]!, name: "n0 -> n1" }] });
    const ids = [...dot.matchAll(/^(\w+) \[label=/gm)].map((m) => m[1]);
    expect(ids.every((id) => /^n\d+$/.test(id!))).toBe(true);
  });
});
