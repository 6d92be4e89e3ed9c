/** inspect_request: quick info (signature + doc comment) at the cursor, else the enclosing call's signature. */
import type { CellLanguageService } from "./language-service.js";
import { wordEnd, wordStart } from "./complete.js";
import { codePointToUtf16 } from "./unicode.js";
import type { InspectResult } from "./types.js";
import { typescript, type TS } from "./typescript.js";

function tagText(tag: TS.JSDocTagInfo): string {
  const ts = typescript();
  const text = tag.text ? ts.displayPartsToString(tag.text) : "";
  return `@${tag.name}${text ? " " + text : ""}`;
}

export function inspect(service: CellLanguageService, code: string, cursorPos: number, detailLevel: 0 | 1): InspectResult {
  const ts = typescript();
  const pos = codePointToUtf16(code, cursorPos);
  const file = service.setCurrent(code);
  const ls = service.languageService;
  // Jupyter sends the cursor just after the name (`net.initialize|`); look at the name itself.
  const start = wordStart(code, pos);
  const end = wordEnd(code, pos);
  const at = end > start ? Math.max(start, Math.min(pos, end) - 1) : pos;
  const quick = end > start ? ls.getQuickInfoAtPosition(file, at) : undefined;
  let signature: string;
  let doc: string;
  let tags: TS.JSDocTagInfo[];
  if (quick) {
    signature = ts.displayPartsToString(quick.displayParts);
    doc = ts.displayPartsToString(quick.documentation);
    tags = quick.tags ?? [];
  } else {
    const help = ls.getSignatureHelpItems(file, pos, undefined);
    const item = help?.items[help.selectedItemIndex];
    if (!item) return { found: false, data: { "text/plain": "" } };
    signature = [...item.prefixDisplayParts, ...item.parameters.flatMap((p, i) => (i ? [...item.separatorDisplayParts, ...p.displayParts] : p.displayParts)), ...item.suffixDisplayParts]
      .map((p) => p.text)
      .join("");
    doc = ts.displayPartsToString(item.documentation);
    tags = item.tags;
  }
  const shownTags = detailLevel > 0 ? tags : tags.filter((t) => t.name === "param" || t.name === "returns" || t.name === "throws" || t.name === "deprecated");
  const plain = [signature, doc, ...shownTags.map(tagText)].filter((s) => s.length > 0).join("\n\n");
  const markdown = ["```typescript\n" + signature + "\n```", doc, ...shownTags.map((t) => `*${tagText(t)}*`)].filter((s) => s.length > 0).join("\n\n");
  return { found: true, data: { "text/plain": plain, "text/markdown": markdown } };
}
