/**
 * `import` in a cell (compiled to `__d2l.import(specifier)`) resolved from the notebook's
 * directory, not from the kernel's install location: relative paths against `cwd`, packages from
 * the node_modules above `cwd` (ESM-only ones included), then from d2l-ts's own dependencies so
 * `@tensorflow/tfjs-core` is the same instance the library uses. "d2l-ts" is always this package's
 * library and "tslab" is the compatibility shim. The library's tfjs-core is a bundled copy
 * (dist/vendor/tfjs.cjs, with gradients and chained methods): when a cell's `@tensorflow/tfjs-core`
 * would be the package d2l-ts itself depends on, it gets that bundle's module instead
 * (dist/vendor/tfjs-core.mjs), so there is one tfjs-core in the kernel.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, isAbsolute, join, resolve as resolvePath } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ModuleNotFoundError } from "./errors.js";
import { resolveExports, splitSpecifier } from "./package-exports.js";

export interface ResolverOptions {
  /** The notebook's directory. */
  cwd: string;
  /** URL of the preloaded library, returned for "d2l-ts". */
  libraryUrl: string;
  /** URL of the tslab shim module. */
  tslabUrl: string;
}

/** Returns a URL (or a builtin's name) that `import()` accepts. */
export function resolveSpecifier(specifier: string, opts: ResolverOptions): string {
  if (specifier === "d2l-ts") return opts.libraryUrl;
  if (specifier === "tslab") return opts.tslabUrl;
  if (isBuiltin(specifier)) return specifier;
  if (/^(file|data|node):/.test(specifier)) return specifier;
  if (isAbsolute(specifier)) return pathToFileURL(specifier).href;
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
    return resolveFile(resolvePath(opts.cwd, specifier), specifier, opts.cwd);
  }
  const { name, subpath } = splitSpecifier(specifier);
  if (name === "d2l-ts") {
    const own = ownPackageRoot(opts.libraryUrl);
    const hit = own && resolveInPackage(own, subpath, specifier, opts.cwd);
    if (hit) return hit;
  }
  for (const start of [opts.cwd, ownPackageRoot(opts.libraryUrl)]) {
    if (!start) continue;
    const dir = findPackageDir(start, name);
    if (dir && name === TFJS_CORE && subpath === ".") {
      const alias = bundledTfjsCore(opts.libraryUrl, dir);
      if (alias) return alias;
    }
    if (dir) {
      const hit = resolveInPackage(dir, subpath, specifier, opts.cwd);
      if (hit) return hit;
    }
  }
  // NODE_PATH, global folders and other corners: leave them to CommonJS resolution.
  try {
    return pathToFileURL(createRequire(join(opts.cwd, "__notebook__.js")).resolve(specifier)).href;
  } catch {
    throw new ModuleNotFoundError(specifier, opts.cwd);
  }
}

const TFJS_CORE = "@tensorflow/tfjs-core";

/** The library's bundled tfjs-core module, if `dir` is the tfjs-core package the library depends on. */
function bundledTfjsCore(libraryUrl: string, dir: string): string | null {
  const own = ownPackageRoot(libraryUrl);
  const alias = own && join(own, "dist", "vendor", "tfjs-core.mjs");
  const ownCore = own && findPackageDir(own, TFJS_CORE);
  if (!alias || !ownCore || !existsSync(alias)) return null;
  try {
    return realpathSync(ownCore) === realpathSync(dir) ? pathToFileURL(alias).href : null;
  } catch {
    return null;
  }
}

function findPackageDir(start: string, name: string): string | null {
  let dir = resolvePath(start);
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function readPackageJson(dir: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function resolveInPackage(dir: string, subpath: string, specifier: string, cwd: string): string | null {
  const pkg = readPackageJson(dir);
  if (pkg.exports !== undefined) {
    const target = resolveExports(pkg.exports, subpath);
    if (target === null) throw new ModuleNotFoundError(specifier, cwd, `the package at ${dir} does not export '${subpath}' for import`);
    return pathToFileURL(join(dir, target)).href;
  }
  if (subpath === ".") {
    const main = typeof pkg.module === "string" && pkg.type === "module" ? pkg.module : typeof pkg.main === "string" ? pkg.main : "index.js";
    return resolveFile(join(dir, main), specifier, cwd);
  }
  return resolveFile(join(dir, subpath), specifier, cwd);
}

/** Exact file first (ESM rules), then CommonJS's extension and index.js probing. */
function resolveFile(path: string, specifier: string, cwd: string): string {
  if (isFile(path)) return pathToFileURL(path).href;
  try {
    return pathToFileURL(createRequire(join(cwd, "__notebook__.js")).resolve(path)).href;
  } catch {
    throw new ModuleNotFoundError(specifier, cwd, `no file at ${path}`);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const rootCache = new Map<string, string | null>();

/** The directory of the package.json named "d2l-ts" above the library module. */
function ownPackageRoot(libraryUrl: string): string | null {
  if (rootCache.has(libraryUrl)) return rootCache.get(libraryUrl)!;
  let root: string | null = null;
  if (libraryUrl.startsWith("file:")) {
    let dir = dirname(fileURLToPath(libraryUrl));
    for (;;) {
      if (readPackageJson(dir).name === "d2l-ts") {
        root = dir;
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  rootCache.set(libraryUrl, root);
  return root;
}

export function packageVersion(libraryUrl: string): string {
  const root = ownPackageRoot(libraryUrl);
  const v = root ? readPackageJson(root).version : undefined;
  return typeof v === "string" ? v : "unknown";
}

export function createImporter(opts: ResolverOptions): (specifier: string) => Promise<unknown> {
  return (specifier: string) => {
    let url: string;
    try {
      url = resolveSpecifier(String(specifier), opts);
    } catch (e) {
      return Promise.reject(e);
    }
    return import(url);
  };
}

/** `require` for cells: resolves from the notebook directory. */
export function notebookRequire(cwd: string): NodeJS.Require {
  return createRequire(join(cwd, "__notebook__.js"));
}
