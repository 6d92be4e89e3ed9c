/**
 * Heartbeat: a REP socket echoing every message, on its own worker thread so it keeps answering
 * while user code blocks the main thread (`while (true) {}`) and while the io worker is busy.
 * Start with `startHeartbeat({ endpoint })`; the worker entry is this same file.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import { makeLog, type LogLevel } from "./log.js";

export interface HeartbeatOptions {
  endpoint: string;
  logLevel: LogLevel;
}

export function startHeartbeat(opts: HeartbeatOptions): Worker {
  const w = new Worker(new URL(import.meta.url), { workerData: { heartbeat: opts } });
  // The process must not stay alive just for the heartbeat.
  w.unref();
  return w;
}

async function serve(opts: HeartbeatOptions): Promise<void> {
  const log = makeLog(opts.logLevel, "heartbeat");
  const sock = new zmq.Reply({ linger: 0 });
  try {
    await sock.bind(opts.endpoint);
  } catch (e) {
    log("error", `cannot bind heartbeat ${opts.endpoint}: ${(e as Error).message}`);
    return;
  }
  // Closing the socket before the thread ends matters: exiting with an open ZeroMQ socket in a
  // worker aborts the whole process.
  parentPort?.once("message", () => sock.close());
  try {
    for await (const frames of sock) await sock.send(frames);
  } catch (e) {
    if (!sock.closed) log("error", `heartbeat stopped: ${(e as Error).message}`);
  }
}

/** Closes the heartbeat socket and waits (briefly) for its thread to end. */
export async function stopHeartbeat(w: Worker, timeoutMs = 500): Promise<void> {
  const ended = new Promise<void>((r) => w.once("exit", () => r()));
  w.postMessage("close");
  await Promise.race([ended, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}

if (!isMainThread && (workerData as { heartbeat?: HeartbeatOptions } | null)?.heartbeat) {
  void serve((workerData as { heartbeat: HeartbeatOptions }).heartbeat);
}
