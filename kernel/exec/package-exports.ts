/**
 * The `exports` field of package.json resolved the way Node's ESM loader does for `import`
 * (conditions "node", "import", "default"; subpath keys and "*" patterns). Pure, so it is tested
 * without a file system. Node 20 cannot resolve an ESM-only package from an arbitrary directory
 * (import.meta.resolve's parent argument is behind a flag, require.resolve uses "require").
 */

export const IMPORT_CONDITIONS: readonly string[] = ["node", "import", "module-sync", "default"];

/** Returns the package-relative target ("./dist/index.js"), or null if the subpath is not exported. */
export function resolveExports(exportsField: unknown, subpath: string, conditions: readonly string[] = IMPORT_CONDITIONS): string | null {
  const map = normalizeExports(exportsField);
  if (!map) return null;
  if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes("*")) {
    return resolveTarget(map[subpath], null, conditions);
  }
  // Longest matching pattern wins, as in Node's PACKAGE_IMPORTS_EXPORTS_RESOLVE.
  let best: { key: string; match: string } | null = null;
  for (const key of Object.keys(map)) {
    const star = key.indexOf("*");
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.length >= key.length - 1 && subpath.endsWith(suffix) && subpath !== prefix) {
      if (!best || patternKeyCompare(key, best.key) < 0) best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? resolveTarget(map[best.key], best.match, conditions) : null;
}

function normalizeExports(field: unknown): Record<string, unknown> | null {
  if (typeof field === "string" || Array.isArray(field)) return { ".": field };
  if (typeof field !== "object" || field === null) return null;
  const keys = Object.keys(field);
  // An object of conditions (no key starts with ".") is the main entry.
  if (keys.length > 0 && keys.every((k) => !k.startsWith("."))) return { ".": field };
  return field as Record<string, unknown>;
}

function patternKeyCompare(a: string, b: string): number {
  const baseA = a.indexOf("*");
  const baseB = b.indexOf("*");
  const lenA = baseA === -1 ? a.length : baseA + 1;
  const lenB = baseB === -1 ? b.length : baseB + 1;
  if (lenA > lenB) return -1;
  if (lenB > lenA) return 1;
  return b.length - a.length;
}

function resolveTarget(target: unknown, match: string | null, conditions: readonly string[]): string | null {
  if (typeof target === "string") {
    if (!target.startsWith("./")) return null;
    return match === null ? target : target.split("*").join(match);
  }
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveTarget(t, match, conditions);
      if (r !== null) return r;
    }
    return null;
  }
  if (typeof target === "object" && target !== null) {
    for (const [cond, sub] of Object.entries(target)) {
      if (cond === "default" || conditions.includes(cond)) {
        const r = resolveTarget(sub, match, conditions);
        if (r !== null) return r;
      }
    }
  }
  return null;
}

/** "@scope/pkg/a/b" -> { name: "@scope/pkg", subpath: "./a/b" }; "pkg" -> { name: "pkg", subpath: "." }. */
export function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split("/");
  const n = specifier.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, n).join("/");
  const rest = parts.slice(n).join("/");
  return { name, subpath: rest ? `./${rest}` : "." };
}
