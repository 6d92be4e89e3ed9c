/**
 * `d2l-ts kernel --connection-file FILE [--log-level LEVEL]`: validates the connection file before
 * anything starts, so a bad file costs one clear line on stderr and a non-zero exit.
 */
import { readConnectionFile, ConnectionFileError } from "../wire/connection.js";
import { parseLevel, type LogLevel } from "../server/log.js";
import { runKernel } from "../server/run.js";

const USAGE = "usage: d2l-ts kernel --connection-file FILE [--log-level error|warn|info|debug]";

interface KernelArgs {
  connectionFile: string;
  logLevel: LogLevel;
}

function parseArgs(args: string[]): KernelArgs | string {
  let connectionFile: string | undefined;
  let logLevel: LogLevel = (process.env.D2L_TS_LOG_LEVEL && parseLevel(process.env.D2L_TS_LOG_LEVEL)) || "warn";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === "--connection-file" || flag === "-f") {
      connectionFile = value();
      if (!connectionFile) return "--connection-file needs a path";
    } else if (flag === "--log-level") {
      const v = value();
      const l = v ? parseLevel(v) : null;
      if (!l) return `--log-level must be one of error, warn, info, debug (got ${JSON.stringify(v ?? "")})`;
      logLevel = l;
    } else if (flag === "--help" || flag === "-h") {
      return "";
    } else {
      return `unknown option '${a}'`;
    }
  }
  if (!connectionFile) return "missing --connection-file FILE";
  return { connectionFile, logLevel };
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    process.stderr.write(parsed ? `d2l-ts kernel: ${parsed}\n${USAGE}\n` : `${USAGE}\n`);
    return parsed ? 2 : 0;
  }
  let connection;
  try {
    connection = readConnectionFile(parsed.connectionFile);
  } catch (e) {
    if (e instanceof ConnectionFileError) {
      process.stderr.write(`d2l-ts kernel: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const code = await runKernel({ connection, connectionFile: parsed.connectionFile, logLevel: parsed.logLevel });
  // Exit explicitly: user timers and handles must not keep a shut-down kernel alive.
  process.exit(code);
}
