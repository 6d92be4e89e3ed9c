/**
 * A TypeScript language service over a virtual file system that mirrors the notebook:
 *
 *   __d2l_node_lite.d.ts the Node globals most cells use (node-lite.ts), until a cell needs @types/node
 *   __d2l_kernel.d.ts    kernel globals (display, input, ...), a global script
 *   __d2l_library.d.ts   every named export of "d2l-ts" aliased as a global
 *   __d2l_cell_<n>.ts    each executed cell, a module that exports what it declares
 *   __d2l_scope.d.ts     for each name, a global alias to the LATEST cell declaring it
 *   __d2l_current.ts     the cell being checked/completed, a module (its own names shadow globals)
 *
 * Cells are modules (moduleDetection: force), so a later cell redeclaring `const x` is no
 * conflict, and a name seen from another cell resolves to its latest declaration.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { exportNames, topLevelNames } from "./declarations.js";
import { dropUnclaimed, sharedRegistry } from "./document-registry.js";
import { KERNEL_GLOBAL_NAMES, aliasGlobals, kernelGlobals } from "./globals.js";
import { parseCell } from "./transpile.js";
import { typescript, type TS } from "./typescript.js";
import { NODE_LITE_DTS } from "./node-lite.js";
import { NODE_GLOBAL_VALUES, diagnosticsNeedNode, mentionsNode } from "./node-types.js";
import { preparseUnits, type PreparseStats, type WarmHost } from "./warm-steps.js";

interface VirtualFile {
  text: string;
  version: number;
  snapshot?: TS.IScriptSnapshot;
}

export interface LanguageServiceOptions {
  cwd: string;
  /** The library's declarations ("d2l-ts"); missing file = no library types. */
  libraryDts: string | null;
  /**
   * Packages whose many declaration files come as one bundle (type-bundle.ts): imports of the
   * package resolve to the bundle's ambient modules instead of its files.
   */
  typeBundles?: { packageName: string; file: string }[];
  /** The ES lib as one file (type-bundle.ts); missing: TypeScript's own lib files. */
  libBundle?: string | null;
}

export class CellLanguageService {
  readonly currentFile: string;
  private readonly ts = typescript();
  private readonly files = new Map<string, VirtualFile>();
  private cellFiles: string[] = [];
  /** name -> file of the latest cell declaring it */
  private readonly latest = new Map<string, string>();
  /** cell files with `declare global` / `declare module`, kept whatever later cells declare */
  private readonly augmenting = new Set<string>();
  private committed = 0;
  private readonly kernelFile: string;
  private readonly libraryFile: string;
  private readonly scopeFile: string;
  private readonly tslabFile: string | null;
  private readonly nodeLiteFile: string;
  /** @types/node replaced node-lite.ts: for good, once a cell needed it */
  private nodeTypes = false;
  /** a committed cell needs @types/node: switch before the next request */
  private nodeTypesWanted = false;
  private libraryExports: string[] | null = null;
  private options: TS.CompilerOptions;
  private readonly service: TS.LanguageService;
  private readonly resolutionCache: TS.ModuleResolutionCache;
  private readonly realSnapshots = new Map<string, TS.IScriptSnapshot | undefined>();
  private readonly libraryDts: string | null;
  private readonly typeBundles: { packageName: string; file: string }[];
  private readonly libBundle: string | null;

