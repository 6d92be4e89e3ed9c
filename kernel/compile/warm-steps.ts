/**
 * The language service's first program (the ES lib and the library's declarations, ~400 files,
 * later @types/node, ~100 more: seconds of work) prepared in small units, so a thread that also
 * answers transpile requests is never held for long: find the files the program will hold the way createProgram
 * does (root files, `types`, `lib`, then each file's references, type references, lib references
 * and imports, resolved with the service's own resolution), parse each with the options the
 * service would use, bind it, and hand it to the shared document registry (document-registry.ts).
 * The program built afterwards adopts those files and the checker skips binding them.
 */
import path from "node:path";
import { parseInChunks } from "./chunked-parse.js";
import { bucketKey, offerParsed, registeredFile } from "./document-registry.js";
import type { TS } from "./typescript.js";

export interface WarmHost {
  readonly ts: typeof TS;
  readonly options: TS.CompilerOptions;
  readonly currentDirectory: string;
  rootFiles(): readonly string[];
  snapshot(fileName: string): TS.IScriptSnapshot | undefined;
  version(fileName: string): string;
  resolveModule(name: string, containingFile: string): TS.ResolvedModuleWithFailedLookupLocations;
  resolveTypeReference(name: string, containingFile: string, mode: TS.ResolutionMode): TS.ResolvedTypeReferenceDirectiveWithFailedLookupLocations;
  readonly moduleHost: TS.ModuleResolutionHost;
  readonly resolutionCache: TS.ModuleResolutionCache;
}

export interface PreparseStats {
  files: number;
  parsed: number;
  chars: number;
}

/** Characters parsed per unit: a few ms once V8 has compiled the parser. */
const CHUNK = 16_000;
/** Module names resolved per unit. */
const RESOLUTIONS = 16;

/** TypeScript internals the warm-up needs; without them it parses nothing and the program does it all. */
interface Internals {
  bindSourceFile(sf: TS.SourceFile, options: TS.CompilerOptions): void;
  getSetExternalModuleIndicator(options: TS.CompilerOptions): (file: TS.SourceFile) => void;
  forEachDynamicImportOrRequireCall(file: TS.SourceFile, types: boolean, literalOnly: boolean, cb: (node: TS.Node, specifier: TS.StringLiteralLike) => void): void;
  toPath(fileName: string, cwd: string, canonical: (f: string) => string): string;
  libMap: ReadonlyMap<string, string>;
  /** NodeFlags.PossiblyContainsDynamicImport */
  dynamicImportFlag: number;
}

function internals(ts: typeof TS): Internals | undefined {
  const t = ts as unknown as Partial<Internals>;
  const dynamicImportFlag = (ts.NodeFlags as unknown as Record<string, number>).PossiblyContainsDynamicImport;
  const { bindSourceFile, getSetExternalModuleIndicator, forEachDynamicImportOrRequireCall, toPath, libMap } = t;
  if (!bindSourceFile || !getSetExternalModuleIndicator || !forEachDynamicImportOrRequireCall || !toPath || !libMap || !dynamicImportFlag) return undefined;
  return { bindSourceFile, getSetExternalModuleIndicator, forEachDynamicImportOrRequireCall, toPath, libMap, dynamicImportFlag };
}

const TS_EXTENSIONS = new Set([".ts", ".tsx", ".d.ts", ".mts", ".cts", ".d.mts", ".d.cts"]);

/**
 * One unit of work per `next()` (a file's parse slice, its bind, or its references' resolution);
 * returns once every file the program will read is parsed and bound.
 */
