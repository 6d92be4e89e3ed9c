/**
 * Networks as a cell's value: the nested structure as text, and a shape graph laid out by
 * Graphviz (one node per layer with its parameter shapes, edges labelled with the tensor shape
 * flowing along them, nested blocks as clusters).
 */
import type { MimeBundle } from "./mime.js";
import type { LayerNode } from "./model.js";
import { networkDot } from "./dot.js";
import { GraphLayoutError } from "./errors.js";
import { themeSvg } from "./theme-svg.js";
import { loadViz } from "./viz.js";
import { html, type SafeHtml } from "./html.js";
import { formatShape } from "./format.js";
import { tr, type Messages } from "./lang.js";

function localName(child: LayerNode, parent: LayerNode): string {
  if (parent.name === "") return child.name;
  return child.name.startsWith(parent.name + ".") ? child.name.slice(parent.name.length + 1) : child.name;
}

/** `Sequential(\n  (0): Dense(-1 -> 256, relu)\n  (1): Dense(-1 -> 10)\n)` */
export function networkText(tree: LayerNode): string {
  const out: string[] = [];
  const walk = (n: LayerNode, prefix: string, indent: string) => {
    if (n.children.length === 0) {
      out.push(`${indent}${prefix}${n.label}`);
      return;
    }
    out.push(`${indent}${prefix}${n.type}(`);
    for (const c of n.children) walk(c, `(${localName(c, n)}): `, indent + "  ");
    out.push(`${indent})`);
  };
  walk(tree, "", "");
  return out.join("\n");
}

function describe(tree: LayerNode): string {
  return tree.name === "" ? tree.type : `${tree.name} (${tree.type})`;
}

/**
 * One line a screen reader (or a reader whose front end cannot draw the image) gets instead of
 * the graph: what flows in, the layers in order, what flows out.
 */
export function graphAltText(tree: LayerNode, m: Messages = tr()): string {
  const layers = networkText(tree).split("\n").map((l) => l.trim()).join(" ");
  return `${m.graphOf(describe(tree))}: input ${formatShape(tree.inShape)}; ${layers}; output ${formatShape(tree.outShape)}`;
}

/**
 * The graph as text/html: the SVG as an <img> data URI. Every front end that shows HTML ranks it
 * above image/svg+xml, and untrusted output is sanitized (JupyterLab, classic Notebook): inline
 * <svg> is stripped there, an <img> with a data: URI and its `alt` are kept. Inside an <img> the
 * page's CSS variables do not reach the SVG, so it is drawn with the literal fallback colours of
 * theme-svg.ts, chosen to read on light and dark pages alike.
 */
function graphHtml(svgMarkup: string, alt: string): SafeHtml {
  const src = `data:image/svg+xml;base64,${Buffer.from(svgMarkup, "utf8").toString("base64")}`;
  return html`<div class="d2l-graph"><img src="${src}" alt="${alt}"></div>`;
}

/**
 * text/plain plus the shape graph as image/svg+xml and as text/html (an <img> of the same SVG). The first call loads viz-js (tens of ms); later
 * calls reuse it. If Graphviz fails, the bundle still carries the text and says why the graph is missing.
 */
export async function networkBundle(tree: LayerNode): Promise<MimeBundle> {
  const m = tr(); // the language when the cell asked, even if the renderer loads later
  const text = networkText(tree);
  const { dot } = networkDot(tree);
  try {
    const viz = await loadViz();
    const result = viz.render(dot, { format: "svg", engine: "dot" });
    if (result.status !== "success") {
      throw new GraphLayoutError(describe(tree), result.errors.map((e) => e.message).join("; ") || "unknown Graphviz error");
    }
    const svg = themeSvg(result.output, { label: m.graphOf(describe(tree)) });
    return { "text/plain": text, "text/html": graphHtml(svg, graphAltText(tree, m)).toString(), "image/svg+xml": svg };
  } catch (err) {
    const why = err instanceof GraphLayoutError ? err : new GraphLayoutError(describe(tree), err instanceof Error ? err.message : String(err));
    return { "text/plain": `${text}\n${m.graphUnavailable(why.message)}` };
  }
}
