/** Small formatting helpers shared by the text and HTML renderers. */
import { html, joinHtml, type SafeHtml } from "./html.js";
import { STYLE } from "./theme.js";

export const UNKNOWN_DIM = -1;
import { tr } from "./lang.js";

/** Tooltip of unknown sizes, in the display language. */
export function unknownTitle(): string {
  return tr().unknownTitle;
}

export function isKnownShape(shape: readonly number[] | null): shape is readonly number[] {
  return shape !== null && shape.every((d) => d !== UNKNOWN_DIM);
}

/** "(256, -1)"; a 1-D shape prints as "(256)"; null (not known at all) prints as "?". */
export function formatShape(shape: readonly number[] | null): string {
  if (shape === null) return "?";
  return `(${shape.join(", ")})`;
}

/** Unknown dims (and unknown shapes) wrapped in a marked, titled span. */
export function shapeHtml(shape: readonly number[] | null): SafeHtml {
  if (shape === null) return unknownHtml("?");
  const dims = shape.map((d) => (d === UNKNOWN_DIM ? unknownHtml("-1") : String(d)));
  return html`(${joinHtml(dims, ", ")})`;
}

export function unknownHtml(text: string): SafeHtml {
  return html`<span class="d2l-unknown" title="${unknownTitle()}" style="${STYLE.unknown}">${text}</span>`;
}

/** 1234567 -> "1,234,567" (fixed locale so outputs are stable across machines). */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * Long lists are shown as their first `head` and last `tail` items around a gap marker, so a
 * 10,000-parameter network does not produce a 10,000-row table.
 */
export interface Elided<T> {
  head: readonly T[];
  tail: readonly T[];
  /** How many items were left out between head and tail (0: nothing elided, tail is empty). */
  omitted: number;
}

export function elide<T>(items: readonly T[], opts: { maxRows: number; head?: number; tail?: number }): Elided<T> {
  if (items.length <= opts.maxRows) return { head: items, tail: [], omitted: 0 };
  const tail = Math.max(0, opts.tail ?? Math.floor(opts.maxRows / 4));
  const head = Math.max(1, opts.head ?? opts.maxRows - tail);
  return { head: items.slice(0, head), tail: items.slice(items.length - tail), omitted: items.length - head - tail };
}

/**
 * Aligns columns of plain text. Widths are measured over every row passed in (including rows
 * that will be elided later, so head and tail line up); `right` lists right-aligned columns.
 */
export function textColumns(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
): { line: (cells: readonly string[]) => string; rule: string; width: number } {
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), h.length));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  return { line, rule: "─".repeat(width), width };
}
