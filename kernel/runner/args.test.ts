import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUT_S, parseRunArgs } from "./args.js";
import { RunUsageError } from "./errors.js";

describe("parseRunArgs", () => {
  it("defaults to the current directory, out/ and the default timeout", () => {
    expect(parseRunArgs([])).toEqual({ paths: ["."], outDir: "out", timeoutS: DEFAULT_TIMEOUT_S, html: true, help: false });
  });

  it("takes paths, --out, --timeout in both spellings and --no-html", () => {
    const a = parseRunArgs(["notebooks", "--out", "build", "x.ipynb", "--timeout=2.5", "--no-html"]);
    expect(a).toMatchObject({ paths: ["notebooks", "x.ipynb"], outDir: "build", timeoutS: 2.5, html: false });
  });

  it("rejects a missing value, a non-positive timeout and unknown options, naming them", () => {
    expect(() => parseRunArgs(["--out"])).toThrow(/--out needs a value/);
    expect(() => parseRunArgs(["--timeout", "0"])).toThrow(RunUsageError);
    expect(() => parseRunArgs(["--timeout", "soon"])).toThrow(/'soon'/);
    expect(() => parseRunArgs(["--fast"])).toThrow(/unknown option '--fast'/);
  });
});
