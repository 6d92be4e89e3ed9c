/**
 * is_complete_request: a parse error at the very end of the code (an unclosed brace, string,
 * template literal or comment, a dangling operator) means "incomplete, keep typing"; a parse error
 * anywhere before the end means the code is invalid whatever follows.
 */
import { parseCell, syntaxErrors } from "./transpile.js";
import type { IsCompleteResult } from "./types.js";
import { typescript } from "./typescript.js";

export function isComplete(code: string): IsCompleteResult {
  if (code.trim() === "") return { status: "complete" };
  const sf = parseCell(code, "is-complete.ts");
  const errors = syntaxErrors(sf);
  if (errors.length === 0) return { status: "complete" };
  const end = code.trimEnd().length;
  if (!errors.every((e) => e.start >= end)) return { status: "invalid" };
  return { status: "incomplete", indent: " ".repeat(indentAfter(code)) };
}

/** Spaces for the next line: one level per unclosed bracket, continuing the last line's indent. */
function indentAfter(code: string): number {
  const ts = typescript();
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  let depth = 0;
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.OpenBraceToken || t === ts.SyntaxKind.OpenParenToken || t === ts.SyntaxKind.OpenBracketToken) depth++;
    else if (t === ts.SyntaxKind.CloseBraceToken || t === ts.SyntaxKind.CloseParenToken || t === ts.SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
    else if (t === ts.SyntaxKind.TemplateHead) depth++;
  }
  return 4 * depth;
}
