import { describe, expect, it } from "vitest";
import { resolveExports, splitSpecifier } from "./package-exports.js";

describe("resolveExports (import conditions)", () => {
  it("resolves a string, a condition object and the '.' subpath", () => {
    expect(resolveExports("./index.js", ".")).toBe("./index.js");
    expect(resolveExports({ import: "./esm.js", require: "./cjs.cjs" }, ".")).toBe("./esm.js");
    expect(resolveExports({ ".": { require: "./cjs.cjs", default: "./any.js" } }, ".")).toBe("./any.js");
  });

  it("takes the first matching condition in the package's order, nested", () => {
    const exp = { ".": { types: "./x.d.ts", node: { import: "./node.mjs", require: "./node.cjs" }, default: "./browser.js" } };
    expect(resolveExports(exp, ".")).toBe("./node.mjs");
    expect(resolveExports(exp, ".", ["browser", "import"])).toBe("./browser.js");
  });

  it("refuses subpaths the package does not export, and require-only packages", () => {
    expect(resolveExports({ ".": "./a.js" }, "./internal")).toBeNull();
    expect(resolveExports({ ".": { require: "./a.cjs" } }, ".")).toBeNull();
    expect(resolveExports({ ".": "a.js" }, ".")).toBeNull();
  });

  it("expands '*' patterns, preferring the longest prefix", () => {
    const exp = { "./features/*.js": "./src/features/*.js", "./features/private/*": null, "./*": "./dist/*.mjs" };
    expect(resolveExports(exp, "./features/x.js")).toBe("./src/features/x.js");
    expect(resolveExports(exp, "./features/private/y")).toBeNull();
    expect(resolveExports(exp, "./util")).toBe("./dist/util.mjs");
  });

  it("falls through arrays to the first usable target", () => {
    expect(resolveExports({ ".": [{ worker: "./w.js" }, "./main.js"] }, ".")).toBe("./main.js");
  });
});

describe("splitSpecifier", () => {
  it("separates package name and subpath, scoped or not", () => {
    expect(splitSpecifier("lodash")).toEqual({ name: "lodash", subpath: "." });
    expect(splitSpecifier("lodash/fp/map")).toEqual({ name: "lodash", subpath: "./fp/map" });
    expect(splitSpecifier("@tensorflow/tfjs-core")).toEqual({ name: "@tensorflow/tfjs-core", subpath: "." });
    expect(splitSpecifier("@scope/pkg/deep/x.js")).toEqual({ name: "@scope/pkg", subpath: "./deep/x.js" });
  });
});
