/**
 * The kernel's compiler: one TypeScript for the whole kernel. It transpiles and type checks cells
 * (cell-pipeline.ts), hands them straight to the executor over a port of its own, and answers the
 * io worker's editor requests (completion, inspection, is_complete) and traceback mapping.
 * `createCompilerService` is the compiler itself; `startLocalCompiler` runs it on the io worker
 * (the default: no thread hop, no isolate of its own); compiler-thread.ts runs it on a thread of
 * its own (D2L_TS_COMPILER_THREAD=1).
 */
import type { MessagePort } from "node:worker_threads";
import type { CompiledCell } from "../bridge.js";
import { createCellPipeline } from "./cell-pipeline.js";
import { checkerWarmth } from "./checker-warmth.js";
import { compilerUnavailable, type AsyncCompiler, type CellRequest, type ServerCompiler } from "./compiler.js";
import { startIdleGc } from "./idle-gc.js";
import { loadCompiler } from "./load-compiler.js";
import type { Log, LogLevel } from "./log.js";

export interface CompilerThreadOptions {
  cwd: string;
  logLevel: LogLevel;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  module?: string;
}

/** Pending and later calls of a compiler the kernel closed (shutdown): expected, not worth a warning. */
export class CompilerThreadClosedError extends Error {
  readonly code = "COMPILER_THREAD_CLOSED";
  constructor() {
    super("the compiler thread was closed (the kernel is shutting down)");
  }
}

export const METHODS = ["languageVersion", "warmUp", "runCell", "traceback", "isComplete", "complete", "inspect", "lineTable"] as const;
export type Method = (typeof METHODS)[number];


/** The AsyncCompiler requests that are plain calls, whatever carries them. */
export function plainCalls(call: <T>(method: Method, ...args: unknown[]) => Promise<T>): Omit<AsyncCompiler, "runCell"> {
  return {
    traceback: (ename, evalue, stack) => call("traceback", ename, evalue, stack),
    isComplete: (code) => call("isComplete", code),
    languageVersion: () => call("languageVersion"),
    complete: (code, pos) => call("complete", code, pos),
    inspect: (code, pos, detail) => call("inspect", code, pos, detail),
    warmUp: () => call("warmUp"),
    lineTable: (code) => call("lineTable", code),
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
    lineTable: (c, [code]) => c.lineTable(code as string),
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
      if (!compiler && !loadError) {
        begin();
        await loading;
      }
      try {
        if (!compiler) throw loadError ?? new Error("the cell compiler is not available");
        const fn = (METHODS as readonly string[]).includes(method) ? methods[method] : undefined;
        if (!fn) throw new Error(`the compiler has no method ${method}`);
        return await fn(compiler, args);
      } catch (e) {
        if (method === "runCell") {
          // The executor must answer the io worker for this cell whatever happened here.
          const req = args[0] as CellRequest;
          post({ kind: "compile_failed", parent: req.parent, silent: req.silent, error: compilerUnavailable((e as Error).message) });
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
    ...plainCalls(call),
    async close() {
      closed = true;
    },
  };
}

