/**
 * The connection file Jupyter writes for a kernel: where to bind and how to sign.
 * Every problem is reported as one line naming the file, so a user reading a frontend's
 * "kernel died" log sees what to fix.
 */
import { readFileSync } from "node:fs";
import { digestOf } from "./codec.js";

export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

export type SocketName = "shell" | "iopub" | "stdin" | "control" | "hb";

export class ConnectionFileError extends Error {
  readonly code = "CONNECTION_FILE";
  constructor(readonly file: string, problem: string) {
    super(`connection file ${file}: ${problem}`);
  }
}

const PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/** Checks an already-parsed object; `file` is only used in messages. */
export function validateConnection(raw: unknown, file: string): ConnectionInfo {
  const bad = (problem: string) => new ConnectionFileError(file, problem);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("expected a JSON object");
  const o = raw as Record<string, unknown>;
  const transport = o.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") throw bad(`transport must be "tcp" or "ipc", got ${JSON.stringify(transport)}`);
  const ip = o.ip ?? (transport === "tcp" ? "127.0.0.1" : "kernel-ipc");
  if (typeof ip !== "string" || ip === "") throw bad("'ip' must be a non-empty string");
  for (const p of PORTS) {
    const v = o[p];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535) throw bad(`'${p}' must be an integer port 0-65535, got ${JSON.stringify(v)}`);
  }
  const key = o.key ?? "";
  if (typeof key !== "string") throw bad("'key' must be a string");
  const scheme = o.signature_scheme ?? "hmac-sha256";
  if (typeof scheme !== "string") throw bad("'signature_scheme' must be a string");
  if (key !== "") {
    try {
      digestOf(scheme);
    } catch (e) {
      throw bad((e as Error).message);
    }
  }
  return {
    transport,
    ip,
    shell_port: o.shell_port as number,
    iopub_port: o.iopub_port as number,
    stdin_port: o.stdin_port as number,
    control_port: o.control_port as number,
    hb_port: o.hb_port as number,
    key,
    signature_scheme: scheme,
    ...(typeof o.kernel_name === "string" ? { kernel_name: o.kernel_name } : {}),
  };
}

export function readConnectionFile(file: string): ConnectionInfo {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "does not exist" : err.code === "EACCES" ? "is not readable (permission denied)" : err.code === "EISDIR" ? "is a directory" : `cannot be read (${err.code ?? err.message})`;
    throw new ConnectionFileError(file, why);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConnectionFileError(file, `is not valid JSON (${(e as Error).message})`);
  }
  return validateConnection(raw, file);
}

/** ZeroMQ endpoint for one socket, as jupyter_client spells it (ipc: "<ip>-<port>"). */
export function endpoint(info: ConnectionInfo, socket: SocketName): string {
  const port = info[`${socket}_port`];
  return info.transport === "tcp" ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
