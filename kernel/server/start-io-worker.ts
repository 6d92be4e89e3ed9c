/**
 * Starts the io worker (io-worker.ts) from the main thread. This file is all of the io worker the
 * main thread loads: ZeroMQ must never be loaded on the main thread. zeromq.js shares one ZeroMQ
 * context among all the threads that load it, and a message sent from the io worker keeps a
 * pointer to that worker's addon state (its "trash" of sent buffers, freed when the worker
 * ends). With the main thread holding the context too, the worker's end does not terminate it:
 * ZeroMQ's own thread goes on flushing iopub's lingering messages (the shutdown reply and the
 * status after it, still queued right after start-up) and then writes into the freed state, which
 * corrupted the heap at exit (SIGABRT "corrupted double-linked list", about 1 in 100 shutdowns
 * right after start-up on Node 22/24). With the io worker the context's only user, the worker's
 * end terminates the context, which first waits for those messages (iopub's linger), and only
 * then frees that state.
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
  // Spelled out, not import.meta.url: this code may run from the CLI's bundle (same depth). Only a
  // URL: a static or dynamic import of io-worker.js here would pull ZeroMQ into the main thread's
  // bundle (esbuild hoists the imports of dynamically imported modules to the bundle's top).
  const worker = new Worker(new URL(bundledOr(new URL("../server/io-worker.js", import.meta.url))), { workerData: input, transferList: [io.port1, compiled.port1], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
  return { worker, executorPort: io.port2, compilerPort: compiled.port2 };
}

