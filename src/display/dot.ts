/**
 * Graphviz DOT source for a network's shape graph. Layer names and labels are user text: they go
 * only into HTML-like labels (XML-escaped) or quoted strings (DOT-escaped), never into node ids,
 * which are generated ("n0", "cluster_1").
 *
 * Text that can be long is set in Courier: Graphviz sizes boxes from built-in font metrics, and a
 * browser's proportional fallback font is often wider than Helvetica's metrics (text got clipped),
 * while monospace fonts agree on 0.6em per character.
 *
 * Colours are written as sentinel hex values that `theme-svg.ts` later rewrites into theme-aware
 * `var(--jp-*)` styles, because Graphviz only accepts literal colours.
 */
import { escapeHtml } from "./html.js";
import type { LayerNode, ParamRow } from "./model.js";
import { UNKNOWN_DIM } from "./format.js";
import { tr } from "./lang.js";

export const SENTINEL = {
  text: "#010101",
  muted: "#010102",
  nodeFill: "#010103",
  nodeBorder: "#010104",
  edge: "#010105",
  unknown: "#010106",
  clusterBorder: "#010107",
  ioFill: "#010108",
} as const;

// XML 1.0 forbids most control characters; Graphviz would reject the whole graph.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text for a Graphviz HTML-like label: XML-escaped, newlines as line breaks. Graphviz still
 * expands `\N`, `\G`, ... inside HTML labels (even when written as `&#92;`), so backslashes are doubled.
 */
export function dotHtmlText(text: string): string {
  return escapeHtml(text.replace(CONTROL, "\uFFFD").replace(/\\/g, "\\\\")).replace(/\r\n|\r|\n/g, '<BR ALIGN="LEFT"/>');
}

/**
 * A DOT double-quoted string for tooltips. Graphviz decodes XML entities in them and then applies
 * its backslash escapes (`\N`, `\G`, `\\`) twice on the way to SVG (measured with viz-js 3 /
 * Graphviz 16), so one backslash is written as four and `&` as `&amp;`.
 */
export function dotString(text: string): string {
  const escaped = text
    .replace(CONTROL, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/\\/g, "\\\\\\\\")
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, " ");
  return `"${escaped}"`;
}

/** "(256, -1)" with unknown dimensions coloured; "?" when the whole shape is unknown. */
function shapeLabel(shape: readonly number[] | null): string {
  const mark = (t: string) => `<FONT COLOR="${SENTINEL.unknown}"><B>${t}</B></FONT>`;
  if (shape === null) return mark("?");
  return `(${shape.map((d) => (d === UNKNOWN_DIM ? mark("-1") : String(d))).join(", ")})`;
}

function hasUnknown(shape: readonly number[] | null): boolean {
  return shape === null || shape.includes(UNKNOWN_DIM);
}

function paramLine(p: ParamRow): string {
  return `<TR><TD ALIGN="LEFT"><FONT FACE="Courier" POINT-SIZE="10">${dotHtmlText(p.name.split(".").pop() ?? p.name)} ${shapeLabel(p.shape)}</FONT></TD></TR>`;
}

function layerLabel(node: LayerNode, title: string): string {
  const rows = [
    node.name === "" ? "" : `<TR><TD ALIGN="LEFT"><FONT COLOR="${SENTINEL.muted}" POINT-SIZE="9">${dotHtmlText(node.name)}</FONT></TD></TR>`,
    `<TR><TD ALIGN="LEFT"><FONT FACE="Courier"><B>${dotHtmlText(title)}</B></FONT></TD></TR>`,
    ...node.params.map(paramLine),
  ];
  return `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" STYLE="rounded" BGCOLOR="${SENTINEL.nodeFill}" COLOR="${SENTINEL.nodeBorder}">${rows.join("")}</TABLE>>`;
}

/** Hover text in inline SVG: the full path-like name and the label. */
function tooltip(n: LayerNode): string {
  return `${n.name === "" ? tr().root : n.name}: ${n.label}`;
}

function edgeLabel(shape: readonly number[] | null): string {
  return `<<FONT FACE="Courier" POINT-SIZE="10" COLOR="${SENTINEL.muted}">${shapeLabel(shape)}</FONT>>`;
}

interface Ends {
  entry: string;
  exit: string;
  /** Shape leaving the exit, for the next edge's label. */
  out: readonly number[] | null;
  inShape: readonly number[] | null;
}

export interface NetworkDot {
  dot: string;
  /** Layers drawn (one node each), containers excluded. */
  layers: number;
  /** Whether any unknown size appears (the graph then carries a legend). */
  unknown: boolean;
}

