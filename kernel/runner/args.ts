/** Command line of `d2l-ts run`: parsed into an options object, every mistake a RunUsageError. */
import { RunUsageError } from "./errors.js";

export interface RunArgs {
  paths: string[];
  outDir: string;
  /** Per cell, in seconds. */
  timeoutS: number;
  /** Render HTML with nbconvert after executing (when Jupyter is installed). */
  html: boolean;
  help: boolean;
}

export const DEFAULT_TIMEOUT_S = 300;

export const RUN_USAGE = [
  "usage: d2l-ts run [paths...] [--out DIR] [--timeout S] [--no-html]",
  "",
  "  paths        .ipynb files, or directories searched for them (default: the current directory;",
  "               .ipynb_checkpoints, out, _build and node_modules are skipped)",
  "  --out DIR    where executed notebooks (and their HTML) are written, keeping the layout",
  "               relative to each directory given (default: out)",
  `  --timeout S  seconds a single cell may run before it is interrupted (default: ${DEFAULT_TIMEOUT_S})`,
  "  --no-html    skip the HTML rendering with jupyter nbconvert",
].join("\n");

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const args: RunArgs = { paths: [], outDir: "out", timeoutS: DEFAULT_TIMEOUT_S, html: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new RunUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--out":
      case "-o":
        args.outDir = value();
        break;
      case "--timeout":
      case "-t": {
        const raw = value();
        const s = Number(raw);
        if (!Number.isFinite(s) || s <= 0) throw new RunUsageError(`--timeout expects a positive number of seconds, got '${raw}'`);
        args.timeoutS = s;
        break;
      }
      case "--no-html":
        args.html = false;
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        if (a.startsWith("-") && a !== "-") throw new RunUsageError(`unknown option '${a}'`);
        args.paths.push(a);
    }
  }
  if (args.paths.length === 0) args.paths.push(".");
  return args;
}