export function* preparseUnits(host: WarmHost): Generator<void, PreparseStats> {
  const stats: PreparseStats = { files: 0, parsed: 0, chars: 0 };
  const { ts, options } = host;
  const int = internals(ts);
  if (!int) return stats;
  const canonical = ts.sys.useCaseSensitiveFileNames ? (f: string) => f : (f: string) => f.toLowerCase();
  const toPath = (f: string) => int.toPath(f, host.currentDirectory, canonical);
  const libDir = path.dirname(ts.getDefaultLibFilePath(options));
  const setExternalModuleIndicator = int.getSetExternalModuleIndicator(options);
  const languageVersion = options.target ?? ts.ScriptTarget.ES5;

  const seen = new Set<string>();
  const queue: string[] = [];
  // Large files wait until the small ones have warmed V8's compiled parser and binder up.
  const large: string[] = [];
  const add = (f: string | undefined) => {
    if (!f) return;
    const p = toPath(f);
    if (seen.has(p)) return;
    seen.add(p);
    queue.push(f);
  };

  for (const f of host.rootFiles()) add(f);
  const inferred = path.join(host.currentDirectory, "__inferred type names__.ts");
  for (const name of options.types ?? []) add(host.resolveTypeReference(name, inferred, undefined).resolvedTypeReferenceDirective?.resolvedFileName);
  for (const lib of options.lib ?? []) add(path.join(libDir, lib));
  yield;

  while (queue.length > 0 || large.length > 0) {
    const fileName = queue.length > 0 ? queue.shift()! : large.shift()!;
    const snapshot = host.snapshot(fileName);
    if (!snapshot) continue;
    const length = snapshot.getLength();
    if (length > CHUNK && queue.length > 0) {
      large.push(fileName);
      continue;
    }
    stats.files++;
    const impliedNodeFormat = ts.getImpliedNodeFormatForFile(fileName as TS.Path, host.resolutionCache.getPackageJsonInfoCache(), host.moduleHost, options);
    const key = bucketKey(options, impliedNodeFormat);
    const p = toPath(fileName);
    let sf = registeredFile(key, p);
    if (!sf) {
      const parseOptions: TS.CreateSourceFileOptions = { languageVersion, impliedNodeFormat, setExternalModuleIndicator };
      sf = yield* parseInChunks(ts, fileName, snapshot, parseOptions, host.version(fileName), CHUNK);
      stats.parsed++;
      stats.chars += length;
      yield;
      int.bindSourceFile(sf, options);
      offerParsed(key, p, sf);
      yield;
    }
    for (const ref of sf.referencedFiles) add(tripleSlashTarget(ref.fileName, fileName, host.moduleHost));
    for (const ref of sf.libReferenceDirectives) {
      const lib = int.libMap.get(ref.fileName.toLowerCase());
      if (lib) add(path.join(libDir, lib));
    }
    for (const ref of sf.typeReferenceDirectives) {
      const mode = ts.getModeForFileReference(ref, sf.impliedNodeFormat);
      add(host.resolveTypeReference(ref.fileName.toLowerCase(), fileName, mode).resolvedTypeReferenceDirective?.resolvedFileName);
    }
    let resolved = 0;
    for (const name of moduleReferences(ts, int, sf)) {
      const r = host.resolveModule(name, fileName).resolvedModule;
      if (r && TS_EXTENSIONS.has(r.extension)) add(r.resolvedFileName);
      // an index file may import hundreds of modules, each resolution probing the file system
      if (++resolved % RESOLUTIONS === 0) yield;
    }
    yield;
  }
  return stats;
}

/** `/// <reference path>` as createProgram reads it: relative to the file, extension optional. */
function tripleSlashTarget(ref: string, containing: string, host: TS.ModuleResolutionHost): string | undefined {
  const f = path.resolve(path.dirname(containing), ref);
  if (path.extname(f)) return f;
  return [".ts", ".tsx", ".d.ts"].map((e) => f + e).find((c) => host.fileExists(c));
}

/** The module names createProgram resolves for a file (its collectExternalModuleReferences). */
function moduleReferences(ts: typeof TS, int: Internals, sf: TS.SourceFile): string[] {
  const names: string[] = [];
  const external = ts.isExternalModule(sf);
  const visit = (node: TS.Statement, inAmbient: boolean) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportEqualsDeclaration(node)) {
      const spec = ts.isImportEqualsDeclaration(node)
        ? ts.isExternalModuleReference(node.moduleReference)
          ? node.moduleReference.expression
          : undefined
        : node.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec) && spec.text && (!inAmbient || !ts.isExternalModuleNameRelative(spec.text))) names.push(spec.text);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      // a module augmentation is resolved; an ambient module's body may import other modules
      if (external || (inAmbient && !ts.isExternalModuleNameRelative(node.name.text))) names.push(node.name.text);
      else if (node.body && ts.isModuleBlock(node.body)) for (const s of node.body.statements) visit(s, true);
    }
  };
  for (const s of sf.statements) visit(s, false);
  if (sf.flags & int.dynamicImportFlag) {
    int.forEachDynamicImportOrRequireCall(sf, true, true, (_node, spec) => names.push(spec.text));
  }
  return names;
}

/** Runs `units` in slices: each `next()` runs units until about `budgetMs` have passed. */
export function* sliced(units: Iterator<unknown>, budgetMs: number): Generator<void> {
  for (;;) {
    const end = performance.now() + budgetMs;
    do {
      if (units.next().done) return;
    } while (performance.now() < end);
    yield;
  }
}
