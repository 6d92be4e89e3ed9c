/**
 * When a cell needs the full @types/node rather than node-lite.ts: it names a Node global or a Node
 * built-in module, or its check reports an error that the lite declarations may have caused.
 */
import { builtinModules } from "node:module";
import { NODE_LITE_NAMES } from "./node-lite.js";
import type { TS } from "./typescript.js";

/**
 * Globals @types/node (v20) adds to the ES2023 lib, less those node-lite.ts declares: values, then
 * types. Listed rather than read from @types/node, which is what loading it on demand avoids.
 */
export const NODE_GLOBAL_VALUES: readonly string[] = (
  "AbortController AbortSignal Blob BroadcastChannel Buffer ByteLengthQueuingStrategy CompressionStream " +
  "CountQueuingStrategy CustomEvent DOMException DecompressionStream Event EventSource EventTarget File FormData " +
  "Headers MessageChannel MessageEvent MessagePort PerformanceEntry PerformanceMark PerformanceMeasure " +
  "PerformanceObserver PerformanceObserverEntryList PerformanceResourceTiming ReadableByteStreamController " +
  "ReadableStream ReadableStreamBYOBReader ReadableStreamBYOBRequest ReadableStreamDefaultController " +
  "ReadableStreamDefaultReader Request Response TextDecoderStream TextEncoderStream TransformStream " +
  "TransformStreamDefaultController WebSocket WritableStream WritableStreamDefaultController " +
  "WritableStreamDefaultWriter __dirname __filename crypto exports fetch gc global module process require"
).split(" ");
const NODE_GLOBAL_TYPES = (
  "AllowSharedBuffer AsyncDisposable BufferConstructor BufferEncoding Disposable EventListenerOptions " +
  "EventSourceInit Global MessageEventInit NodeJS NodeModule NodeRequire NonSharedBuffer QueuingStrategy " +
  "RelativeIndexable RequestInit RequireResolve ResponseInit WebSocketInit"
).split(" ");
const NODE_GLOBALS: ReadonlySet<string> = new Set([...NODE_GLOBAL_VALUES, ...NODE_GLOBAL_TYPES]);

/** ES lib interfaces @types/node adds members to (Error.captureStackTrace, Symbol.dispose, import.meta.dirname). */
const NODE_AUGMENTED: ReadonlySet<string> = new Set(["ErrorConstructor", "SymbolConstructor", "ImportMeta"]);

const BUILTINS: ReadonlySet<string> = new Set(builtinModules);

export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || BUILTINS.has(specifier) || BUILTINS.has(specifier.split("/")[0]);
}

/** Reading the cell's syntax only: does it name a Node global or import a Node module? */
export function mentionsNode(ts: typeof TS, source: string): boolean {
  const sf = ts.createSourceFile("__d2l_scan.ts", source, ts.ScriptTarget.Latest, true);
  const visit = (node: TS.Node): boolean => {
    if (ts.isIdentifier(node)) return NODE_GLOBALS.has(node.text) && !isMemberName(ts, node);
    if (ts.isStringLiteralLike(node)) return isModuleSpecifier(ts, node) && isNodeBuiltin(node.text);
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(sf);
}

/** `x.process` or `{ process: 1 }` names a member, not the global. */
function isMemberName(ts: typeof TS, id: TS.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (ts.isPropertyAccessExpression(p) ? p.name : p.right) === id) return true;
  return (ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === id;
}

function isModuleSpecifier(ts: typeof TS, lit: TS.StringLiteralLike): boolean {
  const p = lit.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return p.moduleSpecifier === lit;
  if (ts.isExternalModuleReference(p)) return true;
  if (ts.isLiteralTypeNode(p) && ts.isImportTypeNode(p.parent)) return true;
  return ts.isCallExpression(p) && p.arguments[0] === lit && (p.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(p.expression) && p.expression.text === "require"));
}

/** "Cannot find name/namespace" and the "did you mean" variants; "cannot find module"; TS's own "install @types/node" hints. */
const MISSING_NAME = new Set([2304, 2503, 2552, 2694, 2724]);
const MISSING_MODULE = new Set([2307, 2792]);
const NODE_HINTS = new Set([2580, 2591, 2592]);

/**
 * Could @types/node change these diagnostics of `file`? Yes for a missing Node name or module, and
 * for an error on something node-lite.ts declares (a member or overload it leaves out).
 */
export function diagnosticsNeedNode(ts: typeof TS, program: TS.Program, file: string, liteFile: string, diags: readonly TS.Diagnostic[]): boolean {
  const sf = program.getSourceFile(file);
  if (!sf) return false;
  let checker: TS.TypeChecker | undefined;
  for (const d of diags) {
    if (d.category !== ts.DiagnosticCategory.Error || d.file?.fileName !== file || d.start === undefined) continue;
    if (NODE_HINTS.has(d.code)) return true;
    const text = sf.text.slice(d.start, d.start + (d.length ?? 0)).replace(/^["'`]|["'`]$/g, "");
    if (MISSING_NAME.has(d.code)) {
      if (NODE_GLOBALS.has(text) || NODE_LITE_NAMES.has(text)) return true;
    } else if (MISSING_MODULE.has(d.code)) {
      if (isNodeBuiltin(text)) return true;
    } else {
      checker ??= program.getTypeChecker();
      if (touchesLite(ts, checker, nodeAt(ts, sf, d.start), liteFile)) return true;
    }
  }
  return false;
}

/**
 * Whether the erroneous node, or the innermost call or member access around it (what is called,
 * or read from), gets its symbol or type from the lite file or from an ES interface @types/node
 * augments. Outer calls are not looked at: `console.log(wrong)` is not about `console.log`.
 */
function touchesLite(ts: typeof TS, checker: TS.TypeChecker, node: TS.Node, liteFile: string): boolean {
  const fromLite = (s: TS.Symbol | undefined) =>
    !!s && (NODE_AUGMENTED.has(s.name) || (s.declarations ?? []).some((d) => d.getSourceFile().fileName === liteFile));
  const touches = (n: TS.Node) => {
    if (fromLite(checker.getSymbolAtLocation(n))) return true;
    if (!ts.isExpression(n)) return false;
    const t = checker.getTypeAtLocation(n);
    return fromLite(t.getSymbol()) || fromLite(t.aliasSymbol);
  };
  if (touches(node)) return true;
  for (let n = node.parent; n && !ts.isSourceFile(n) && !ts.isStatement(n); n = n.parent) {
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isCallExpression(n) || ts.isNewExpression(n)) {
      return touches(n.expression);
    }
  }
  return false;
}

/** The innermost node spanning `pos`. */
function nodeAt(ts: typeof TS, sf: TS.SourceFile, pos: number): TS.Node {
  let node: TS.Node = sf;
  for (;;) {
    const child: TS.Node | undefined = ts.forEachChild(node, (c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
    if (!child) return node;
    node = child;
  }
}