  constructor(private readonly opts: LanguageServiceOptions) {
    const ts = this.ts;
    const dir = path.resolve(opts.cwd);
    this.kernelFile = path.join(dir, "__d2l_kernel.d.ts");
    this.libraryFile = path.join(dir, "__d2l_library.d.ts");
    this.scopeFile = path.join(dir, "__d2l_scope.d.ts");
    this.currentFile = path.join(dir, "__d2l_current.ts");
    this.tslabFile = tslabShimTypes();
    this.nodeLiteFile = path.join(dir, "__d2l_node_lite.d.ts");
    this.libraryDts = opts.libraryDts && existsSync(opts.libraryDts) ? path.resolve(opts.libraryDts) : null;
    this.libBundle = opts.libBundle && existsSync(opts.libBundle) ? path.resolve(opts.libBundle) : null;
    this.typeBundles = (opts.typeBundles ?? []).filter((b) => existsSync(b.file)).map((b) => ({ packageName: b.packageName, file: path.resolve(b.file) }));
    this.options = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      moduleDetection: ts.ModuleDetectionKind.Force,
      // One file instead of ~60: each program rebuild (one per checked cell) costs per file.
      ...(this.libBundle ? { noLib: true } : { lib: ["lib.es2023.d.ts"] }),
      // no lookup of @typescript/lib-* packages in node_modules for each lib file
      libReplacement: false,
      // @types/node is ~60 files and ~50 MiB parsed: loaded when a cell needs it (useNodeTypes)
      types: [],
      typeRoots: nodeTypeRoots(),
      strict: true,
      skipLibCheck: true,
      // spares the program build a path comparison per import of an already-seen file
      forceConsistentCasingInFileNames: false,
      esModuleInterop: true,
      allowSyntheticDefaultImports: true,
      resolveJsonModule: true,
      allowImportingTsExtensions: true,
      noEmit: true,
    };
    this.setFile(this.kernelFile, kernelGlobals(new Set()));
    this.setFile(this.libraryFile, "export {};\n");
    this.setFile(this.scopeFile, "export {};\n");
    this.setFile(this.currentFile, "");
    this.setFile(this.nodeLiteFile, NODE_LITE_DTS);
    this.resolutionCache = ts.createModuleResolutionCache(dir, (f) => f, this.options);
    this.typeReferenceCache = ts.createTypeReferenceDirectiveResolutionCache(dir, (f) => f, this.options, this.resolutionCache.getPackageJsonInfoCache());
    const self = this;
    // getModuleResolutionCache is read by the service's compiler host though not declared on LanguageServiceHost
    const host: TS.LanguageServiceHost & { getModuleResolutionCache(): TS.ModuleResolutionCache } = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => this.rootFiles(),
      getScriptVersion: (f) => {
        this.pollPoint();
        return this.version(f);
      },
      // the checker asks between statements it checks; never cancelled, only a chance to poll
      getCancellationToken: () => ({ isCancellationRequested: () => (this.pollPoint(), false) }),
      getScriptSnapshot: (f) => this.snapshot(f),
      getCurrentDirectory: () => dir,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.files.has(f) || this.realFileExists(f),
      readFile: (f, enc) => this.files.get(f)?.text ?? ts.sys.readFile(f, enc),
      directoryExists: (d) => this.realDirectoryExists(d),
      getDirectories: (d) => ts.sys.getDirectories(d),
      realpath: (p) => ts.sys.realpath?.(p) ?? p,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      // without the cache, every program rebuild re-reads and re-parses package.json files (~40 ms)
      getModuleResolutionCache: () => this.resolutionCache,
      resolveModuleNameLiterals(literals, containingFile, redirected, options) {
        return literals.map((lit) => self.resolve(lit.text, containingFile, options, redirected));
      },
      resolveTypeReferenceDirectiveReferences(refs, containingFile, redirected, options, containingSourceFile) {
        return refs.map((ref) => {
          const name = typeof ref === "string" ? ref : ref.fileName.toLowerCase();
          return self.resolveTypeReference(name, containingFile, ts.getModeForFileReference(ref, containingSourceFile?.impliedNodeFormat), options, redirected);
        });
      },
    };
    this.service = ts.createLanguageService(host, sharedRegistry());
  }

  private rootFiles(nodeTypes = this.nodeTypes): string[] {
    return [...(this.libBundle ? [this.libBundle] : []), ...(nodeTypes ? [] : [this.nodeLiteFile]), this.kernelFile, this.libraryFile, ...(this.libraryDts ? [this.libraryDts] : []), ...this.typeBundles.map((b) => b.file), ...this.cellFiles, this.scopeFile, this.currentFile];
  }

  private version(f: string): string {
    return String(this.files.get(f)?.version ?? 0);
  }

  private poll: { fn: () => void; everyMs: number; next: number; running: boolean } | undefined;

  /**
   * Calls `fn` about every `everyMs` from inside long language-service work (a program build walks
   * hundreds of files, a check walks the cell), so the thread can answer other requests meanwhile.
   * `fn` may transpile, never use this service (it throws).
   */
  setPoll(fn: (() => void) | undefined, everyMs = 10): void {
    this.poll = fn && { fn, everyMs, next: 0, running: false };
  }

  private pollPoint(): void {
    const p = this.poll;
    if (!p || p.running || performance.now() < p.next) return;
    p.running = true;
    try {
      p.fn();
    } finally {
      p.running = false;
      p.next = performance.now() + p.everyMs;
    }
  }

  private assertNotPolling(): void {
    if (this.poll?.running) throw new Error("the language service was called from its own poll callback");
  }

  get languageService(): TS.LanguageService {
    this.assertNotPolling();
    this.ensureLibraryGlobals();
    return this.service;
  }

  private resolve(name: string, containingFile: string, options: TS.CompilerOptions, redirected?: TS.ResolvedProjectReference): TS.ResolvedModuleWithFailedLookupLocations {
    const ts = this.ts;
    if (name === "d2l-ts" && this.libraryDts)
      return { resolvedModule: { resolvedFileName: this.libraryDts, extension: ts.Extension.Dts, isExternalLibraryImport: true } };
    // Unresolved on purpose: the checker then finds the bundle's `declare module` of that name.
    if (this.typeBundles.some((b) => name === b.packageName || name.startsWith(`${b.packageName}/`))) return { resolvedModule: undefined };
    const r = ts.resolveModuleName(name, containingFile, options, this.moduleHost, this.resolutionCache, redirected);
    if (!r.resolvedModule && name === "tslab" && this.tslabFile)
      return { resolvedModule: { resolvedFileName: this.tslabFile, extension: this.tslabFile.endsWith(".d.ts") ? ts.Extension.Dts : ts.Extension.Ts, isExternalLibraryImport: false } };
    return r;
  }

  private readonly typeReferenceCache: TS.TypeReferenceDirectiveResolutionCache;

  /**
   * The library's declarations reference @types/node (`/// <reference types="node" />` for
   * `[inspect.custom]`): that waits, like `types: ["node"]`, until a cell needs Node. Changing
   * `types` makes the next program resolve every reference again.
   */
  private resolveTypeReference(name: string, containingFile: string, mode: TS.ResolutionMode, options: TS.CompilerOptions, redirected?: TS.ResolvedProjectReference): TS.ResolvedTypeReferenceDirectiveWithFailedLookupLocations {
    if (name === "node" && !options.types?.includes("node")) return { resolvedTypeReferenceDirective: undefined };
    return this.ts.resolveTypeReferenceDirective(name, containingFile, options, this.moduleHost, redirected, this.typeReferenceCache, mode);
  }

  /**
   * The file system is probed hundreds of times per program rebuild; answers are cached until the
   * next commit (a cell may have run `npm install`).
   */
  private readonly probes = new Map<string, boolean>();
  private realFileExists(f: string): boolean {
    let r = this.probes.get(f);
    if (r === undefined) this.probes.set(f, (r = this.ts.sys.fileExists(f)));
    return r;
  }
  private realDirectoryExists(d: string): boolean {
    const key = d + "/\0";
    let r = this.probes.get(key);
    if (r === undefined) this.probes.set(key, (r = this.ts.sys.directoryExists(d)));
    return r;
  }

  private readonly moduleHost: TS.ModuleResolutionHost = {
    fileExists: (f) => this.files.has(f) || this.realFileExists(f),
    readFile: (f) => this.files.get(f)?.text ?? this.ts.sys.readFile(f),
    directoryExists: (d) => this.realDirectoryExists(d),
    realpath: (p) => this.ts.sys.realpath?.(p) ?? p,
    getDirectories: (d) => this.ts.sys.getDirectories(d),
  };

  private snapshot(f: string): TS.IScriptSnapshot | undefined {
    const v = this.files.get(f);
    if (v) return (v.snapshot ??= this.ts.ScriptSnapshot.fromString(v.text));
    if (!this.realSnapshots.has(f)) {
      const text = this.ts.sys.readFile(f);
      this.realSnapshots.set(f, text === undefined ? undefined : this.ts.ScriptSnapshot.fromString(text));
    }
    return this.realSnapshots.get(f);
  }

  private setFile(f: string, text: string): void {
    const old = this.files.get(f);
    if (old && old.text === text) return;
    // versions are unique in the process: services share a document registry and may use the same paths
    this.files.set(f, { text, version: ++versions });
    if (f !== this.currentFile) this.checked.clear();
  }

  /** Check results for the current context, by cell source; emptied when anything else changes. */
  private readonly checked = new Map<string, TS.Diagnostic[]>();

  /**
   * Sets the text of the current cell; returns its file name for language-service calls. A cell
   * naming Node's globals or modules first switches the service to @types/node.
   */
  setCurrent(text: string): string {
    this.assertNotPolling();
    if (!this.nodeTypes && (this.nodeTypesWanted || this.mentionsNode(text))) this.useNodeTypes();
    this.setFile(this.currentFile, text);
    return this.currentFile;
  }

  private scanned: { text: string; node: boolean } | undefined;
  private mentionsNode(text: string): boolean {
    if (this.scanned?.text !== text) this.scanned = { text, node: mentionsNode(this.ts, text) };
    return this.scanned.node;
  }

  /** Whether `code` (or a committed cell) needs @types/node, which is not loaded yet. */
  needsNodeTypes(code: string): boolean {
    return !this.nodeTypes && (this.nodeTypesWanted || this.mentionsNode(code));
  }

  /** The one-way switch from node-lite.ts to @types/node; the next program parses what is missing. */
  useNodeTypes(): void {
    if (this.nodeTypes) return;
    this.nodeTypes = true;
    this.options = this.nodeTypesOptions();
    this.files.delete(this.nodeLiteFile);
    this.checked.clear();
  }

  private nodeTypesOptions(): TS.CompilerOptions {
    return { ...this.options, types: ["node"] };
  }

  /** `useNodeTypes` with @types/node parsed ahead in units of a few ms, then the program rebuilt. */
  *nodeTypesUnits(): Generator<void> {
    if (this.nodeTypes) return;
    yield* preparseUnits(this.warmHost(this.nodeTypesOptions(), true));
    this.useNodeTypes();
    this.service.getProgram();
    dropUnclaimed();
  }

  /** Names @types/node would add to a global completion list while it is not loaded. */
  missingGlobals(): readonly string[] {
    return this.nodeTypes ? [] : NODE_GLOBAL_VALUES;
  }

  /** The cell ran: its declarations become visible to later cells (the latest of each name wins). */
  /**
   * What committing a cell needs from its syntax, by source: re-run cells (and the many that
   * declare nothing, like `net` or `x.shape`) are not parsed again after every run.
   */
  private readonly cellFacts = new Map<string, { all: string[]; exported: Set<string>; augments: boolean; node: boolean }>();

  private factsOf(source: string, cellNo: number): { all: string[]; exported: Set<string>; augments: boolean; node: boolean } {
    const hit = this.cellFacts.get(source);
    if (hit) return hit;
    const ts = this.ts;
    const sf = parseCell(source, `cell-${cellNo}.ts`);
    const exported = new Set<string>();
    for (const s of sf.statements) {
      const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
      if (mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const one = topLevelNames(ts, [s]);
        for (const n of [...one.values, ...one.types]) exported.add(n);
      }
    }
    const names = topLevelNames(ts, sf.statements);
    const facts = {
      all: [...new Set([...names.values, ...names.types])],
      exported,
      // `declare global {}` / `declare module "m" {}` change the context without naming anything
      augments: sf.statements.some((s) => ts.isModuleDeclaration(s) && (!ts.isIdentifier(s.name) || (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0)),
      node: mentionsNode(ts, source),
    };
    this.cellFacts.set(source, facts);
    if (this.cellFacts.size > 64) this.cellFacts.delete(this.cellFacts.keys().next().value!);
    return facts;
  }

  commit(source: string, cellNo: number): void {
    this.assertNotPolling();
    const { all, exported, augments, node } = this.factsOf(source, cellNo);
    if (!this.nodeTypes && node) this.nodeTypesWanted = true;
    if (all.length === 0 && !augments) return;
    const file = path.join(path.dirname(this.currentFile), `__d2l_cell_${cellNo}_${this.committed++}.ts`);
    const exportList = all.filter((n) => !exported.has(n));
    // on a line of its own: a cell ending in a `//` comment would swallow it
    this.setFile(file, `${source}\n;export { ${exportList.join(", ")} };\n`);
    this.cellFiles.push(file);
    if (augments) this.augmenting.add(file);
    this.probes.clear();
    for (const n of all) this.latest.set(n, file);
    this.rebuildScope();
  }

  private rebuildScope(): void {
    const byCell = new Map<string, string[]>();
    for (const [name, file] of this.latest) {
      const list = byCell.get(file) ?? [];
      list.push(name);
      byCell.set(file, list);
    }
    // A re-run cell supersedes its previous version: files no name points to leave the program,
    // so a long session does not slow every check down.
    this.cellFiles = this.cellFiles.filter((f) => {
      const keep = byCell.has(f) || this.augmenting.has(f);
      if (!keep) this.files.delete(f);
      return keep;
    });
    const groups = [...byCell].map(([file, names]) => ({ specifier: "./" + path.basename(file).replace(/\.ts$/, ".js"), names }));
    this.setFile(this.scopeFile, aliasGlobals(groups));
    const shadowed = new Set(this.latest.keys());
    this.setFile(this.kernelFile, kernelGlobals(shadowed));
    if (this.libraryExports) this.writeLibraryGlobals();
  }

  /** The library's exports become globals, whatever the library exports. */
  private ensureLibraryGlobals(): void {
    if (this.libraryExports || !this.libraryDts) return;
    this.libraryExports = this.exportsFromSyntax(this.libraryDts) ?? this.exportsFromChecker(this.libraryDts);
    this.writeLibraryGlobals();
  }

  /** Without a program: the first program is then built with the final globals, and only once. */
  private exportsFromSyntax(file: string): string[] | null {
    const text = this.snapshot(file);
    if (!text) return null;
    const sf = this.ts.createSourceFile(file, text.getText(0, text.getLength()), this.ts.ScriptTarget.Latest);
    return exportNames(this.ts, sf);
  }

  private exportsFromChecker(file: string): string[] {
    const program = this.service.getProgram();
    const sf = program?.getSourceFile(file);
    const checker = program?.getTypeChecker();
    const symbol = sf && checker?.getSymbolAtLocation(sf);
    return symbol && checker ? checker.getExportsOfModule(symbol).map((s) => s.name).filter((n) => n !== "default") : [];
  }

  private writeLibraryGlobals(): void {
    const kernelNames = new Set<string>(KERNEL_GLOBAL_NAMES);
    const names = (this.libraryExports ?? []).filter((n) => !this.latest.has(n) && !kernelNames.has(n) && /^[A-Za-z_$][\w$]*$/.test(n));
    this.setFile(this.libraryFile, names.length ? aliasGlobals([{ specifier: "d2l-ts", names }]) : "export {};\n");
  }

  /** Syntax + semantic diagnostics of `source` as the current cell. */
  check(source: string): TS.Diagnostic[] {
    const ls = this.languageService;
    // A program rebuild costs ~10 ms per check with the library's ~500 declaration files; a cell
    // re-run against an unchanged context (the common case) reuses the previous answer.
    const cached = this.checked.get(source);
    if (cached) return cached;
    const f = this.setCurrent(source);
    const diags = [...ls.getSyntacticDiagnostics(f), ...ls.getSemanticDiagnostics(f)];
    // an error node-lite.ts may have caused: checked again against @types/node, never shown
    if (!this.nodeTypes && diags.length > 0 && diagnosticsNeedNode(this.ts, this.service.getProgram()!, f, this.nodeLiteFile, diags)) {
      this.useNodeTypes();
      return this.check(source);
    }
    if (this.checked.size >= 64) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(source, diags);
    return diags;
  }

  /**
   * The work of the first `check` in units of a few ms each, but for the last two: building the
   * program and its checker from the pre-parsed files, and a first check.
   */
  *warmUpUnits(): Generator<void, PreparseStats> {
    this.assertNotPolling();
    // the final library globals and current cell: the first program is the one the check uses
    this.ensureLibraryGlobals();
    this.setCurrent(WARM_CELL);
    const stats = yield* preparseUnits(this.warmHost(this.options, this.nodeTypes));
    this.service.getProgram();
    dropUnclaimed();
    yield;
    this.check(WARM_CELL);
    return stats;
  }

  private warmHost(options: TS.CompilerOptions, nodeTypes: boolean): WarmHost {
    return {
      ts: this.ts,
      options,
      currentDirectory: path.dirname(this.currentFile),
      rootFiles: () => this.rootFiles(nodeTypes),
      snapshot: (f) => this.snapshot(f),
      version: (f) => this.version(f),
      resolveModule: (name, containing) => this.resolve(name, containing, options),
      resolveTypeReference: (name, containing, mode) => this.resolveTypeReference(name, containing, mode, options),
      moduleHost: this.moduleHost,
      resolutionCache: this.resolutionCache,
    };
  }

  currentSourceFile(): TS.SourceFile | undefined {
    return this.service.getProgram()?.getSourceFile(this.currentFile);
  }
}

let versions = 0;
const WARM_CELL = "nn;";

/**
 * Types for `import * as tslab from "tslab"` when tslab itself is not installed next to the
 * notebook: the kernel's own shim (kernel/exec/tslab.ts), so the checker sees what cells get.
 */
function tslabShimTypes(): string | null {
  for (const rel of ["../exec/tslab.d.ts", "../exec/tslab.ts"]) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

/** The directory holding this package's @types/node, wherever npm put it. */
function nodeTypeRoots(): string[] {
  try {
    const pkg = createRequire(import.meta.url).resolve("@types/node/package.json");
    return [path.dirname(path.dirname(pkg))];
  } catch {
    return [];
  }
}
