/**
 * Turns Graphviz's SVG into a theme-aware, self-contained fragment.
 *
 * The graph is mostly shown as an <img> (the network's text/html, and JupyterLab's own
 * image/svg+xml renderer), where the page's CSS variables do not reach, so the literal colours
 * must read on light and dark pages alike: light node boxes with dark text, mid-grey edges and
 * labels, a mid-tone orange for unknown sizes (theme-svg.test.ts checks the contrast ratios).
 * Each sentinel becomes that literal as an attribute plus a `style` using
 * `var(--jp-*, literal)`, which takes over where the SVG is inlined into a themed page.
 */
import { SENTINEL } from "./dot.js";

interface Paint {
  fallback: string;
  cssVar: string;
}

export const PAINT: Record<string, Paint> = {
  [SENTINEL.text]: { fallback: "#1f2328", cssVar: "--jp-ui-font-color1" },
  [SENTINEL.muted]: { fallback: "#737b84", cssVar: "--jp-ui-font-color2" },
  [SENTINEL.nodeFill]: { fallback: "#f1f3f5", cssVar: "--jp-layout-color2" },
  [SENTINEL.nodeBorder]: { fallback: "#868e96", cssVar: "--jp-border-color1" },
  [SENTINEL.edge]: { fallback: "#868e96", cssVar: "--jp-border-color1" },
  [SENTINEL.unknown]: { fallback: "#d9480f", cssVar: "--jp-warn-color0" },
  [SENTINEL.clusterBorder]: { fallback: "#868e96", cssVar: "--jp-border-color2" },
  [SENTINEL.ioFill]: { fallback: "#d0ebff", cssVar: "--jp-brand-color3" },
};

const TAG = /<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)(\s*\/?)>/g;
const PAINT_ATTR = /\s(fill|stroke)="(#[0-9a-fA-F]{6})"/g;

/** Rewrites sentinel colours; throws if Graphviz produced an element this module cannot restyle. */
export function themeSvg(svgSource: string, opts: { label: string }): string {
  const start = svgSource.indexOf("<svg");
  if (start < 0) throw new Error("Graphviz output contains no <svg> element");
  let body = svgSource.slice(start).replace(/<!--[\s\S]*?-->\n?/g, "");
  body = body.replace(TAG, (whole, name: string, attrs: string, close: string) => {
    const styles: string[] = [];
    let rewritten = attrs.replace(PAINT_ATTR, (attr, prop: string, color: string) => {
      const paint = PAINT[color.toLowerCase()];
      if (!paint) return attr;
      styles.push(`${prop}: var(${paint.cssVar}, ${paint.fallback})`);
      return ` ${prop}="${paint.fallback}"`;
    });
    if (name === "svg") {
      rewritten += ` role="img" aria-label="${opts.label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}"`;
    }
    if (styles.length === 0) return rewritten === attrs ? whole : `<${name}${rewritten}${close}>`;
    if (/\sstyle="/.test(rewritten)) {
      rewritten = rewritten.replace(/\sstyle="([^"]*)"/, (_m, existing: string) => ` style="${existing}; ${styles.join("; ")}"`);
    } else {
      rewritten += ` style="${styles.join("; ")}"`;
    }
    return `<${name}${rewritten}${close}>`;
  });
  return body.trimEnd() + "\n";
}
