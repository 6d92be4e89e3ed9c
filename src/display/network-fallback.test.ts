import { describe, expect, it, vi } from "vitest";

// Simulates a broken Graphviz installation (wasm missing, or out of memory).
vi.mock("./viz.js", () => ({
  loadViz: () => Promise.reject(new Error("wasm module could not be compiled")),
  isVizLoaded: () => false,
}));

const { networkBundle, networkText } = await import("./network.js");
const { netBefore } = await import("../../test/support/display-fixtures.js");

describe("networkBundle without Graphviz", () => {
  it("still returns the text form and says why the graph is missing", async () => {
    const b = await networkBundle(netBefore);
    expect(Object.keys(b)).toEqual(["text/plain"]);
    expect(b["text/plain"].startsWith(networkText(netBefore))).toBe(true);
    expect(b["text/plain"]).toMatch(/shape graph unavailable: .*wasm module could not be compiled/);
  });
});
