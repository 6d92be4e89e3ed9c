import { describe as suite, expect, it } from "vitest";
import { describe, expandable, isIdentifier, panelType, typeName } from "./values.js";

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

  it("names scalars as JupyterLab's variables tree shows their values (int, float, bool, str), others by their JavaScript type", () => {
    expect(panelType({ type: "number", value: 20, description: "20" })).toBe("int");
    expect(panelType({ type: "number", value: 0.5, description: "0.5" })).toBe("float");
    // parseInt("1e+21") would read 1: a number past 2^53 is a float, and so are NaN and -0.
    expect(panelType({ type: "number", value: 1e21, description: "1e+21" })).toBe("float");
    expect(panelType({ type: "number", unserializableValue: "NaN", description: "NaN" })).toBe("float");
    expect(panelType({ type: "boolean", value: true })).toBe("bool");
    expect(panelType({ type: "string", value: "hi" })).toBe("str");
    expect(panelType({ type: "undefined" })).toBe("undefined");
    expect(panelType({ type: "object", className: "Dense", objectId: "4" })).toBe("Dense");
  });

  it("accepts identifiers only where names are spliced into expressions", () => {
    expect(isIdentifier("net")).toBe(true);
    expect(isIdentifier("x_1$")).toBe(true);
    expect(isIdentifier("a; process.exit()")).toBe(false);
    expect(isIdentifier("1x")).toBe(false);
  });
});
