/**
 * One declaration file for a package whose types are spread over hundreds of files
 * (@tensorflow/tfjs-core: ~300). The language service rebuilds its program for every cell it
 * checks, and that rebuild costs per file (options, document registry, type checker set-up), so
 * the type check of a new cell took ~15 ms with tfjs-core's files and ~5 ms without. Here each of
 * the package's files becomes an ambient `declare module "<package>/<path>" { ... }` block of one
 * file, with its relative specifiers made absolute; module augmentations (`declare module
 * '../tensor' { interface Tensor { ... } }`, how tfjs-core adds its chained ops) become top-level
 * blocks of the module they augment, which merge with it as the originals did.
 *
 * Built with the package (`npm run build` runs this file) into dist/types/; the language service
 * uses it when it is there and the package's own files otherwise.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TS } from "./typescript.js";

export interface TypeBundle {
  /** The bundle's text: a global declaration file. */
  text: string;
  /** Declaration files folded into it. */
  files: number;
}

type Edit = { start: number; end: number; text: string };

function applyEdits(text: string, edits: Edit[]): string {
  let out = "";
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Bundles the declaration files reachable from `entry` (a file of package `packageName` in
 * `packageDir`) and from `alsoEntries` (files no import reaches, e.g. augmentations).
 */
export function bundleTypes(ts: typeof TS, opts: { packageName: string; packageDir: string; entry: string; alsoEntries?: string[]; omitTypeReferences?: readonly string[] }): TypeBundle {
  const { packageName, packageDir } = opts;
  // Ids end in .js, as ES modules write them: the library's own declarations name tfjs-core files
  // that way (its augmentation of Tensor, the chained-op types).
  const idOf = (file: string) => `${packageName}/${path.relative(packageDir, file).split(path.sep).join("/").replace(/\.d\.ts$/, ".js")}`;
  const resolveRelative = (from: string, spec: string): string | null => {
    const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ""));
    for (const candidate of [`${base}.d.ts`, path.join(base, "index.d.ts")]) if (existsSync(candidate)) return candidate;
    return null;
  };
  const references = new Set<string>();
  const blocks: string[] = [];
  const byTarget = new Map<string, { imports: Map<string, Set<string>>; bodies: string[] }>();
  const queue: string[] = [path.resolve(opts.entry), ...(opts.alsoEntries ?? []).map((f) => path.resolve(f))];
  const seen = new Set(queue);

  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const file = next;
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const edits: Edit[] = [];
    const absolute = (lit: TS.StringLiteralLike): string | null => {
      if (!lit.text.startsWith(".")) return null;
      const target = resolveRelative(file, lit.text);
      if (!target) return null;
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
      return idOf(target);
    };
    const rewrite = (lit: TS.StringLiteralLike) => {
      const id = absolute(lit);
      if (id) edits.push({ start: lit.getStart(sf), end: lit.end, text: JSON.stringify(id) });
    };
    const visit = (node: TS.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) rewrite(node.moduleSpecifier);
      else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) rewrite(node.argument.literal);
      else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) rewrite(node.expression);
      ts.forEachChild(node, visit);
    };
    // Triple-slash directives only count at the top of a file: hoisted to the bundle's top.
    for (const r of sf.typeReferenceDirectives) if (!opts.omitTypeReferences?.includes(r.fileName)) references.add(`/// <reference types="${r.fileName}" />`);
    for (const r of sf.libReferenceDirectives) references.add(`/// <reference lib="${r.fileName}" />`);
    const imports = sf.statements.filter(ts.isImportDeclaration);
    const augmentations: Augmentation[] = [];
    for (const s of sf.statements) {
      if (ts.isModuleDeclaration(s) && ts.isStringLiteral(s.name) && s.body && ts.isModuleBlock(s.body)) {
        const target = absolute(s.name) ?? s.name.text;
        augmentations.push(augmentation(ts, sf, target, s.body, imports, absolute));
        edits.push({ start: s.getFullStart(), end: s.end, text: "" });
        continue;
      }
      // Already ambient inside the block; `declare global` keeps its keyword (it needs it).
      const global = ts.isModuleDeclaration(s) && (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0;
      const declare = ts.canHaveModifiers(s) ? ts.getModifiers(s)?.find((m) => m.kind === ts.SyntaxKind.DeclareKeyword) : undefined;
      if (declare && !global) edits.push({ start: declare.getStart(sf), end: declare.end, text: "" });
      visit(s);
    }
    const body = applyEdits(text, edits).replace(/^\/\/\/\s*<(reference|amd-module)[^>]*>\s*$/gm, "");
    blocks.push(`declare module ${JSON.stringify(idOf(file))} {\n${body}\n}`);
    for (const a of augmentations) {
      const merged = byTarget.get(a.target) ?? { imports: new Map<string, Set<string>>(), bodies: [] };
      for (const [from, specs] of a.imports) {
        const set = merged.imports.get(from) ?? new Set<string>();
        for (const spec of specs) set.add(spec);
        merged.imports.set(from, set);
      }
      merged.bodies.push(a.body);
      byTarget.set(a.target, merged);
    }
  }
  // One block per augmented module, not one per augmenting file: the checker merges every block
  // into its module again for each program it builds (one per checked cell), and tfjs-core's
  // ~130 chained-op files all augment Tensor.
  for (const [target, m] of byTarget) {
    const imports: string[] = [];
    for (const [from, clauses] of m.imports) {
      const named = [...clauses].filter((c) => c.startsWith("{")).map((c) => c.slice(2, -2));
      if (named.length) imports.push(`import { ${named.join(", ")} } from ${from};`);
      for (const c of clauses) if (!c.startsWith("{")) imports.push(`import ${c} from ${from};`);
    }
    blocks.push(`declare module ${JSON.stringify(target)} {\n${imports.join("\n")}\n${m.bodies.join("\n")}\n}`);
  }
  const entryId = idOf(path.resolve(opts.entry));
  blocks.push(`declare module ${JSON.stringify(packageName)} {\n  export * from ${JSON.stringify(entryId)};\n}`);
  return { text: `${[...references].join("\n")}\n${blocks.join("\n")}\n`, files: seen.size };
}

