/**
 * The REPL rewrite: a cell becomes a classic script whose completion value is
 * `Promise<{ value, show }>`. Top-level bindings become `var`s declared at script level (so they
 * are globals that later cells see and a re-run may redeclare), their declarations become
 * assignments inside an async arrow (so `await` works anywhere), function declarations move to
 * script level (hoisted, callable before their line), imports become `await __d2l.import(...)`.
 */
import { EditBuffer, Output, PieceMap } from "./edits.js";
import { bindingNames, hasModifier, isInstantiated } from "./declarations.js";
import type { TS } from "./typescript.js";

/**
 * "auto": the IPython rule (last statement an expression without a trailing `;`);
 * "force"/"never": decided by the caller (user expressions; TypeScript's emit, which adds `;`).
 */
export type ShowRule = "auto" | "force" | "never";

export interface RewriteResult {
  js: string;
  map: PieceMap;
  hoisted: string[];
}

export function rewriteCell(ts: typeof TS, sf: TS.SourceFile, buf: EditBuffer, opts: { show?: ShowRule } = {}): RewriteResult {
  const K = ts.SyntaxKind;
  const text = sf.text;
  const vars = new Set<string>();
  const functions: TS.FunctionDeclaration[] = [];
  const hoisted = new Set<string>();
  const lines = (start: number, end: number) => "\n".repeat((text.slice(start, end).match(/\n/g) ?? []).length);
  // the leading `;` keeps a previous line without semicolon from being called with `(...)`
  const replaceStatement = (s: TS.Statement, code: string) => buf.replace(s.getStart(sf), s.end, ";" + code + lines(s.getStart(sf), s.end));
  const blankExport = (s: TS.Node) => {
    for (const m of (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined) ?? []) {
      if (m.kind === K.ExportKeyword || m.kind === K.DefaultKeyword) buf.blank(m.getStart(sf), m.end);
    }
  };
  const importCall = (spec: TS.Expression) => `await __d2l.import(${JSON.stringify((spec as TS.StringLiteral).text)})`;

  const statements = sf.statements;
  const last = statements[statements.length - 1];
  for (const s of statements) {
    if (hasModifier(ts, s, K.DeclareKeyword)) continue;
    if (ts.isVariableStatement(s)) {
      blankExport(s);
      const list = s.declarationList;
      const isLexical = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
      const kwStart = list.getStart(sf);
      const kw = /^(const|let|var)/.exec(text.slice(kwStart, kwStart + 5))?.[0] ?? "var";
      // `;` keeps a previous line without semicolon from swallowing a leading `(`.
      buf.blank(kwStart, kwStart + kw.length, ";");
      for (const d of list.declarations) {
        for (const n of bindingNames(ts, d.name, [])) vars.add(n);
        if (!ts.isIdentifier(d.name)) {
          buf.insert(d.name.getStart(sf), "(");
          buf.insert(d.end, ")");
        } else if (!d.initializer && isLexical) {
          buf.insert(d.name.end, " = undefined");
        }
      }
    } else if (ts.isFunctionDeclaration(s) && s.body) {
      blankExport(s);
      if (s.name) {
        functions.push(s);
        hoisted.add(s.name.text);
      } else buf.insert(s.getStart(sf), "void ");
    } else if (ts.isClassDeclaration(s)) {
      blankExport(s);
      if (s.name) {
        vars.add(s.name.text);
        buf.insert(s.getStart(sf), `${s.name.text} = `);
      } else buf.insert(s.getStart(sf), "void ");
      buf.insert(s.end, ";");
    } else if (ts.isImportDeclaration(s)) {
      const c = s.importClause;
      if (!c) {
        replaceStatement(s, `${importCall(s.moduleSpecifier)};`);
        continue;
      }
      if (c.isTypeOnly) {
        buf.blank(s.getStart(sf), s.end, ";");
        continue;
      }
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) {
        vars.add(nb.name.text);
        let code = `${nb.name.text} = ${importCall(s.moduleSpecifier)};`;
        if (c.name) {
          vars.add(c.name.text);
          code += ` ${c.name.text} = ${nb.name.text}.default;`;
        }
        replaceStatement(s, code);
        continue;
      }
      const props: string[] = [];
      if (c.name) props.push(`default: ${c.name.text}`);
      const elements = nb ? nb.elements.filter((e) => !e.isTypeOnly) : [];
      for (const e of elements) {
        const key = e.propertyName ? (ts.isStringLiteral(e.propertyName) ? JSON.stringify(e.propertyName.text) : e.propertyName.text) : e.name.text;
        props.push(`${key}: ${e.name.text}`);
      }
      for (const e of elements) vars.add(e.name.text);
      if (c.name) vars.add(c.name.text);
      if (props.length > 0) replaceStatement(s, `({ ${props.join(", ")} } = ${importCall(s.moduleSpecifier)});`);
      else if (nb && nb.elements.length > 0) buf.blank(s.getStart(sf), s.end, ";"); // only type specifiers
      else replaceStatement(s, `${importCall(s.moduleSpecifier)};`);
    } else if (ts.isImportEqualsDeclaration(s)) {
      if (s.isTypeOnly) {
        buf.blank(s.getStart(sf), s.end, ";");
        continue;
      }
      vars.add(s.name.text);
      const ref = s.moduleReference;
      if (ts.isExternalModuleReference(ref))
        replaceStatement(s, `${s.name.text} = ((m) => m && "default" in m ? m.default : m)(${importCall(ref.expression)});`);
      else replaceStatement(s, `${s.name.text} = ${ref.getText(sf)};`);
    } else if (ts.isExportDeclaration(s)) {
      buf.blank(s.getStart(sf), s.end, ";");
    } else if (ts.isExportAssignment(s)) {
      buf.blank(s.getStart(sf), s.expression.getStart(sf), ";void");
    } else if (ts.isEnumDeclaration(s) || (ts.isModuleDeclaration(s) && isInstantiated(ts, s))) {
      // only reached on the transpileModule path's input, which never contains them
      if (ts.isIdentifier(s.name)) vars.add(s.name.text);
    } else if (ts.isExpressionStatement(s) && s === last) {
      const rule = opts.show ?? "auto";
      if (rule === "force" || (rule === "auto" && !endsWithSemicolon(sf, s))) {
        buf.insert(s.expression.getStart(sf), "return { show: true, value: await (");
        buf.insert(s.expression.end, ") };");
      }
    }
  }

  for (const n of vars) hoisted.add(n);
  const out = new Output(buf);
  const varList = [...vars].filter((n) => !functions.some((f) => f.name?.text === n));
  // Sloppy mode, as in Node's REPL: `x = 5` without a declaration makes a global, not an error.
  out.text(varList.length ? `var ${varList.join(", ")};` : "", 0, true);
  for (const f of functions) {
    out.range(f.getStart(sf), f.end);
    out.text("\n", f.end, true);
  }
  out.text("(async () => {", 0, true);
  let pos = 0;
  for (const f of functions) {
    out.range(pos, f.getStart(sf));
    out.text(";", f.getStart(sf), true); // what was before the function must not run into what follows it
    pos = f.end;
  }
  out.range(pos, text.length);
  out.text("\nreturn { show: false, value: undefined };\n})()", text.length, true);
  const { text: js, map } = out.finish();
  return { js, map, hoisted: [...hoisted] };
}

export function endsWithSemicolon(sf: TS.SourceFile, s: TS.Statement): boolean {
  return sf.text.slice(s.getStart(sf), s.end).trimEnd().endsWith(";");
}

/** The show rule for a cell, decided on its own source. */
export function showRule(ts: typeof TS, sf: TS.SourceFile, force: boolean): ShowRule {
  const last = sf.statements[sf.statements.length - 1];
  if (!last || !ts.isExpressionStatement(last)) return "never";
  return force || !endsWithSemicolon(sf, last) ? "force" : "never";
}
