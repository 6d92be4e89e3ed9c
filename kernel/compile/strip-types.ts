/**
 * Type erasure by blanking: every piece of TypeScript-only syntax is overwritten with spaces, so
 * the JavaScript keeps the cell's lines and columns and a stack frame maps back exactly. This is
 * ~10x cheaper than a TypeScript emit (no program, no checker, no printer). Syntax that needs
 * real code generation (enums, namespaces with values, parameter properties, decorators, `using`)
 * is reported as a reason to fall back to `ts.transpileModule`.
 *
 * The same walk rewrites dynamic `import(x)` into `__d2l.import(x)`: a vm script has no
 * dynamic-import callback of its own.
 */
import { EditBuffer } from "./edits.js";
import { hasModifier, isInstantiated } from "./declarations.js";
import type { TS } from "./typescript.js";

export function skipTrivia(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) pos++;
    else if (c === 47 && text.charCodeAt(pos + 1) === 47) {
      while (pos < text.length && text.charCodeAt(pos) !== 10) pos++;
    } else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
      const end = text.indexOf("*/", pos + 2);
      pos = end < 0 ? text.length : end + 2;
    } else break;
  }
  return pos;
}

const TS_ONLY_MODIFIERS = new Set<number>();

export function stripTypes(ts: typeof TS, sf: TS.SourceFile, buf: EditBuffer): string | null {
  const K = ts.SyntaxKind;
  if (TS_ONLY_MODIFIERS.size === 0) {
    for (const k of [K.PublicKeyword, K.PrivateKeyword, K.ProtectedKeyword, K.ReadonlyKeyword, K.OverrideKeyword, K.AbstractKeyword])
      TS_ONLY_MODIFIERS.add(k);
  }
  const text = sf.text;
  let fallback: string | null = null;

  const blankNode = (node: TS.Node) => buf.blank(node.getStart(sf), node.end, ";");

  /** `: Type` (the colon sits right before the type node's full start). */
  const blankAnnotation = (type: TS.TypeNode): { start: number; end: number } => {
    let colon = type.pos - 1;
    while (colon > 0 && text[colon] !== ":") colon--;
    buf.blank(colon, type.end);
    return { start: colon, end: type.end };
  };

  const blankAngles = (list: TS.NodeArray<TS.Node>) => {
    let close = skipTrivia(text, list.end);
    if (text[close] === ",") close = skipTrivia(text, close + 1);
    buf.blank(list.pos - 1, close + 1);
  };

  const blankToken = (token: TS.Node | undefined) => {
    if (token) buf.blank(token.getStart(sf), token.end);
  };

  const blankModifiers = (node: TS.Node) => {
    if (!ts.canHaveModifiers(node)) return;
    for (const m of ts.getModifiers(node) ?? []) {
      if (TS_ONLY_MODIFIERS.has(m.kind)) buf.blank(m.getStart(sf), m.end);
      if (m.kind === K.AccessorKeyword) fallback ??= "`accessor` fields";
    }
  };

  const visit = (node: TS.Node): void => {
    if (fallback) return;
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    switch (node.kind) {
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
      case K.IndexSignature:
        blankNode(node);
        return;
      case K.ImportDeclaration:
      case K.ExportDeclaration:
      case K.ImportEqualsDeclaration:
        return; // rewritten by the REPL rewrite (top level only; elsewhere they are errors)
      case K.EnumDeclaration:
        if (hasModifier(ts, node, K.DeclareKeyword)) blankNode(node);
        else fallback = "enum";
        return;
      case K.ModuleDeclaration:
        if (isInstantiated(ts, node as TS.ModuleDeclaration)) fallback = "namespace";
        else blankNode(node);
        return;
      case K.Decorator:
        fallback = "decorators";
        return;
      case K.VariableDeclarationList:
        // Using is one bit (AwaitUsing = Using | Const), so test it alone.
        if ((node.flags & ts.NodeFlags.Using) !== 0) {
          fallback = "`using` declarations";
          return;
        }
        break;
    }
    if (hasModifier(ts, node, K.DeclareKeyword)) {
      blankNode(node);
      return;
    }
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) && !node.body) {
      blankNode(node);
      return;
    }
    if ((ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && hasModifier(ts, node, K.AbstractKeyword)) {
      blankNode(node);
      return;
    }
    if (ts.isParameter(node)) {
      if (ts.getModifiers(node)?.length) {
        fallback = "parameter properties";
        return;
      }
      if (ts.isIdentifier(node.name) && node.name.text === "this") {
        fallback = "`this` parameters";
        return;
      }
    }
    blankModifiers(node);
    if (ts.isCallExpression(node) && node.expression.kind === K.ImportKeyword) {
      buf.replace(node.expression.getStart(sf), node.expression.end, "__d2l.import");
    }
    if (ts.isHeritageClause(node) && node.token === K.ImplementsKeyword) {
      buf.blank(node.getStart(sf), node.end);
      return;
    }
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      buf.blank(node.expression.end, node.end);
      visit(node.expression);
      return;
    }
    if (ts.isTypeAssertionExpression(node)) {
      buf.blank(node.getStart(sf), node.expression.pos);
      visit(node.expression);
      return;
    }
    if (ts.isNonNullExpression(node)) buf.blank(node.end - 1, node.end);
    const n = node as TS.Node & {
      typeParameters?: TS.NodeArray<TS.Node>;
      typeArguments?: TS.NodeArray<TS.Node>;
      type?: TS.TypeNode;
      questionToken?: TS.Node;
      exclamationToken?: TS.Node;
    };
    if (n.typeParameters && !ts.isTypeNode(node)) blankAngles(n.typeParameters);
    if (n.typeArguments) blankAngles(n.typeArguments);
    if ((ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && n.questionToken) blankToken(n.questionToken);
    if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && n.exclamationToken) blankToken(n.exclamationToken);
    if (n.type && (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isFunctionLike(node))) {
      const r = blankAnnotation(n.type);
      // `(a): T\n=> a` would leave a line break before `=>`, which JavaScript forbids.
      if (ts.isArrowFunction(node) && /[\r\n]/.test(text.slice(r.start, r.end))) {
        fallback = "an arrow function's return type spanning lines";
        return;
      }
    }
    ts.forEachChild(node, visit);
  };

  for (const s of sf.statements) visit(s);
  return fallback;
}
