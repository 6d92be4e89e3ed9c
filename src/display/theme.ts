/**
 * Colours and inline styles shared by the HTML renderers.
 *
 * JupyterLab sanitizes untrusted HTML with an allow-list of CSS properties whose colour values must
 * be hex, rgb()/rgba() or a colour name: a `var(--jp-...)` declaration is dropped there. So each
 * themed property is written twice, first a theme-neutral fallback (translucent greys, mid-tone
 * accents readable on light and dark backgrounds) and then the `var(--jp-*)` form, which wins
 * wherever it survives (trusted output, nbconvert's lab template, Notebook 7). Text colour is
 * inherited from the front-end rather than set, so it always matches the theme.
 */
import { raw, type SafeHtml } from "./html.js";

/** `prop: fallback; prop: var(--name, fallback)` */
export function themed(prop: string, cssVar: string, fallback: string): string {
  return `${prop}: ${fallback}; ${prop}: var(${cssVar}, ${fallback})`;
}

export const COLORS = {
  /** Unknown sizes (-1, ?): an orange that reads on white and on near-black. */
  unknown: { cssVar: "--jp-warn-color0", fallback: "#e8590c" },
  ready: { cssVar: "--jp-success-color0", fallback: "#2f9e44" },
  muted: { cssVar: "--jp-ui-font-color2", fallback: "#868e96" },
  rule: { cssVar: "--jp-border-color1", fallback: "rgba(128, 128, 128, 0.55)" },
} as const;

function border(side: "top" | "bottom", width: string, color: { cssVar: string; fallback: string }): string {
  return `border-${side}: ${width} solid ${color.fallback}; border-${side}: ${width} solid var(${color.cssVar}, ${color.fallback})`;
}

function style(...decls: string[]): SafeHtml {
  return raw(decls.join("; "));
}

/** Inline styles (SafeHtml so they can be interpolated into `style="..."`). */
export const STYLE = {
  table: style("border-collapse: collapse", "font-size: 13px", "margin: 4px 0"),
  caption: style("caption-side: top", "text-align: left", "padding: 2px 0 6px 0", "font-weight: bold"),
  // Cells carry as little inline style as possible: every front-end already styles tables, and a
  // long table would otherwise repeat the same declarations thousands of times.
  th: style("text-align: left"),
  td: style("text-align: left"),
  tdNum: style("text-align: right"),
  tdCode: style("text-align: left", "font-family: monospace", "white-space: nowrap"),
  total: style(
    "text-align: left",
    "font-weight: bold",
    border("top", "2px", COLORS.rule),
  ),
  totalNum: style(
    "font-weight: bold",
    "text-align: right",
    border("top", "2px", COLORS.rule),
  ),
  elided: style("text-align: center", "font-style: italic", themed("color", COLORS.muted.cssVar, COLORS.muted.fallback)),
  unknown: style("font-weight: bold", "text-decoration: underline", themed("color", COLORS.unknown.cssVar, COLORS.unknown.fallback)),
  muted: style(themed("color", COLORS.muted.cssVar, COLORS.muted.fallback)),
  ready: style(themed("color", COLORS.ready.cssVar, COLORS.ready.fallback)),
  deferred: style("font-weight: bold", themed("color", COLORS.unknown.cssVar, COLORS.unknown.fallback)),
  note: style("margin: 4px 0", "font-size: 12px", themed("color", COLORS.muted.cssVar, COLORS.muted.fallback)),
  warnNote: style("margin: 4px 0", "font-size: 12px", themed("color", COLORS.unknown.cssVar, COLORS.unknown.fallback)),
} as const;
