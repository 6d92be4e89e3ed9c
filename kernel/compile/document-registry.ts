/**
 * The document registry every language service in the process shares (a restart, tests), with a
 * side door for declaration files parsed ahead of time in small steps (warm-steps.ts): when the
 * service asks for a file the registry does not hold yet, it adopts the pre-parsed one if the
 * bucket key (parse options), path and text match, and parses its own otherwise. A mismatch costs
 * a parse, never a wrong tree.
 */
import { typescript, type TS } from "./typescript.js";

interface ExternalCache {
  getDocument(keyWithMode: string, path: string): TS.SourceFile | undefined;
  setDocument(keyWithMode: string, path: string, sourceFile: TS.SourceFile): void;
}

type RegistryInternals = TS.DocumentRegistry & { getBuckets?(): Map<string, Map<string, unknown>> };

let registry: RegistryInternals | undefined;
/** path -> file parsed ahead, waiting for the registry to adopt it */
const pool = new Map<string, { keyWithMode: string; sourceFile: TS.SourceFile }>();
let parseListener: ((path: string) => void) | undefined;

export function sharedRegistry(): TS.DocumentRegistry {
  return (registry ??= create());
}

function create(): RegistryInternals {
  const ts = typescript();
  const cache: ExternalCache = {
    getDocument(keyWithMode, path) {
      const e = pool.get(path);
      if (!e || e.keyWithMode !== keyWithMode) return undefined;
      pool.delete(path);
      return e.sourceFile;
    },
    // called for every file the registry parses (or re-parses) itself
    setDocument: (_key, path) => parseListener?.(path),
  };
  // createDocumentRegistryInternal is not public API: without it, warm-up parses are wasted, not wrong
  const internal = (ts as unknown as { createDocumentRegistryInternal?: (...a: unknown[]) => RegistryInternals }).createDocumentRegistryInternal;
  return internal ? internal(undefined, "", undefined, cache) : ts.createDocumentRegistry();
}

/** The registry's bucket for files parsed with `options` and this module format (see TS's documentRegistry.ts). */
export function bucketKey(options: TS.CompilerOptions, impliedNodeFormat: TS.ResolutionMode): string {
  const key = sharedRegistry().getKeyForCompilationSettings(options) as string;
  return impliedNodeFormat ? `${key}|${impliedNodeFormat}` : key;
}

export function offerParsed(keyWithMode: string, path: string, sourceFile: TS.SourceFile): void {
  pool.set(path, { keyWithMode, sourceFile });
}

/** The registry's own copy of a file, if some service already holds it. */
export function registeredFile(keyWithMode: string, path: string): TS.SourceFile | undefined {
  const entry = (sharedRegistry() as RegistryInternals).getBuckets?.().get(keyWithMode)?.get(path) as
    | { sourceFile: TS.SourceFile }
    | Map<TS.ScriptKind, { sourceFile: TS.SourceFile }>
    | undefined;
  if (!entry) return undefined;
  return entry instanceof Map ? entry.values().next().value?.sourceFile : entry.sourceFile;
}

/** Drops what no program adopted; returns how many files that was. */
export function dropUnclaimed(): number {
  const n = pool.size;
  pool.clear();
  return n;
}

/** Test and measurement hook: called with the path of every file the registry parses itself. */
export function onRegistryParse(listener: ((path: string) => void) | undefined): void {
  parseListener = listener;
}
