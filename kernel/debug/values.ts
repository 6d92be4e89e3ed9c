/** V8 remote objects as DAP variables: what the variables panel shows for each value. */
import type { Runtime } from "node:inspector";

const MAX_VALUE = 200;

/** One line, as a learner expects to read it (strings quoted, functions by signature). */
export function describe(o: Runtime.RemoteObject): string {
  switch (o.type) {
    case "undefined":
      return "undefined";
    case "string":
      return clip(JSON.stringify(o.value));
    case "number":
    case "boolean":
      return o.unserializableValue ?? String(o.value);
    case "bigint":
      return o.unserializableValue ?? `${String(o.value)}n`;
    case "symbol":
      return o.description ?? "Symbol()";
    case "function":
      return clip((o.description ?? "function").split("\n")[0]!.replace(/\s*\{\s*$/, ""));
    case "object":
      if (o.subtype === "null") return "null";
      return clip(o.description ?? o.className ?? "Object");
    default:
      return clip(o.description ?? String(o.value));
  }
}

export function typeName(o: Runtime.RemoteObject): string {
  if (o.type === "object") return o.subtype === "null" ? "null" : (o.className ?? "Object");
  return o.type;
}

/**
 * A variable's DAP `type`, chosen for JupyterLab 4's variables tree: the tree shows the value
 * only for Python's scalar type names (int, float, bool, str) and the type for any other, so a
 * number read `a: number` instead of `a: 20`. JavaScript's scalars take those names (an integer
 * beyond 2^53 or NaN/Infinity is a float, whose text parses back as written); every other value
 * keeps its JavaScript name (the adapter gives a tensor its dtype and shape instead).
 */
export function panelType(o: Runtime.RemoteObject): string {
  switch (o.type) {
    case "number":
      return o.unserializableValue === undefined && Number.isSafeInteger(o.value) ? "int" : "float";
    case "boolean":
      return "bool";
    case "string":
      return "str";
    default:
      return typeName(o);
  }
}

/** Objects (not functions) can be opened in the panel. */
export function expandable(o: Runtime.RemoteObject): boolean {
  return o.type === "object" && o.subtype !== "null" && o.objectId !== undefined;
}

/** A tfjs tensor or variable: shown by dtype and shape instead of "Tensor". */
export function isTensor(o: Runtime.RemoteObject): boolean {
  return o.type === "object" && (o.className === "Tensor" || o.className === "Variable");
}

/** Runs on the main thread with `this` = the tensor (Runtime.callFunctionOn). */
export const TENSOR_SUMMARY = "function () { return `Tensor ${this.dtype} [${this.shape.join(', ')}]`; }";

function clip(s: string): string {
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Names safe to put in an expression (richInspectVariables, copyToGlobals). */
export function isIdentifier(name: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name);
}

/** The globals cells defined: everything enumerable on globalThis but the kernel's start-up set. */
export const USER_GLOBALS = `(() => {
  const base = globalThis[Symbol.for("d2l-ts.baseGlobals")];
  const out = {};
  for (const k of Object.keys(globalThis)) if (!base || !base.has(k)) out[k] = globalThis[k];
  return out;
})()`;

/** A variable's MIME bundle, the same one a cell's output shows (text/plain at least). */
export function richExpression(name: string, canAwait: boolean): string {
  return `(() => {
  const v = ${name};
  const show = v !== null && v !== undefined ? v[Symbol.for("Jupyter.display")] : undefined;
  let b = null;
  try { b = typeof show === "function" ? show.call(v) : null; } catch { b = null; }
  const plain = () => { const u = globalThis.process?.getBuiltinModule?.("node:util"); return { "text/plain": u ? u.inspect(v) : String(v) }; };
  if (b && typeof b.then === "function") return ${canAwait ? "b.then((r) => r ?? plain(), plain)" : "plain()"};
  return b && typeof b === "object" ? b : plain();
})()`;
}
