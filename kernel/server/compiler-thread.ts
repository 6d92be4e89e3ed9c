/**
 * The kernel's compiler: one TypeScript for the whole kernel. It transpiles and type checks cells
 * (cell-pipeline.ts), hands them straight to the executor over a port of its own, and answers the
 * io worker's editor requests (completion, inspection, is_complete) and traceback mapping.
 * `createCompilerService` is the compiler itself; `startLocalCompiler` runs it on the io worker
 * (the default: no thread hop, no isolate of its own), `startCompilerThread` on a thread of its own
 * (D2L_TS_COMPILER_THREAD=1; the bottom of this file is that thread's entry).
 *
 * The language service's first program takes a second or two to build. It is built in slices of
 * a few ms (`warmUpCheckerSteps`), each a turn of the event loop, and only while no cells arrive,
 * so a cell waits for one slice at most.
 */
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import type { CompiledCell } from "../bridge.js";
import { createCellPipeline } from "./cell-pipeline.js";
import type { AsyncCompiler, CellRequest, ServerCompiler } from "./compiler.js";
import { fullGc, startIdleGc } from "./idle-gc.js";
import { loadCompiler } from "./load-compiler.js";
import { makeLog, type Log, type LogLevel } from "./log.js";

export interface CompilerThreadOptions {
  cwd: string;
  logLevel: LogLevel;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  module?: string;
}

/** Pending and later calls of a thread the kernel closed (shutdown): expected, not worth a warning. */
export class CompilerThreadClosedError extends Error {
  readonly code = "COMPILER_THREAD_CLOSED";
  constructor() {
    super("the compiler thread was closed (the kernel is shutting down)");
  }
}

const METHODS = ["languageVersion", "warmUp", "runCell", "traceback", "isComplete", "complete", "inspect"] as const;
type Method = (typeof METHODS)[number];

/** `id` 0: no answer wanted. */
type Call = { id: number; method: Method; args: unknown[] };
type Result = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** How long one warm-up slice may hold the thread before requests get their turn. */
const SLICE_MS = 8;

export function startCompilerThread(opts: CompilerThreadOptions & { log: Log; executorPort: MessagePort }): AsyncCompiler & { begin(): void; close(): Promise<void> } {
  const { log, executorPort, ...threadOpts } = opts;
  const worker = new Worker(new URL(import.meta.url), { workerData: { compilerThread: threadOpts, executorPort }, transferList: [executorPort], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
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
    traceback: (ename, evalue, stack) => call("traceback", ename, evalue, stack),
    isComplete: (code) => call("isComplete", code),
    languageVersion: () => call("languageVersion"),
    complete: (code, pos) => call("complete", code, pos),
    inspect: (code, pos, detail) => call("inspect", code, pos, detail),
    warmUp: () => call("warmUp"),
    async close() {
      fail(new CompilerThreadClosedError());
      await worker.terminate();
    },
  };
}

/**
 * While cells keep coming, the warm-up steps aside: a slice in progress is what a cell would wait
 * for, and on two cores the slices would also take CPU from the running cell.
 */
const QUIET_MS = 150;

/** The checker's warm-up, run slice by slice between the thread's messages. */
function checkerWarmth(compiler: () => ServerCompiler | null, log: Log) {
  let warm = false;
  let warming: Promise<void> | null = null;
  /** Someone waits for the warm-up (error mode, completion): no stepping aside. */
  let urgent = false;
  let quietUntil = 0;
  const run = (c: ServerCompiler): Promise<void> =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      let longest = 0;
      const finish = (e?: unknown) => {
        // Checks go ahead after a failed warm-up: each reports its own failure, which beats never checking.
        if (e) log("warn", `type checker warm-up failed: ${(e as Error).message}`);
        else log("debug", `type checker warmed up in ${(performance.now() - t0).toFixed(0)} ms (longest slice ${longest.toFixed(0)} ms)`);
        // The warm-up's garbage (parse and bind scratch, ~20 MiB) is collected now, in one pause
        // of ~50 ms, rather than left to raise the heap that later checks grow from.
        const t1 = performance.now();
        fullGc()?.();
        log("debug", `collected after the warm-up in ${(performance.now() - t1).toFixed(0)} ms`);
        warm = true;
        resolve();
      };
      if (!c.warmUpCheckerSteps) {
        // In one piece, but not inside the request that started it.
        setImmediate(() => {
          try {
            c.warmUpChecker();
            finish();
          } catch (e) {
            finish(e);
          }
        });
        return;
      }
      const steps = c.warmUpCheckerSteps();
      const slice = () => {
        const start = performance.now();
        if (!urgent && start < quietUntil) {
          setTimeout(slice, quietUntil - start);
          return;
        }
        try {
          while (performance.now() - start < SLICE_MS) {
            if (steps.next().done) {
              longest = Math.max(longest, performance.now() - start);
              return finish();
            }
          }
        } catch (e) {
          return finish(e);
        }
        longest = Math.max(longest, performance.now() - start);
        setImmediate(slice);
      };
      setImmediate(slice);
    });
  return {
    isWarm: () => warm,
    /** `needed`: the caller waits for it; otherwise it runs when cells leave the thread quiet. */
    warmUp(opts: { needed?: boolean } = {}): Promise<void> {
      const c = compiler();
      if (!c) return Promise.resolve();
      if (opts.needed) urgent = true;
      warming ??= run(c);
      return warming;
    },
    /** A cell arrived: postpone the next slice. */
    cellArrived(): void {
      quietUntil = performance.now() + QUIET_MS;
    },
  };
}

