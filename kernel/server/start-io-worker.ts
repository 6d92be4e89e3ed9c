/**
 * Starts the io worker (io-worker.ts) from the main thread. A file of its own, with no import of
 * the worker's modules: the CLI's start-up bundle holds what the main thread runs before the
 * worker exists, so ZeroMQ and the io server are loaded once, on the worker, not also here.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { bundledOr } from "../bundled.js";
import type { ConnectionInfo } from "../wire/connection.js";
import type { LogLevel } from "./log.js";

export interface IoWorkerOptions {
  connection: ConnectionInfo;
  logLevel: LogLevel;
  cwd: string;
  historyFile?: string | null;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  compilerModule?: string;
  /** The heap guard's shared state (heap-guard.ts), armed per cell by the executor; watched here. */
  heapGuard?: SharedArrayBuffer;
}

/** main -> io worker messages arrive on the Worker; io worker -> main on parentPort. */
export type FromIoWorker = { kind: "bound" } | { kind: "bind_failed"; message: string } | { kind: "exit"; restart: boolean };

export interface WorkerInput {
  io: IoWorkerOptions;
  executorPort: MessagePort;
  /** Handed to the compiler, which sends compiled cells to the executor through it. */
  compilerToExecutor: MessagePort;
  /** The main thread's parent when the kernel started (parent-watch.ts). */
  startPpid: number;
}

/** Starts the worker; returns it and the executor's ends of the io and compiler channels. */
export function startIoWorker(opts: IoWorkerOptions): { worker: Worker; executorPort: MessagePort; compilerPort: MessagePort } {
  const io = new MessageChannel();
  const compiled = new MessageChannel();
  const input: WorkerInput = { io: opts, executorPort: io.port1, compilerToExecutor: compiled.port1, startPpid: process.ppid };
  // Spelled out, not import.meta.url: this code may run from the CLI's bundle (same depth).
  const worker = new Worker(new URL(bundledOr(new URL("../server/io-worker.js", import.meta.url))), { workerData: input, transferList: [io.port1, compiled.port1], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
  return { worker, executorPort: io.port2, compilerPort: compiled.port2 };
}
