/**
 * The compiler on a thread of its own (D2L_TS_COMPILER_THREAD=1): one more isolate (~10 MiB) and
 * one more thread hop per cell than the default (compiler-service.ts's `startLocalCompiler`), but
 * the io worker's sockets never wait behind a type check. `startCompilerThread` returns the io
 * worker's call face; the bottom of this file is the thread's entry.
 */
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import { CompilerThreadClosedError, createCompilerService, plainCalls, type CompilerThreadOptions, type Method } from "./compiler-service.js";
import type { AsyncCompiler } from "./compiler.js";
import { makeLog, type Log } from "./log.js";

/** `id` 0: no answer wanted. */
type Call = { id: number; method: Method; args: unknown[] };
type Result = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export function startCompilerThread(opts: CompilerThreadOptions & { log: Log; executorPort: MessagePort }): AsyncCompiler & { begin(): void; close(): Promise<void> } {
  const { log, executorPort, ...threadOpts } = opts;
  // Named, not import.meta.url: this code may run from the io worker's bundle.
  const worker = new Worker(new URL("./compiler-thread.js", import.meta.url), { workerData: { compilerThread: threadOpts, executorPort }, transferList: [executorPort], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  worker.unref();
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let dead: Error | null = null;
  worker.on("message", (r: Result) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (!p) return;
    if (r.ok) p.resolve(r.value);
    else p.reject(new Error(r.message));
  });
  const fail = (e: Error) => {
    // The first cause wins: after close(), the exit that follows is no new failure.
    dead ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("error", (e) => {
    log("error", `compiler thread crashed: ${e.stack ?? e.message}`);
    fail(e);
  });
  worker.on("exit", (code) => fail(new Error(`the compiler thread exited (code ${code})`)));
  const call = <T>(method: Method, ...args: unknown[]): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = ++next;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies Call);
    });
  };
  return {
    begin() {},
    runCell(req) {
      if (dead) throw dead;
      worker.postMessage({ id: 0, method: "runCell", args: [req] } satisfies Call);
    },
    ...plainCalls(call),
    async close() {
      fail(new CompilerThreadClosedError());
      await worker.terminate();
    },
  };
}

function serve(opts: CompilerThreadOptions, executorPort: MessagePort): void {
  const log = makeLog(opts.logLevel, "compiler");
  log("debug", "thread started");
  const port = parentPort!;
  const service = createCompilerService({ ...opts, log, post: (m) => executorPort.postMessage(m) });
  service.begin();
  port.on("message", async (m: Call) => {
    let result: Result;
    try {
      result = { id: m.id, ok: true, value: await service.call(m.method, m.args) };
    } catch (e) {
      result = { id: m.id, ok: false, message: (e as Error).stack ?? String(e) };
    }
    if (m.id !== 0) port.postMessage(result);
  });
}

if (!isMainThread && (workerData as { compilerThread?: CompilerThreadOptions } | null)?.compilerThread) {
  const data = workerData as { compilerThread: CompilerThreadOptions; executorPort: MessagePort };
  serve(data.compilerThread, data.executorPort);
}