export interface CompilerService {
  call(method: Method, args: unknown[]): Promise<unknown>;
}

/**
 * The compiler itself, wherever it runs: loads the cell compiler (TypeScript) when `begin` is
 * called, then answers calls in arrival order; compiled cells go to `post`.
 */
export function createCompilerService(opts: CompilerThreadOptions & { log: Log; post: (m: CompiledCell) => void }): CompilerService & { begin(): void } {
  const { log, post } = opts;
  let compiler: ServerCompiler | null = null;
  let loadError: Error | null = null;
  let begin!: () => void;
  const begun = new Promise<void>((r) => (begin = r));
  const loading = begun
    .then(() => loadCompiler({ cwd: opts.cwd, log, module: opts.module }))
    .then(
      (c) => {
        compiler = c;
        // The parser and emitter a first cell needs: a few hundred ms, before anyone asks.
        c.warmUpTranspiler();
      },
      (e: Error) => {
        loadError = e;
        log("error", `cell compiler failed to load: ${e.stack ?? e.message}`);
      },
    );
  const warmth = checkerWarmth(() => compiler, log);
  let pipeline: ReturnType<typeof createCellPipeline> | null = null;
  const methods: Record<Method, (c: ServerCompiler, args: unknown[]) => unknown> = {
    languageVersion: (c) => c.languageVersion,
    warmUp: () => warmth.warmUp(),
    runCell: (c, [req]) => {
      warmth.cellArrived();
      pipeline ??= createCellPipeline({ compiler: c, checker: warmth, post, log });
      return pipeline.run(req as CellRequest);
    },
    traceback: (c, [ename, evalue, stack]) => c.traceback(ename as string, evalue as string, stack as string),
    complete: async (c, [code, pos]) => {
      await warmth.warmUp({ needed: true });
      pipeline?.flush();
      return c.complete(code as string, pos as number);
    },
    inspect: async (c, [code, pos, detail]) => {
      await warmth.warmUp({ needed: true });
      pipeline?.flush();
      return c.inspect(code as string, pos as number, detail as number);
    },
    isComplete: (c, [code]) => c.isComplete(code as string),
  };
  // Each check after a commit leaves an old program behind; see idle-gc.ts for the numbers.
  const idleGc = startIdleGc({
    idleMs: 200,
    growthBytes: 4 * 1024 * 1024,
    forceBytes: 48 * 1024 * 1024,
    onCollect: ({ ms, before, after }) => log("debug", `idle gc: ${(before / 1048576).toFixed(0)} -> ${(after / 1048576).toFixed(0)} MiB in ${ms.toFixed(0)} ms`),
  });
  return {
    begin,
    async call(method, args) {
      // Every cell comes through here: no extra turn once the compiler is in.
      if (!compiler && !loadError) await loading;
      try {
        if (!compiler) throw loadError ?? new Error("the cell compiler is not available");
        const fn = (METHODS as readonly string[]).includes(method) ? methods[method] : undefined;
        if (!fn) throw new Error(`the compiler has no method ${method}`);
        return await fn(compiler, args);
      } catch (e) {
        if (method === "runCell") {
          // The executor must answer the io worker for this cell whatever happened here.
          const req = args[0] as CellRequest;
          const evalue = `the cell compiler is not available (${(e as Error).message}); restart the kernel`;
          post({ kind: "compile_failed", parent: req.parent, silent: req.silent, error: { ename: "CompilerError", evalue, traceback: [`CompilerError: ${evalue}`] } });
        }
        throw e;
      } finally {
        idleGc.poke();
      }
    },
  };
}

/**
 * The compiler on the calling thread (the io worker): no thread hop per cell and no isolate of its
 * own (~10 MiB). The io worker calls `begin` once its sockets are bound, so TypeScript's load never
 * delays them; the checker's warm-up is sliced, so no single step holds the sockets for long.
 */
export function startLocalCompiler(opts: CompilerThreadOptions & { log: Log; executorPort: MessagePort }): AsyncCompiler & { begin(): void; close(): Promise<void> } {
  const service = createCompilerService({ ...opts, post: (m) => opts.executorPort.postMessage(m) });
  let closed = false;
  const call = <T>(method: Method, ...args: unknown[]): Promise<T> => (closed ? Promise.reject(new CompilerThreadClosedError()) : (service.call(method, args) as Promise<T>));
  return {
    begin: () => service.begin(),
    runCell(req) {
      if (closed) throw new CompilerThreadClosedError();
      service.call("runCell", [req]).catch((e: Error) => opts.log("debug", `cell ${req.executionCount}: ${e.message}`));
    },
    traceback: (ename, evalue, stack) => call("traceback", ename, evalue, stack),
    isComplete: (code) => call("isComplete", code),
    languageVersion: () => call("languageVersion"),
    complete: (code, pos) => call("complete", code, pos),
    inspect: (code, pos, detail) => call("inspect", code, pos, detail),
    warmUp: () => call("warmUp"),
    async close() {
      closed = true;
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
