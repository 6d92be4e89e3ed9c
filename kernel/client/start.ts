/**
 * Spawns a kernel process with a fresh connection file (free ports, random key) and connects a
 * KernelClient to it. `argv` is a kernelspec-style command line where `{connection_file}` is
 * replaced, so the same helper starts d2l-ts, tslab or ipykernel for the benchmarks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConnectionInfo } from "../wire/connection.js";
import { KernelClient } from "./client.js";

export interface StartKernelOptions {
  /** Default: this package's `node dist/kernel/cli.js kernel --connection-file {connection_file}`. */
  argv?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  transport?: "tcp" | "ipc";
  /** Signing key; "" starts an unsigned kernel. Default: a random UUID. */
  key?: string;
  signatureScheme?: string;
  /** Wait for the first kernel_info_reply (default true). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
  /** Kernel stderr: collected (default, see `stderr()`) or passed through. */
  stderr?: "collect" | "inherit";
  /** zeromq reconnect interval of the client's sockets (default here 10 ms, zeromq's own 100 ms would pad start-up); see KernelClient. */
  reconnectIntervalMs?: number;
}

export interface RunningKernel {
  client: KernelClient;
  process: ChildProcess;
  connection: ConnectionInfo;
  connectionFile: string;
  /** Time from spawn to the first kernel_info_reply, in ms (when waitReady). */
  startupMs: number;
  /** Resolves when the kernel process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** Everything the kernel wrote to stdout (a Jupyter kernel should write nothing there). */
  stdout(): string;
  /** Shuts the kernel down politely, kills it if it lingers, closes the client. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}

/** Root of this package, from dist/kernel/client or kernel/client. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes("/dist/") ? "../../.." : "../..");

/** The environment the installed kernelspec gives the kernel (its `env`), for kernels started here. */
export function kernelSpecEnv(): Record<string, string> {
  try {
    const spec = JSON.parse(readFileSync(join(PACKAGE_ROOT, "kernel", "assets", "kernelspec.json"), "utf8")) as { env?: Record<string, string> };
    return spec.env ?? {};
  } catch {
    return {};
  }
}

export function defaultKernelArgv(): string[] {
  return [process.execPath, join(PACKAGE_ROOT, "dist", "kernel", "cli.js"), "kernel", "--connection-file", "{connection_file}"];
}

export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<import("node:net").Server>((res, rej) => {
        const s = createServer();
        s.once("error", rej);
        s.listen(0, "127.0.0.1", () => res(s));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import("node:net").AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export async function writeConnectionFile(opts: { transport?: "tcp" | "ipc"; key?: string; signatureScheme?: string } = {}): Promise<{ file: string; dir: string; info: ConnectionInfo }> {
  const dir = mkdtempSync(join(tmpdir(), "d2l-kernel-"));
  const transport = opts.transport ?? "tcp";
  const [shell, iopub, stdin, control, hb] = transport === "tcp" ? await freePorts(5) : [1, 2, 3, 4, 5];
  const info: ConnectionInfo = {
    transport,
    ip: transport === "tcp" ? "127.0.0.1" : join(dir, "kernel"),
    shell_port: shell!,
    iopub_port: iopub!,
    stdin_port: stdin!,
    control_port: control!,
    hb_port: hb!,
    key: opts.key ?? randomUUID(),
    signature_scheme: opts.signatureScheme ?? "hmac-sha256",
    kernel_name: "d2l-ts",
  };
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(info, null, 1));
  return { file, dir, info };
}

/** Attempts when a kernel cannot bind because a port picked as free was taken meanwhile. */
const PORT_RACE_ATTEMPTS = 3;

export async function startKernel(opts: StartKernelOptions = {}): Promise<RunningKernel> {
  // Free ports are picked, released, then bound by the kernel: another process (a test file
  // running beside this one, a neighbour's kernel) can take one in between. That is a race of the
  // connection-file design, not of the kernel: start again on fresh ports. Only tcp, and only
  // when the kernel said so (with collected stderr, where we can read it).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      const portTaken = e instanceof KernelStartError && e.portTaken;
      if (!portTaken || attempt >= PORT_RACE_ATTEMPTS || (opts.transport ?? "tcp") !== "tcp") throw e;
    }
  }
}

class KernelStartError extends Error {
  constructor(message: string, readonly portTaken: boolean) {
    super(message);
  }
}

async function startOnce(opts: StartKernelOptions): Promise<RunningKernel> {
  const { file, dir, info } = await writeConnectionFile(opts);
  const argv = (opts.argv ?? defaultKernelArgv()).map((a) => a.replaceAll("{connection_file}", file));
  const t0 = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    // This package's kernel gets what its kernelspec would give it; other argv lists run as given.
    env: opts.argv ? (opts.env ?? process.env) : { ...kernelSpecEnv(), ...(opts.env ?? process.env) },
    stdio: ["ignore", "pipe", opts.stderr === "inherit" ? "inherit" : "pipe"],
  });
  let err = "";
  let out = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once("exit", (code, signal) => res({ code, signal })));
  const client = new KernelClient(info, { reconnectIntervalMs: opts.reconnectIntervalMs ?? 10 });
  let startupMs = 0;
  const kernel: RunningKernel = {
    client,
    process: child,
    connection: info,
    connectionFile: file,
    get startupMs() {
      return startupMs;
    },
    exited,
    stderr: () => err + (out ? `\n[stdout]\n${out}` : ""),
    stdout: () => out,
    async stop({ timeoutMs = 5_000 } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        await client.shutdown({ timeoutMs: Math.min(timeoutMs, 3_000) }).catch(() => {});
        const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        await exited;
        clearTimeout(t);
      }
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.waitReady !== false) {
    const died = exited.then(({ code, signal }) => {
      throw new KernelStartError(`kernel exited (code ${code}, signal ${signal}) before answering kernel_info:\n${err}`, /address already in use/i.test(err));
    });
    try {
      await Promise.race([client.waitReady(opts.readyTimeoutMs ?? 30_000), died]);
    } catch (e) {
      child.kill("SIGKILL");
      client.close();
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    died.catch(() => {});
    startupMs = performance.now() - t0;
  }
  return kernel;
}
