import { describe, expect, it } from "vitest";
import { wordEnd, wordStart } from "./complete.js";
import { codePointToUtf16, utf16ToCodePoint } from "./unicode.js";

describe("code points <-> UTF-16", () => {
  const text = "a😀b𝑥c"; // two astral characters, each two UTF-16 units
  it("converts both ways around astral characters", () => {
    expect(codePointToUtf16(text, 0)).toBe(0);
    expect(codePointToUtf16(text, 2)).toBe(3);
    expect(codePointToUtf16(text, 5)).toBe(7);
    expect(utf16ToCodePoint(text, 3)).toBe(2);
    expect(utf16ToCodePoint(text, 7)).toBe(5);
    for (let cp = 0; cp <= 5; cp++) expect(utf16ToCodePoint(text, codePointToUtf16(text, cp))).toBe(cp);
  });
  it("clamps positions past the end", () => {
    expect(codePointToUtf16(text, 99)).toBe(text.length);
    expect(utf16ToCodePoint(text, 99)).toBe(5);
  });
  it("finds identifier boundaries that include astral letters", () => {
    const code = "x = 𝑥𝑦z.";
    expect(wordStart(code, code.length - 1)).toBe(4);
    expect(wordEnd(code, 4)).toBe(code.length - 1);
  });
});
