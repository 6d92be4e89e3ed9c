import { describe as suite, expect, it } from "vitest";
import { describe, expandable, isIdentifier, typeName } from "./values.js";

suite("remote object descriptions", () => {
  it("quotes strings, keeps numbers and shows functions by their first line", () => {
    expect(describe({ type: "string", value: "a\"b" })).toBe('"a\\"b"');
    expect(describe({ type: "number", value: 42, description: "42" })).toBe("42");
    expect(describe({ type: "number", unserializableValue: "NaN", description: "NaN" })).toBe("NaN");
    expect(describe({ type: "function", className: "Function", description: "function f(a) {\n  return a;\n}" })).toBe("function f(a)");
    expect(describe({ type: "object", subtype: "null", value: null })).toBe("null");
    expect(describe({ type: "object", className: "Array", subtype: "array", description: "Array(3)", objectId: "1" })).toBe("Array(3)");
  });

  it("clips long values so the panel stays one line", () => {
    expect(describe({ type: "string", value: "x".repeat(1000) }).length).toBe(200);
  });

  it("opens objects but not null or functions", () => {
    expect(expandable({ type: "object", className: "Object", objectId: "1" })).toBe(true);
    expect(expandable({ type: "object", subtype: "null", value: null })).toBe(false);
    expect(expandable({ type: "function", objectId: "2" })).toBe(false);
    expect(typeName({ type: "object", className: "Tensor", objectId: "3" })).toBe("Tensor");
  });

  it("accepts identifiers only where names are spliced into expressions", () => {
    expect(isIdentifier("net")).toBe(true);
    expect(isIdentifier("x_1$")).toBe(true);
    expect(isIdentifier("a; process.exit()")).toBe(false);
    expect(isIdentifier("1x")).toBe(false);
  });
});
