/**
 * ErrorInfo for the bridge: ename/evalue the way frontends show them, and the stack as V8 printed
 * it minus the executor's own frames below the cell (the io worker maps the remaining frames to
 * cell lines).
 */
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import type { ErrorInfo } from "../bridge.js";
import { plainText } from "./format.js";

const EXEC_URL_DIR = new URL(".", import.meta.url).href;
const EXEC_PATH_DIR = dirname(fileURLToPath(import.meta.url));

function isExecutorFrame(line: string): boolean {
  return line.includes(EXEC_URL_DIR) || line.includes(EXEC_PATH_DIR + "/") || /\(node:vm:\d+/.test(line) || /at node:vm:\d+/.test(line);
}

export function cleanStack(stack: string): string {
  return stack
    .split("\n")
    .filter((l) => !(/^\s+at /.test(l) && isExecutorFrame(l)))
    .join("\n");
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof Error || (typeof err === "object" && err !== null && typeof (err as Error).message === "string" && typeof (err as Error).name === "string")) {
    const e = err as Error;
    let stack = "";
    try {
      stack = typeof e.stack === "string" ? cleanStack(e.stack) : "";
    } catch {
      // a throwing `stack` getter must not take the executor down with it
    }
    return { ename: e.name || e.constructor?.name || "Error", evalue: e.message, stack };
  }
  // `throw "text"` and friends: shown like Node's REPL shows them ("Uncaught 'text'").
  return { ename: "Uncaught", evalue: plainText(err), stack: "" };
}
