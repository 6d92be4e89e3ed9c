/**
 * Runtime stack traces: frames in generated cell scripts are rewritten to the cell's own line
 * and column; frames in the kernel and in Node's internals are dropped (they are noise to a user).
 */
import { fileURLToPath } from "node:url";
import { utf16ToCodePoint } from "./unicode.js";
import type { PositionMapper } from "./transpile.js";

export interface ScriptMap {
  map: PositionMapper;
  sourceLines: string[];
  /** Shown in frames instead of the script's name (a debugger file path is noise in tracebacks). */
  label?: string;
}

/** This package's kernel directory (dist/kernel/ or kernel/ when run from source). */
const KERNEL_DIR = fileURLToPath(new URL("../", import.meta.url));

/** The library's directory (dist/src/ or src/): its frames are shown as `d2l-ts/...`. */
const LIBRARY_DIR = fileURLToPath(new URL("../../src/", import.meta.url));

const FRAME_LOCATION = /([^\s()]+):(\d+):(\d+)/;

/**
 * Library and dependency frames stay (they tell where a library call failed) but without the
 * machine's absolute paths, which are noise in notebooks and rendered docs.
 */
function shortenPath(line: string): string {
  return line
    .replace(new RegExp(`(?:file://)?${escapeRegExp(LIBRARY_DIR)}`), "d2l-ts/")
    .replace(/(?:file:\/\/)?\/[^\s()]*\/node_modules\//, "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function mapStack(stack: string, scripts: ReadonlyMap<string, ScriptMap>): string {
  const out: string[] = [];
  for (const line of stack.split("\n")) {
    if (!/^\s+at /.test(line)) {
      out.push(line);
      continue;
    }
    const m = FRAME_LOCATION.exec(line);
    const script = m ? scripts.get(m[1]!) : undefined;
    if (m && script) {
      const p = script.map(Number(m[2]), Number(m[3]));
      if (!p) continue; // inside the generated wrapper, not the user's code
      const column = utf16ToCodePoint(script.sourceLines[p.line] ?? "", p.column) + 1;
      out.push(line.replace(FRAME_LOCATION, `${script.label ?? m[1]}:${p.line + 1}:${column}`));
      continue;
    }
    if (/\(?node:/.test(line) || line.includes(KERNEL_DIR) || line.includes("file://" + KERNEL_DIR)) continue;
    if (/^\s+at (?:new Promise|Script\.run|runInThisContext)/.test(line)) continue;
    out.push(shortenPath(line));
  }
  return out.join("\n");
}
