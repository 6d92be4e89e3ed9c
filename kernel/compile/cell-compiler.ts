/**
 * The io worker's single entry point to cells: compile (syntax check, optional type check, REPL
 * rewrite), remember source positions for stack traces, and answer editor requests from the
 * language service, which learns each cell's declarations when the cell is committed.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { complete } from "./complete.js";
import { formatDiagnostics, toCellDiagnostics } from "./diagnostics.js";
import { typecheckModeFor } from "./directive.js";
import { inspect } from "./inspect.js";
import { isComplete } from "./is-complete.js";
import { CellLanguageService } from "./language-service.js";
import { mapStack, type ScriptMap } from "./stack.js";
import { buildLineTable, statementLines, type LineTable } from "./line-table.js";
import { parseCell, transpileCell, type PositionMapper, type TranspileResult } from "./transpile.js";
import { BUNDLED_PACKAGES, DIST_TYPES_DIR, bundleFile, libBundleFile } from "./type-bundle.js";
import { sliced } from "./warm-steps.js";
import type { CellDiagnostic, CheckResult, CompileResult, CompletionResult, InspectResult, IsCompleteResult, TypecheckMode } from "./types.js";
import { saveTypescriptCodeCache, typescript } from "./typescript.js";

const TRANSPILE_CACHE_SIZE = 32;

/**
 * What the warm-ups compile: the statements and expressions of everyday cells (a loop printing,
 * a class with a parameter property, which takes the slow path, an async arrow, an await).
 */
const WARM_CELL = [
  "const warm: number[] = [1, 2];",
  "for (let i = 0; i < warm.length; i++) console.log(`${i}`, warm[i]!);",
  "class Warm { constructor(readonly x = 1) {} get y(): number { return this.x; } }",
  "const twice = async (a: number): Promise<number> => (await Promise.resolve(a)) * 2;",
  "if (warm.length > 1) { while (warm.length > 5) warm.pop(); } else { warm.map((w) => w + 1).filter(Boolean); }",
  "await twice(new Warm().y);",
].join("\n");

export interface CellCompilerOptions {
  /** The notebook's directory: imports resolve from its node_modules. */
  cwd: string;
  /** Default "warn"; a `//% typecheck: ...` line in a cell changes it from that cell on. */
  typecheck?: TypecheckMode;
  /** Path of d2l-ts's dist/src/index.d.ts; default: found next to this file. */
  libraryDts?: string;
  /** Default: the bundles `npm run build` writes to dist/types/, where present. */
  typeBundles?: { packageName: string; file: string }[];
  /** Default: dist/types/'s one-file ES lib, where present; null: TypeScript's lib files. */
  libBundle?: string | null;
}