/** ASCII for the few characters above Latin-1 that the bundled declarations' comments use. */
const ASCII_FOR: Record<string, string> = { "\u2212": "-", "\u2013": "-", "\u2014": "--", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2264": "<=", "\u2265": ">=", "\u2026": "...", "\u20ac": "EUR", "\u200d": "" };

/**
 * A bundle's text made cheaper to hold, with the same declarations and documentation. V8 keeps a
 * string with any character above U+00FF at two bytes per character, and one `≤` in a comment
 * doubled tfjs-core's 0.8 MB: such characters in comments become ASCII (`≤` -> `<=`, `−` -> `-`;
 * others `\u{...}`). The license notice heading every file (343 copies in tfjs-core, 61 in the
 * ES lib; each also parsed as JSDoc of the file's first declaration) is kept once per distinct
 * text, at the end as a plain comment. Code, string and template text are left as they are.
 */
export function compactBundleText(ts: typeof TS, text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  const notices = new Map<string, string>();
  const edits: Edit[] = [];
  const braces: ("brace" | "template")[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) braces.push("template");
    else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push("brace");
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (braces.pop() === "template" && scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateMiddle) braces.push("template");
    } else if (kind === ts.SyntaxKind.MultiLineCommentTrivia || kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      const start = scanner.getTokenStart();
      const comment = scanner.getTokenText();
      if (kind === ts.SyntaxKind.MultiLineCommentTrivia && /@license|^\/\*!\s*\*+\s*Copyright/.test(comment)) {
        const key = comment.replace(/\s+/g, " ");
        if (!notices.has(key)) notices.set(key, comment.replace(/^\/\*[*!]/, "/*"));
        edits.push({ start, end: scanner.getTokenEnd(), text: "" });
      } else if (/[^\u0000-\u00ff]/.test(comment)) {
        edits.push({ start, end: scanner.getTokenEnd(), text: comment.replace(/[^\u0000-\u00ff]/gu, (c) => ASCII_FOR[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`) });
      }
    }
  }
  const notes = [...notices.values()];
  return applyEdits(text, edits) + (notes.length ? `\n// The license notices of the files above, once each:\n${notes.join("\n")}\n` : "");
}

/** An augmentation's body and the imports it uses: per module specifier, import clauses. */
interface Augmentation {
  target: string;
  /** from (quoted) -> clauses: "{ Rank }", "* as ns", "name" (default) */
  imports: Map<string, Set<string>>;
  body: string;
}

/**
 * A `declare module '../x' { ... }` augmentation, for a top-level block of module x. It keeps the
 * imports its body uses, except names the body itself declares (those merge with x's own).
 */
function augmentation(
  ts: typeof TS,
  sf: TS.SourceFile,
  target: string,
  body: TS.ModuleBlock,
  imports: TS.ImportDeclaration[],
  absolute: (lit: TS.StringLiteralLike) => string | null,
): Augmentation {
  const declared = new Set<string>();
  for (const s of body.statements) {
    const name = (s as { name?: TS.Node }).name;
    if (name && ts.isIdentifier(name)) declared.add(name.text);
  }
  const bodyText = body.statements.map((s) => s.getFullText(sf)).join("");
  const used = (n: string) => new RegExp(`\\b${n.replace(/\$/g, "\\$")}\\b`).test(bodyText);
  const kept = new Map<string, Set<string>>();
  const keep = (from: string, clause: string) => kept.set(from, (kept.get(from) ?? new Set<string>()).add(clause));
  for (const imp of imports) {
    const clause = imp.importClause;
    if (!clause || !ts.isStringLiteral(imp.moduleSpecifier)) continue;
    const from = JSON.stringify(absolute(imp.moduleSpecifier) ?? imp.moduleSpecifier.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const e of bindings.elements) if (!declared.has(e.name.text) && used(e.name.text)) keep(from, `{ ${e.getText(sf)} }`);
    } else if (bindings && ts.isNamespaceImport(bindings) && !declared.has(bindings.name.text) && used(bindings.name.text)) {
      keep(from, `* as ${bindings.name.text}`);
    }
    if (clause.name && !declared.has(clause.name.text) && used(clause.name.text)) keep(from, clause.name.text);
  }
  return { target, imports: kept, body: bodyText };
}

/**
 * TypeScript's lib files for `lib` (e.g. "es2023": ~60 files) as one file, referenced libs first.
 * A program over it is built with `noLib`; it keeps `no-default-lib`, so TypeScript still treats
 * it as the default library.
 */
export function bundleLib(ts: typeof TS, libs: string[]): TypeBundle {
  const dir = path.dirname(ts.getDefaultLibFilePath({}));
  const seen = new Set<string>();
  const parts: string[] = [];
  const add = (name: string): void => {
    const lib = name.toLowerCase();
    if (seen.has(lib)) return;
    seen.add(lib);
    const text = readFileSync(path.join(dir, `lib.${lib}.d.ts`), "utf8");
    for (const m of text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"\s*\/>/gm)) add(m[1]!);
    parts.push(`// lib.${lib}.d.ts\n${text.replace(/^\/\/\/\s*<reference\s+(lib|no-default-lib)=[^>]*>\s*$/gm, "")}`);
  };
  for (const l of libs) add(l);
  return { text: `/// <reference no-default-lib="true"/>\n${parts.join("\n")}`, files: seen.size };
}

/** The `lib` the language service uses, bundled as lib.<name>.d.ts in dist/types/. */
export const BUNDLED_LIB = "es2023";

export function libBundleFile(distTypesDir: string): string {
  return path.join(distTypesDir, `lib.${BUNDLED_LIB}.bundle.d.ts`);
}

/** Packages bundled at build time, and where the bundles go (dist/types/). */
export const BUNDLED_PACKAGES = ["@tensorflow/tfjs-core"] as const;

/**
 * Declaration files of a bundled package that its entry does not reach but the library's users
 * see: tfjs-core's chained tensor methods (`t.sum()`, ...) are augmentations of Tensor in files
 * only the library's bundle imports (vendor/tfjs/entry.js).
 */
export const ALSO_BUNDLED: Record<(typeof BUNDLED_PACKAGES)[number], string[]> = {
  "@tensorflow/tfjs-core": ["dist/public/chained_ops/register_all_chained_ops.d.ts"],
};

/**
 * Type packages a bundled package references that the checker's program goes without. tfjs-core
 * pulls in all of WebGPU's declarations (105 KB, ~300 global GPU* names in every completion list)
 * for two names in its GPU data types; no GPU backend ships with the library, and under
 * `skipLibCheck` those two names read as `any`. ~1 MiB less of the io worker's heap.
 */
export const OMITTED_TYPE_REFERENCES: Record<(typeof BUNDLED_PACKAGES)[number], string[]> = {
  "@tensorflow/tfjs-core": ["@webgpu/types/dist"],
};

export function bundleFile(distTypesDir: string, packageName: string): string {
  return path.join(distTypesDir, `${packageName.replace(/^@/, "").replace(/\//g, "__")}.d.ts`);
}

/** dist/types/, seen from this file (dist/kernel/compile/). */
export const DIST_TYPES_DIR = fileURLToPath(new URL("../../types/", import.meta.url));

/** Writes the bundles; run by `npm run build`. */
export async function writeBundles(): Promise<void> {
  const { typescript } = await import("./typescript.js");
  const ts = typescript();
  const require = createRequire(import.meta.url);
  mkdirSync(DIST_TYPES_DIR, { recursive: true });
  const lib = bundleLib(ts, [BUNDLED_LIB]);
  writeFileSync(libBundleFile(DIST_TYPES_DIR), compactBundleText(ts, lib.text));
  process.stdout.write(`bundled ${lib.files} lib files (${BUNDLED_LIB}) into ${path.relative(process.cwd(), libBundleFile(DIST_TYPES_DIR))}\n`);
  for (const name of BUNDLED_PACKAGES) {
    const pkgJson = require.resolve(`${name}/package.json`);
    const dir = path.dirname(pkgJson);
    const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { types?: string; typings?: string };
    const entry = path.join(dir, pkg.types ?? pkg.typings ?? "index.d.ts");
    const b = bundleTypes(ts, { packageName: name, packageDir: dir, entry, alsoEntries: ALSO_BUNDLED[name].map((f) => path.join(dir, f)), omitTypeReferences: OMITTED_TYPE_REFERENCES[name] });
    writeFileSync(bundleFile(DIST_TYPES_DIR, name), compactBundleText(ts, b.text));
    process.stdout.write(`bundled ${b.files} declaration files of ${name} into ${path.relative(process.cwd(), bundleFile(DIST_TYPES_DIR, name))}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeBundles().catch((e: Error) => {
    process.stderr.write(`type bundle failed: ${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
