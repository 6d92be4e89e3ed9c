/** complete_request from the language service: earlier cells, globals, imported packages' types. */
import type { CellLanguageService } from "./language-service.js";
import { codePointToUtf16, utf16ToCodePoint } from "./unicode.js";
import type { CompletionResult } from "./types.js";
import { typescript, type TS } from "./typescript.js";

const MAX_MATCHES = 1000;
const IDENT_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;

/** UTF-16 offset where the identifier ending at `pos` starts. */
export function wordStart(code: string, pos: number): number {
  let i = pos;
  while (i > 0) {
    const low = code.charCodeAt(i - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? 2 : 1;
    if (!IDENT_CHAR.test(code.slice(i - width, i))) break;
    i -= width;
  }
  return i;
}

export function wordEnd(code: string, pos: number): number {
  let i = pos;
  while (i < code.length) {
    const ch = String.fromCodePoint(code.codePointAt(i)!);
    if (!IDENT_CHAR.test(ch)) break;
    i += ch.length;
  }
  return i;
}

/**
 * A constant holding a function (`np.exp`, `npx.relu`: made by `unary` in src/tensor/np/args.ts,
 * or a cell's `const f = () => ...`) is offered as a function, as a function declaration is.
 */
function entryType(entry: TS.CompletionEntry, checker: TS.TypeChecker | undefined): string {
  const K = typescript().ScriptElementKind;
  const variable = entry.kind === K.constElement || entry.kind === K.letElement || entry.kind === K.variableElement;
  if (variable && checker && entry.symbol) {
    let symbol = entry.symbol;
    if (symbol.flags & typescript().SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (checker.getTypeOfSymbol(symbol).getCallSignatures().length > 0) return "function";
  }
  return jupyterType(entry.kind);
}

function jupyterType(kind: string): string {
  const ts = typescript();
  const K = ts.ScriptElementKind;
  switch (kind) {
    case K.functionElement:
    case K.localFunctionElement:
    case K.memberFunctionElement:
    case K.constructSignatureElement:
    case K.callSignatureElement:
      return "function";
    case K.classElement:
    case K.localClassElement:
      return "class";
    case K.moduleElement:
    case K.externalModuleName:
      return "module";
    case K.keyword:
      return "keyword";
    case K.memberVariableElement:
    case K.memberGetAccessorElement:
    case K.memberSetAccessorElement:
      return "property";
    case K.interfaceElement:
    case K.typeElement:
    case K.enumElement:
      return "type";
    default:
      return "instance";
  }
}

/** Node's globals while @types/node is not loaded yet (node-types.ts): naming one in a cell loads it. */
function notLoadedGlobals(service: CellLanguageService, have: readonly TS.CompletionEntry[]): TS.CompletionEntry[] {
  const missing = service.missingGlobals();
  if (missing.length === 0) return [];
  const names = new Set(have.map((e) => e.name));
  const kind = typescript().ScriptElementKind.variableElement;
  return missing.filter((n) => !names.has(n)).map((name) => ({ name, kind, kindModifiers: "declare", sortText: "15" }));
}

export function complete(service: CellLanguageService, code: string, cursorPos: number): CompletionResult {
  const pos = codePointToUtf16(code, cursorPos);
  const file = service.setCurrent(code);
  const info = service.languageService.getCompletionsAtPosition(file, pos, {
    includeCompletionsWithInsertText: false,
    includeExternalModuleExports: false,
    includeSymbol: true,
  });
  let start = wordStart(code, pos);
  // string-literal completions (module specifiers, keys) replace the whole literal's text
  const span = info?.entries.find((e) => e.replacementSpan)?.replacementSpan ?? info?.optionalReplacementSpan;
  if (span && span.start <= pos && span.start + span.length >= pos && span.start < start) start = span.start;
  const prefix = code.slice(start, pos);
  const lower = prefix.toLowerCase();
  const all = [...(info?.entries ?? []), ...(info?.isGlobalCompletion ? notLoadedGlobals(service, info.entries) : [])];
  const entries = all.filter((e: TS.CompletionEntry) => e.kind !== "warning" && e.name.toLowerCase().startsWith(lower));
  entries.sort(
    (a, b) =>
      Number(!b.name.startsWith(prefix)) - Number(!a.name.startsWith(prefix)) ||
      (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const chosen = entries.slice(0, MAX_MATCHES);
  const checker = chosen.some((e) => e.symbol) ? service.languageService.getProgram()?.getTypeChecker() : undefined;
  const cursor_start = utf16ToCodePoint(code, start);
  const cursor_end = utf16ToCodePoint(code, wordEnd(code, pos));
  return {
    matches: chosen.map((e) => e.name),
    cursor_start,
    cursor_end,
    metadata: {
      _jupyter_types_experimental: chosen.map((e) => ({ start: cursor_start, end: cursor_end, text: e.name, type: entryType(e, checker) })),
    },
  };
}