/** Where the library's declarations sit relative to this file, built (dist/) or from source. */
export function defaultLibraryDts(): string | null {
  for (const rel of ["../../src/index.d.ts", "../../dist/src/index.d.ts"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return null;
}

export class CellCompiler {
  private mode: TypecheckMode;
  private readonly scripts = new Map<string, ScriptMap>();
  private service: CellLanguageService | undefined;

  constructor(private readonly opts: CellCompilerOptions) {
    this.mode = opts.typecheck ?? "warn";
  }

  get typecheck(): TypecheckMode {
    return this.mode;
  }

  /** TypeScript's version, for kernel_info's language_info. */
  get typescriptVersion(): string {
    return typescript().version;
  }

  private get languageService(): CellLanguageService {
    this.service ??= new CellLanguageService({
      cwd: this.opts.cwd,
      libraryDts: this.opts.libraryDts ?? defaultLibraryDts(),
      typeBundles: this.opts.typeBundles ?? BUNDLED_PACKAGES.map((packageName) => ({ packageName, file: bundleFile(DIST_TYPES_DIR, packageName) })),
      libBundle: this.opts.libBundle !== undefined ? this.opts.libBundle : libBundleFile(DIST_TYPES_DIR),
    });
    return this.service;
  }

  /** Loads TypeScript, lib files and the library's types ahead of the first request. */
  warmUp(): void {
    this.warmUpTranspiler();
    if (this.mode !== "off") this.warmUpChecker();
  }

  /** Loads TypeScript's scanner, parser and emitter only (a few hundred ms). */
  warmUpTranspiler(): void {
    this.transpile(WARM_CELL, 0);
    // After a transpile, so the cache also holds the parser and emitter functions a cell needs.
    saveTypescriptCodeCache();
  }

  /** Builds the language service's first program: the ES lib and the library's types (seconds). */
  warmUpChecker(): void {
    const steps = this.warmUpCheckerSteps();
    while (!steps.next().done);
  }

  /**
   * `warmUpChecker` in steps of about `budgetMs` each, for a thread that must keep answering other
   * requests between steps. Once done, the next check or completion parses no declaration file.
   */
  warmUpCheckerSteps(budgetMs = 8): Iterator<void> {
    const self = this;
    return sliced(
      (function* () {
        yield* self.languageService.warmUpUnits();
        // One check of an everyday cell: V8 compiles the checker's statement and expression paths
        // now rather than in the user's first checked cell (~20 ms, one unit).
        self.languageService.check(WARM_CELL);
      })(),
      budgetMs,
    );
  }

  /**
   * Whether checking or completing `code` will first load @types/node (about a second and ~50 MiB,
   * once per kernel); `nodeTypesSteps` does that ahead in small steps.
   */
  needsNodeTypes(code: string): boolean {
    return this.languageService.needsNodeTypes(code);
  }

  /** Loads @types/node in steps of about `budgetMs`; check and complete do it at once when needed. */
  nodeTypesSteps(budgetMs = 8): Iterator<void> {
    return sliced(this.languageService.nodeTypesUnits(), budgetMs);
  }

  /**
   * Calls `fn` about every `everyMs` from inside long type-checker work (building a program,
   * checking or completing a cell, loading @types/node), for a thread that must keep answering:
   * `fn` may call `transpile`, `compileExpression`, `isComplete` and `mapStack`, but never `check`,
   * `compile` in a checking mode, `commit`, `complete` or `inspect` (they throw), nor step a warm-up.
   */
  setPoll(fn: (() => void) | undefined, everyMs = 10): void {
    this.languageService.setPoll(fn, everyMs);
  }

  compile(source: string, cellNo: number): CompileResult {
    const filename = `cell-${cellNo}.ts`;
    this.mode = typecheckModeFor(source, this.mode);
    return this.build(source, filename, { forceShow: false, typecheck: this.mode });
  }

  /**
   * Syntax check, REPL rewrite and source map, never the language service: the kernel's transpile
   * thread answers with this while another thread type checks (see `check`). The caller decides
   * the mode with `typecheckModeFor`.
   */
  transpile(source: string, cellNo: number, file?: string): CompileResult {
    // Under the debugger the script is named by the file the frontend set breakpoints on; its
    // tracebacks still say cell-N.ts.
    if (file) return this.build(source, file, { forceShow: false, typecheck: "off", label: `cell-${cellNo}.ts` });
    return this.build(source, `cell-${cellNo}.ts`, { forceShow: false, typecheck: "off" });
  }

  /** Cell lines <-> script lines for the debugger; null when the cell does not compile. */
  lineTable(source: string): LineTable | null {
    const t = this.transpileCached(source, "cell.ts", false);
    if (!t.ok) return null;
    return buildLineTable(source, t.js, t.map, statementLines(typescript(), parseCell(source, "cell.ts")));
  }

  /** The type check `compile` does in "warn" or "error" mode, on its own. */
  check(source: string, mode: "warn" | "error"): CheckResult {
    const diags = toCellDiagnostics(typescript(), this.languageService.check(source), source, mode === "warn");
    if (diags.some((d) => d.category === "error")) return { ok: false, ename: "TypeError", diagnostics: diags };
    return { ok: true, warnings: diags };
  }

  compileExpression(expr: string, name = "expr"): CompileResult {
    const filename = `expr-${name.replace(/[^\w.-]/g, "_")}.ts`;
    return this.build(expr, filename, { forceShow: true, typecheck: "off" });
  }

  private build(source: string, filename: string, opts: { forceShow: boolean; typecheck: TypecheckMode; label?: string }): CompileResult {
    const t = this.transpileCached(source, filename, opts.forceShow);
    if (!t.ok) return { ok: false, ename: "SyntaxError", diagnostics: toCellDiagnostics(typescript(), t.errors, source, false) };
    let warnings: CellDiagnostic[] = [];
    if (opts.typecheck !== "off") {
      const checked = this.check(source, opts.typecheck);
      if (!checked.ok) return checked;
      warnings = checked.warnings;
    }
    this.scripts.set(filename, { map: t.map, sourceLines: source.split(/\r\n|\r|\n/), ...(opts.label ? { label: opts.label } : {}) });
    return { ok: true, js: t.js, filename, hoisted: t.hoisted, warnings };
  }

  /**
   * A cell's script depends on its source alone (the file name only labels stack frames), and
   * notebooks re-run cells all the time: the last few scripts are kept, without their syntax trees.
   */
  private readonly transpiled = new Map<string, { ok: true; js: string; hoisted: string[]; map: PositionMapper }>();
  private transpileCached(source: string, filename: string, forceShow: boolean): { ok: true; js: string; hoisted: string[]; map: PositionMapper } | Extract<TranspileResult, { ok: false }> {
    const key = `${forceShow ? 1 : 0}${source}`;
    const hit = this.transpiled.get(key);
    if (hit) {
      // Most recently used last, so the oldest entry is the one evicted.
      this.transpiled.delete(key);
      this.transpiled.set(key, hit);
      return hit;
    }
    const t = transpileCell(source, filename, { forceShow });
    if (!t.ok) return t;
    const kept = { ok: true as const, js: t.js, hoisted: t.hoisted, map: t.map };
    this.transpiled.set(key, kept);
    if (this.transpiled.size > TRANSPILE_CACHE_SIZE) this.transpiled.delete(this.transpiled.keys().next().value!);
    return kept;
  }

  commit(source: string, cellNo: number): void {
    this.languageService.commit(source, cellNo);
  }

  mapStack(stack: string): string {
    return mapStack(stack, this.scripts);
  }

  formatDiagnostics(d: CellDiagnostic[], source: string): string[] {
    return formatDiagnostics(d, source);
  }

  complete(code: string, cursorPos: number): CompletionResult {
    return complete(this.languageService, code, cursorPos);
  }

  inspect(code: string, cursorPos: number, detailLevel: 0 | 1): InspectResult {
    return inspect(this.languageService, code, cursorPos, detailLevel);
  }

  isComplete(code: string): IsCompleteResult {
    return isComplete(code);
  }
}
