/**
 * An escaping tagged template for HTML and SVG text. Every interpolated value is escaped unless it
 * is already `SafeHtml` (produced by this module), so a layer named `<script>` shows as text.
 * Interpolations must sit in element content or inside quoted attribute values; the escaping
 * below covers both (`"` and `'` are escaped too).
 */

/** Markup known to be safe: built by `html`/`svg` or explicitly vouched for with `raw`. */
export class SafeHtml {
  // The private field makes the type nominal: a plain `{ value: string }` is not SafeHtml.
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** What may be interpolated: text (escaped), numbers, safe markup, nested lists; nullish/false render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const NEEDS_ESCAPE = /[&<>"']/g;

/** Escapes text for element content or a quoted attribute value (HTML and XML alike). */
export function escapeHtml(text: string): string {
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue, out: string[]): void {
  if (value === null || value === undefined || value === false) return;
  if (value instanceof SafeHtml) out.push(value.toString());
  else if (Array.isArray(value)) for (const v of value as readonly HtmlValue[]) render(v, out);
  else out.push(escapeHtml(String(value)));
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  const out: string[] = [strings[0]!];
  for (let i = 0; i < values.length; i++) {
    render(values[i]!, out);
    out.push(strings[i + 1]!);
  }
  return new SafeHtml(out.join(""));
}

/** Same escaping rules apply to SVG (XML) text and attributes. */
export const svg = html;

/** Vouch for markup produced elsewhere (e.g. Graphviz's SVG). Never pass user text here. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins items with a separator, escaping strings and keeping SafeHtml as is. */
export function joinHtml(items: readonly HtmlValue[], separator: HtmlValue = ""): SafeHtml {
  const out: string[] = [];
  items.forEach((item, i) => {
    if (i > 0) render(separator, out);
    render(item, out);
  });
  return new SafeHtml(out.join(""));
}
