/** What a cell declares at its top level: the names that must outlive the cell. */
import type { TS } from "./typescript.js";

export interface TopLevelNames {
  /** Names bound at run time (variables, functions, classes, enums, namespaces, imports). */
  values: string[];
  /** Names that exist only for the type checker (interfaces, type aliases, type-only imports). */
  types: string[];
}

export function bindingNames(ts: typeof TS, name: TS.BindingName, into: string[]): string[] {
  if (ts.isIdentifier(name)) into.push(name.text);
  else
    for (const el of name.elements) {
      if (!ts.isOmittedExpression(el)) bindingNames(ts, el.name, into);
    }
  return into;
}

export function hasModifier(ts: typeof TS, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** A namespace whose body holds only types produces no JavaScript. */
export function isInstantiated(ts: typeof TS, node: TS.ModuleDeclaration): boolean {
  if (hasModifier(ts, node, ts.SyntaxKind.DeclareKeyword)) return false;
  const body = node.body;
  if (!body) return false;
  if (ts.isModuleDeclaration(body)) return isInstantiated(ts, body);
  if (!ts.isModuleBlock(body)) return false;
  return body.statements.some((s) => {
    if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) return false;
    if (ts.isModuleDeclaration(s)) return isInstantiated(ts, s);
    if (hasModifier(ts, s, ts.SyntaxKind.DeclareKeyword)) return false;
    if (ts.isImportDeclaration(s)) return !s.importClause?.isTypeOnly;
    if (ts.isExportDeclaration(s)) return !s.isTypeOnly;
    return true;
  });
}

export function topLevelNames(ts: typeof TS, statements: readonly TS.Statement[]): TopLevelNames {
  const values: string[] = [];
  const types: string[] = [];
  for (const s of statements) {
    const declared = hasModifier(ts, s, ts.SyntaxKind.DeclareKeyword);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) bindingNames(ts, d.name, declared ? types : values);
    } else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) {
      if (s.name) (declared ? types : values).push(s.name.text);
    } else if (ts.isModuleDeclaration(s)) {
      if (ts.isIdentifier(s.name) && (s.flags & ts.NodeFlags.GlobalAugmentation) === 0) (isInstantiated(ts, s) ? values : types).push(s.name.text);
    } else if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      types.push(s.name.text);
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      const bucket = (typeOnly: boolean) => (c.isTypeOnly || typeOnly ? types : values);
      if (c.name) bucket(false).push(c.name.text);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) bucket(false).push(nb.name.text);
      else if (nb) for (const e of nb.elements) bucket(e.isTypeOnly).push(e.name.text);
    } else if (ts.isImportEqualsDeclaration(s)) {
      (s.isTypeOnly ? types : values).push(s.name.text);
    }
  }
  return { values: unique(values), types: unique(types) };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/**
 * A declaration file's export names, read from its syntax alone (no program needed); null when it
 * re-exports a whole module (`export *`) or assigns `export =`, which only the checker can expand.
 */
export function exportNames(ts: typeof TS, sf: TS.SourceFile): string[] | null {
  const names: string[] = [];
  for (const s of sf.statements) {
    if (ts.isExportAssignment(s)) {
      if (s.isExportEquals) return null;
    } else if (ts.isExportDeclaration(s)) {
      const clause = s.exportClause;
      if (!clause) return null;
      if (ts.isNamespaceExport(clause)) names.push(clause.name.text);
      else for (const e of clause.elements) names.push(e.name.text);
    } else if (hasModifier(ts, s, ts.SyntaxKind.ExportKeyword) && !hasModifier(ts, s, ts.SyntaxKind.DefaultKeyword)) {
      const one = topLevelNames(ts, [s]);
      names.push(...one.values, ...one.types);
    }
  }
  return unique(names.filter((n) => n !== "default"));
}
