/**
 * Kernel logging: always stderr, written synchronously to fd 2 so that lines from worker threads
 * appear even while the main thread is blocked in user code (a worker's process.stderr is relayed
 * through the main thread). Nothing is ever written to stdout: frontends may show it to the user.
 */
import { writeSync } from "node:fs";

export const LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LEVELS)[number];
export type Log = (level: LogLevel, msg: string) => void;

export function parseLevel(text: string): LogLevel | null {
  const l = text.toLowerCase();
  if (l === "warning") return "warn";
  return (LEVELS as readonly string[]).includes(l) ? (l as LogLevel) : null;
}

export function makeLog(threshold: LogLevel, tag: string): Log {
  const max = LEVELS.indexOf(threshold);
  // At debug level, timestamps (ms) let one read start-up and request timelines across threads.
  const stamp = threshold === "debug" ? () => ` ${new Date().toISOString().slice(11, 23)}` : () => "";
  return (level, msg) => {
    if (LEVELS.indexOf(level) > max) return;
    try {
      writeSync(2, `[d2l-ts${stamp()} ${tag} ${level}] ${msg}\n`);
    } catch {
      // stderr closed: nowhere left to report to.
    }
  };
}

/** Logs a given kind of problem once, so a misbehaving peer cannot flood the log. */
export function onceLogger(log: Log): (kind: string, level: LogLevel, msg: string) => void {
  const seen = new Set<string>();
  return (kind, level, msg) => {
    if (seen.has(kind)) {
      log("debug", msg);
      return;
    }
    seen.add(kind);
    log(level, `${msg} (further '${kind}' problems are logged at debug level)`);
  };
}
