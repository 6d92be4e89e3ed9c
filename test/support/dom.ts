/**
 * parse5 helpers for tests that assert the structure of produced HTML and SVG (rather than
 * comparing strings). Parse errors are collected so tests can require well-formed markup.
 */
import { parseFragment, type DefaultTreeAdapterTypes as T, type ParserError } from "parse5";

export type El = T.Element;

export interface Parsed {
  root: T.DocumentFragment;
  errors: ParserError[];
}

export function parseHtml(markup: string): Parsed {
  const errors: ParserError[] = [];
  const root = parseFragment(markup, { onParseError: (e) => errors.push(e) });
  return { root, errors };
}

function isElement(n: T.Node): n is El {
  return "tagName" in n;
}

export function elements(node: T.ParentNode): El[] {
  const out: El[] = [];
  const walk = (n: T.Node) => {
    if (isElement(n)) out.push(n);
    if ("childNodes" in n) for (const c of (n as T.ParentNode).childNodes) walk(c);
    if (isElement(n) && n.tagName === "template") walk((n as T.Template).content);
  };
  for (const c of node.childNodes) walk(c);
  return out;
}

export function byTag(node: T.ParentNode, tag: string): El[] {
  return elements(node).filter((e) => e.tagName === tag);
}

export function attr(el: El, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function hasClass(el: El, cls: string): boolean {
  return (attr(el, "class") ?? "").split(/\s+/).includes(cls);
}

/** Decoded text content, like DOM textContent. */
export function text(node: T.Node): string {
  if (node.nodeName === "#text") return (node as T.TextNode).value;
  if ("childNodes" in node) return (node as T.ParentNode).childNodes.map(text).join("");
  return "";
}

/** Tags JupyterLab's sanitizer keeps (subset relevant to tables and text; from its allow-list). */
export const SANITIZER_TAGS = new Set([
  "a", "abbr", "b", "br", "caption", "code", "col", "colgroup", "dd", "details", "div", "dl", "dt", "em",
  "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "small", "span", "strong", "sub",
  "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
]);
/** Attributes it keeps on every tag, plus the table-cell ones used here. */
export const SANITIZER_ATTRS = new Set(["class", "dir", "hidden", "id", "lang", "style", "title", "colspan", "rowspan", "align", "scope"]);
/** Attributes it keeps on particular tags. `src` is not checked for its scheme: data: URIs stay. */
export const SANITIZER_TAG_ATTRS: Record<string, Set<string>> = { img: new Set(["src", "alt", "width", "height"]) };

/**
 * Problems that JupyterLab's sanitizer would cause for untrusted output: tags or attributes it
 * strips, and `var()` declarations (which it drops) without a literal fallback declared just before.
 */
export function sanitizerProblems(root: T.ParentNode): string[] {
  const problems: string[] = [];
  for (const el of elements(root)) {
    if (!SANITIZER_TAGS.has(el.tagName)) problems.push(`tag <${el.tagName}> is stripped`);
    for (const a of el.attrs) if (!SANITIZER_ATTRS.has(a.name) && !SANITIZER_TAG_ATTRS[el.tagName]?.has(a.name)) problems.push(`attribute ${el.tagName}[${a.name}] is stripped`);
    const decls = (attr(el, "style") ?? "").split(";").map((d) => d.trim()).filter(Boolean);
    decls.forEach((d, i) => {
      if (!d.includes("var(")) return;
      const prop = d.split(":")[0]!;
      const prev = decls[i - 1];
      if (!(prev?.startsWith(`${prop}:`) && !prev.includes("var("))) problems.push(`${el.tagName} style "${d}" has no literal fallback`);
    });
  }
  return problems;
}

function fontSize(el: El): string | undefined {
  const m = /(?:^|;)\s*font-size:\s*([^;]+)/.exec(attr(el, "style") ?? "");
  return m?.[1]?.trim() ?? attr(el, "font-size");
}

/**
 * Text a reader would see. `sanitized: true` models JupyterLab's sanitizer on untrusted output:
 * elements outside its allow-list are dropped with their attributes while their text stays.
 * Text under a zero font-size, or inside SVG <desc>/<title>, is not seen.
 */
export function visibleText(root: T.ParentNode, opts: { sanitized: boolean }): string[] {
  const out: string[] = [];
  const walk = (n: T.Node, size: string, hidden: boolean) => {
    if (n.nodeName === "#text") {
      const v = (n as T.TextNode).value.trim();
      if (v && !hidden && parseFloat(size) !== 0) out.push(v);
      return;
    }
    if (!("childNodes" in n)) return;
    let childSize = size;
    let childHidden = hidden;
    if (isElement(n)) {
      const kept = !opts.sanitized || SANITIZER_TAGS.has(n.tagName);
      if (kept) {
        childSize = fontSize(n) ?? size;
        if (n.tagName === "desc" || n.tagName === "title") childHidden = true;
      }
    }
    for (const c of (n as T.ParentNode).childNodes) walk(c, childSize, childHidden);
  };
  walk(root as T.Node, "16px", false);
  return out;
}
