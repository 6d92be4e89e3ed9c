/**
 * Turns values into MIME bundles: the display protocol (`[Symbol.for("Jupyter.display")]()`), a
 * literal bundle (a plain object whose keys all look like MIME types), or `util.inspect` text the
 * way Node's REPL shows it, never with ANSI colour codes.
 */
import { inspect } from "node:util";
import type { MimeBundle } from "../../src/display/mime.js";

const DISPLAY = Symbol.for("Jupyter.display");

const INSPECT_OPTIONS = { colors: false, showProxy: true, depth: 2 } as const;

export function plainText(value: unknown): string {
  return inspect(value, INSPECT_OPTIONS);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A plain object with at least one key, every key containing "/" ("text/html", "image/png"). */
export function isMimeBundle(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.includes("/"));
}

export function hasDisplayMethod(value: unknown): value is { [DISPLAY](): unknown } {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as Record<symbol, unknown>)[DISPLAY] === "function";
}

/**
 * Jupyter wants binary payloads base64-encoded and every bundle should carry text/plain (consoles,
 * CI logs and diffs show only that), so both are filled in here.
 */
export function normalizeBundle(bundle: Record<string, unknown>): MimeBundle {
  const out: Record<string, unknown> = {};
  for (const [mime, v] of Object.entries(bundle)) {
    if (v === undefined) continue;
    out[mime] = v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : v;
  }
  if (typeof out["text/plain"] !== "string") out["text/plain"] = out["text/plain"] === undefined ? fallbackText(out) : plainText(out["text/plain"]);
  return out as MimeBundle;
}

function fallbackText(bundle: Record<string, unknown>): string {
  for (const mime of ["text/markdown", "text/latex"]) if (typeof bundle[mime] === "string") return bundle[mime] as string;
  if (bundle["application/json"] !== undefined) return JSON.stringify(bundle["application/json"], null, 2) ?? "";
  return `<${Object.keys(bundle).join(", ")}>`;
}

export class DisplayProtocolError extends TypeError {
  readonly code = "EXEC_BAD_DISPLAY_BUNDLE";
  constructor(what: string) {
    super(`[Symbol.for("Jupyter.display")]() returned ${what}; it must return an object of MIME type -> data, e.g. { "text/plain": "..." }`);
    this.name = "DisplayProtocolError";
  }
}

/** Synchronous when it can be, so `display(x); console.log(y)` keeps its order on the wire. */
export function toBundle(value: unknown): MimeBundle | Promise<MimeBundle> {
  if (hasDisplayMethod(value)) {
    const b = value[DISPLAY]();
    if (b instanceof Promise || (typeof b === "object" && b !== null && typeof (b as PromiseLike<unknown>).then === "function")) {
      return Promise.resolve(b).then(checkedBundle);
    }
    return checkedBundle(b);
  }
  if (isMimeBundle(value)) return normalizeBundle(value);
  return { "text/plain": plainText(value) };
}

function checkedBundle(b: unknown): MimeBundle {
  if (!isPlainObject(b) || Object.keys(b).length === 0) throw new DisplayProtocolError(b === null || typeof b !== "object" ? String(b) : "an object that is not a MIME bundle");
  return normalizeBundle(b);
}
