import { describe, expect, it } from "vitest";
import { escapeHtml, html, joinHtml, raw, SafeHtml } from "./html.js";
import { byTag, parseHtml, text, attr } from "../../test/support/dom.js";

const HOSTILE = `<script>alert("x")</script> & 'q'`;

describe("html template", () => {
  it("escapes interpolated text in content and attributes so it parses back to the same text", () => {
    const out = html`<td title="${HOSTILE}">${HOSTILE}</td>`.toString();
    const { root, errors } = parseHtml(`<table><tr>${out}</tr></table>`);
    expect(errors).toEqual([]);
    expect(byTag(root, "script")).toHaveLength(0);
    const td = byTag(root, "td")[0]!;
    expect(text(td)).toBe(HOSTILE);
    expect(attr(td, "title")).toBe(HOSTILE);
  });

  it("keeps nested SafeHtml as markup and escapes strings inside arrays", () => {
    const items = ["<a>", html`<b>${"&"}</b>`];
    const out = html`<p>${items}</p>`.toString();
    expect(out).toBe("<p>&lt;a&gt;<b>&amp;</b></p>");
  });

  it("renders nothing for null, undefined and false, and numbers as text", () => {
    expect(html`${null}${undefined}${false}${0}${1.5}`.toString()).toBe("01.5");
  });

  it("is not fooled by look-alike objects: only SafeHtml instances pass unescaped", () => {
    const fake = { toString: () => "<i>" } as unknown as string;
    expect(html`${fake}`.toString()).toBe("&lt;i&gt;");
    expect(html`${raw("<i>")}`).toBeInstanceOf(SafeHtml);
    expect(html`${raw("<i>")}`.toString()).toBe("<i>");
  });

  it("joins with an escaped or safe separator", () => {
    expect(joinHtml(["a<", "b"], ", ").toString()).toBe("a&lt;, b");
    expect(joinHtml(["a", "b"], raw("<br>")).toString()).toBe("a<br>b");
    expect(escapeHtml(`"'`)).toBe("&quot;&#39;");
  });
});

describe("sanitizer check used by the renderer tests", () => {
  it("flags markup JupyterLab would strip and var() colours without a fallback", async () => {
    const { sanitizerProblems } = await import("../../test/support/dom.js");
    const bad = parseHtml(`<svg></svg><p onclick="x" style="color: var(--jp-ui-font-color1, #222)">a</p>`).root;
    expect(sanitizerProblems(bad).sort()).toEqual([
      "attribute p[onclick] is stripped",
      `p style "color: var(--jp-ui-font-color1, #222)" has no literal fallback`,
      "tag <svg> is stripped",
    ].sort());
  });
});