/** Builds the DOT source; input and output nodes frame the network. */
export function networkDot(tree: LayerNode): NetworkDot {
  const lines: string[] = [];
  let nextNode = 0;
  let nextCluster = 0;
  let layers = 0;
  let unknown = false;
  const seeShape = (s: readonly number[] | null) => {
    if (hasUnknown(s)) unknown = true;
  };
  const seeParams = (ps: readonly ParamRow[]) => ps.forEach((p) => seeShape(p.shape));

  const node = (label: string, extra = ""): string => {
    const id = `n${nextNode++}`;
    lines.push(`${id} [label=${label}${extra}];`);
    return id;
  };
  const edge = (from: string, to: string, shape: readonly number[] | null, extra = "") => {
    seeShape(shape);
    lines.push(`${from} -> ${to} [label=${edgeLabel(shape)}${extra}];`);
  };

  const emit = (n: LayerNode): Ends => {
    if (n.kind === "layer" || (n.children.length === 0 && n.kind !== "sequential")) {
      layers++;
      seeParams(n.params);
      const id = node(layerLabel(n, n.label), ` tooltip=${dotString(tooltip(n))}`);
      return { entry: id, exit: id, out: n.outShape, inShape: n.inShape };
    }
    const cid = `cluster_${nextCluster++}`;
    const head = n.name === "" ? n.type : `${n.name}: ${n.type}`;
    lines.push(
      `subgraph ${cid} {`,
      `label=<<FONT FACE="Courier" COLOR="${SENTINEL.muted}">${dotHtmlText(head)}${n.kind === "block" ? ` ${tr().customForward}` : ""}</FONT>>;`,
    );
    let ends: Ends;
    if (n.kind === "sequential") {
      seeParams(n.params);
      if (n.children.length === 0) {
        const id = node(`<<I>${dotHtmlText(tr().empty(n.type))}</I>>`);
        ends = { entry: id, exit: id, out: n.inShape, inShape: n.inShape };
      } else {
        const parts = n.children.map(emit);
        for (let i = 1; i < parts.length; i++) {
          edge(parts[i - 1]!.exit, parts[i]!.entry, parts[i - 1]!.out ?? parts[i]!.inShape);
        }
        ends = { entry: parts[0]!.entry, exit: parts[parts.length - 1]!.exit, out: n.outShape ?? parts[parts.length - 1]!.out, inShape: n.inShape ?? parts[0]!.inShape };
      }
    } else {
      // Custom forward: the call order of children is not known, so the block itself is the node
      // data enters and leaves; children hang below it in declaration order, without shape edges.
      layers++;
      seeParams(n.params);
      const id = node(layerLabel({ ...n, name: "" }, n.label), ` tooltip=${dotString(tooltip(n))}`);
      let prev = id;
      for (const child of n.children) {
        const c = emit(child);
        lines.push(`${prev} -> ${c.entry} [style=invis];`);
        prev = c.exit;
      }
      ends = { entry: id, exit: id, out: n.outShape, inShape: n.inShape };
    }
    lines.push("}");
    return ends;
  };

  const ioLine = (id: string, text: string, shape: readonly number[] | null) =>
    `${id} [label=<${dotHtmlText(text)}<BR/><FONT FACE="Courier" POINT-SIZE="10">${shapeLabel(shape)}</FONT>> shape=box style="rounded,filled" fillcolor="${SENTINEL.ioFill}" color="${SENTINEL.nodeBorder}"];`;

  // The input node is declared first so that it comes first in the SVG too (reading order).
  const input = `n${nextNode++}`;
  const body = emit(tree);
  const output = `n${nextNode++}`;
  const inShape = tree.inShape ?? body.inShape;
  const outShape = tree.outShape ?? body.out;
  lines.unshift(ioLine(input, tr().input, inShape));
  lines.push(ioLine(output, tr().output, outShape));
  edge(input, body.entry, inShape);
  edge(body.exit, output, outShape);

  const legend = unknown
    ? `label=<<FONT FACE="Courier" POINT-SIZE="10" COLOR="${SENTINEL.muted}"><FONT COLOR="${SENTINEL.unknown}"><B>-1</B></FONT> / <FONT COLOR="${SENTINEL.unknown}"><B>?</B></FONT>: ${dotHtmlText(tr().unknownShort)}</FONT>>; labelloc=b; labeljust=l;`
    : "";
  const dot = [
    "digraph network {",
    `graph [rankdir=TB bgcolor="transparent" nodesep=0.25 ranksep=0.3 fontname="Helvetica,Arial,sans-serif" fontsize=11 fontcolor="${SENTINEL.muted}" style="rounded,dashed" color="${SENTINEL.clusterBorder}"];`,
    `node [shape=plain fontname="Helvetica,Arial,sans-serif" fontsize=11 fontcolor="${SENTINEL.text}"];`,
    `edge [color="${SENTINEL.edge}" fontname="Courier" fontsize=10 fontcolor="${SENTINEL.muted}" arrowsize=0.6];`,
    legend,
    ...lines,
    "}",
  ].join("\n");
  return { dot, layers, unknown };
}
