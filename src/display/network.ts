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
import { html, raw, type SafeHtml } from "./html.js";
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

/** The English message (the display language's is used at render time). */
export const UNTRUSTED_GRAPH_MESSAGE = tr().untrustedGraph;

/**
 * The graph as text/html, for front-ends that prefer HTML or mangle image/svg+xml (nbconvert 6.5
 * strips every element inside an SVG output; HTML outputs pass through). In trusted output the
 * SVG is inline, so it also picks up the theme's CSS variables.
 *
 * Untrusted output is sanitized (JupyterLab, classic Notebook): <svg> and its children are
 * dropped but their text stays, which would leave a jumble of labels. So the wrapper sets
 * `font-size: 0` (SVG <text> carries its own font-size attribute and is unaffected), and a
 * message sits in the SVG's <desc>: never drawn inside an SVG, but once the sanitizer removes
 * <svg>/<desc> it is the only visible text left.
 */
function graphHtml(svgMarkup: string, m: Messages): SafeHtml {
  const note = html`<desc><span class="d2l-untrusted" style="font-size: 13px; line-height: 1.4">${m.untrustedGraph}</span></desc>`;
  const open = svgMarkup.indexOf(">", svgMarkup.indexOf("<svg")) + 1;
  const inline = svgMarkup.slice(0, open) + note.toString() + svgMarkup.slice(open);
  return html`<div class="d2l-graph" style="font-size: 0; line-height: 0">${raw(inline)}</div>`;
}

/**
 * text/plain plus the shape graph as image/svg+xml and as text/html (inline SVG). The first call loads viz-js (tens of ms); later
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
    return { "text/plain": text, "text/html": graphHtml(svg, m).toString(), "image/svg+xml": svg };
  } catch (err) {
    const why = err instanceof GraphLayoutError ? err : new GraphLayoutError(describe(tree), err instanceof Error ? err.message : String(err));
    return { "text/plain": `${text}\n${m.graphUnavailable(why.message)}` };
  }
}
