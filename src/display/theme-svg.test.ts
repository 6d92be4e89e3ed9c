import { describe, expect, it } from "vitest";
import { SENTINEL } from "./dot.js";
import { PAINT } from "./theme-svg.js";

/** WCAG 2 relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const literal = (s: string) => PAINT[s]!.fallback;

// The pages the graph lands on: JupyterLab Light / classic Notebook / nbconvert (white) and
// JupyterLab Dark (--jp-layout-color0). Inside an <img> only the literal colours apply.
const PAGES = { light: "#ffffff", dark: "#111111" };

describe("graph colours without CSS variables", () => {
  it("labels, edges and borders drawn on the page read on light and dark pages (at least 3:1)", () => {
    for (const role of ["muted", "unknown", "edge", "nodeBorder", "clusterBorder"] as const) {
      for (const [page, bg] of Object.entries(PAGES)) {
        expect(contrast(literal(SENTINEL[role]), bg), `${role} ${literal(SENTINEL[role])} on ${page} ${bg}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("text inside node boxes reads on the boxes' own fill", () => {
    for (const fill of ["nodeFill", "ioFill"] as const) {
      const bg = literal(SENTINEL[fill]);
      expect(contrast(literal(SENTINEL.text), bg), `text on ${fill}`).toBeGreaterThanOrEqual(4.5);
      for (const role of ["muted", "unknown"] as const) {
        expect(contrast(literal(SENTINEL[role]), bg), `${role} on ${fill}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("has a literal colour for every sentinel Graphviz is given", () => {
    for (const s of Object.values(SENTINEL)) expect(PAINT[s]?.fallback, s).toMatch(/^#[0-9a-f]{6}$/);
  });
});
