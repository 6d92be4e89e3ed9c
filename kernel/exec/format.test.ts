import { describe, expect, it } from "vitest";
import { isMimeBundle, normalizeBundle, plainText, toBundle } from "./format.js";

describe("isMimeBundle", () => {
  it("accepts plain objects whose keys all contain a slash", () => {
    expect(isMimeBundle({ "text/plain": "a", "image/png": "..." })).toBe(true);
    expect(isMimeBundle(Object.assign(Object.create(null), { "text/html": "x" }))).toBe(true);
  });
  it("rejects empty objects, mixed keys, class instances and arrays", () => {
    expect(isMimeBundle({})).toBe(false);
    expect(isMimeBundle({ "text/plain": "a", value: 1 })).toBe(false);
    expect(isMimeBundle(new (class { "text/plain" = "x" })())).toBe(false);
    expect(isMimeBundle(["text/plain"])).toBe(false);
    expect(isMimeBundle(null)).toBe(false);
  });
});

describe("toBundle", () => {
  it("shows values like the REPL, never with ANSI colours", () => {
    expect(toBundle({ a: [1, "x"], m: new Map([[1, 2]]) })).toEqual({ "text/plain": "{ a: [ 1, 'x' ], m: Map(1) { 1 => 2 } }" });
    expect(plainText(new Error("e"))).not.toMatch(/\u001b\[/);
  });
  it("calls the display protocol and validates its answer", async () => {
    const d = { [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "p", "text/html": "<p>" }) };
    expect(toBundle(d)).toEqual({ "text/plain": "p", "text/html": "<p>" });
    const later = { [Symbol.for("Jupyter.display")]: async () => ({ "text/html": "<svg/>" }) };
    await expect(toBundle(later)).resolves.toEqual({ "text/html": "<svg/>", "text/plain": "<text/html>" });
    expect(() => toBundle({ [Symbol.for("Jupyter.display")]: () => "nope" })).toThrow(/must return an object of MIME type/);
  });
  it("keeps a literal bundle, base64-encoding bytes and adding text/plain", () => {
    expect(normalizeBundle({ "image/png": Buffer.from([0xff, 0]) })).toEqual({ "image/png": "/wA=", "text/plain": "<image/png>" });
    expect(normalizeBundle({ "text/markdown": "# hi" })).toEqual({ "text/markdown": "# hi", "text/plain": "# hi" });
    expect(normalizeBundle({ "application/json": { a: 1 } })["text/plain"]).toBe('{\n  "a": 1\n}');
  });
});
