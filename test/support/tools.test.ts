import { describe, expect, it } from "vitest";
import { isCI } from "./tools.js";

describe("isCI: which $CI values make missing tools fail instead of skip", () => {
  it.each(["true", "True", "TRUE", "1", "yes", "Yes", "on", "github-actions", " true "])("CI=%j is CI", (v) => {
    expect(isCI(v)).toBe(true);
  });
  it.each([undefined, "", "  ", "false", "False", "0", "no", "off"])("CI=%j is not CI", (v) => {
    expect(isCI(v)).toBe(false);
  });
});
