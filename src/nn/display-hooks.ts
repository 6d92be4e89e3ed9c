/**
 * The nn classes call these hooks from their display methods. The defaults give plain text
 * only; `src/nn/display.ts` (loaded by the package entry) swaps in the real renderers, so the
 * core classes and their unit tests do not depend on the display modules.
 */
import type { MimeBundle } from "../display/mime.js";
import type { LayerNode, ParamRow, SummaryRow } from "../display/model.js";

export interface DisplayHooks {
  paramTable(rows: readonly ParamRow[], opts: { title?: string }): MimeBundle;
  networkText(tree: LayerNode): string;
  networkBundle(tree: LayerNode): MimeBundle | Promise<MimeBundle>;
  summary(rows: readonly SummaryRow[], opts: { inputShape: readonly number[] | null; note?: string }): MimeBundle;
}

const fmt = (s: readonly number[] | null) => (s ? `(${s.join(", ")})` : "?");

function plainTree(tree: LayerNode, indent = ""): string {
  const own = `${indent}${tree.name ? tree.name + ": " : ""}${tree.label}`;
  return [own, ...tree.children.map((c) => plainTree(c, indent + "  "))].join("\n");
}

export const hooks: DisplayHooks = {
  paramTable: (rows, opts) => ({
    "text/plain": [opts.title ?? "Parameters", ...rows.map((r) => `  ${r.name} shape=${fmt(r.shape)} dtype=${r.dtype} ${r.state}`)].join("\n"),
  }),
  networkText: (tree) => plainTree(tree),
  networkBundle: (tree) => ({ "text/plain": plainTree(tree) }),
  summary: (rows) => ({
    "text/plain": rows.map((r) => `${r.name} ${r.type} ${fmt(r.outShape)} ${r.params ?? "?"}`).join("\n"),
  }),
};

/** Replaces some or all hooks (used by src/nn/display.ts). */
export function setDisplayHooks(h: Partial<DisplayHooks>): void {
  Object.assign(hooks, h);
}
