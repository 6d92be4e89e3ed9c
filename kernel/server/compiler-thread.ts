/**
 * One compiler thread. The kernel runs two (split-compiler.ts): a "transpile" thread that only
 * needs TypeScript's parser and emitter, and a "checker" thread that owns the language service,
 * whose first program (lib, @types/node, the library's types) takes seconds to build. On separate
 * threads, that warm-up never holds up a cell's transpile, and neither holds up the io thread's
 * shutdown, interrupt and kernel_info. `startCompilerThread` returns a typed call face; the bottom
 * of this file is the thread's entry.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { ServerCompiler } from "./compiler.js";
import { startIdleGc } from "./idle-gc.js";
import { loadCompiler } from "./load-compiler.js";
import { makeLog, type LogLevel } from "./log.js";

export type CompilerRole = "transpile" | "checker";

export interface CompilerThreadOptions {
  role: CompilerRole;
  cwd: string;
  logLevel: LogLevel;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  module?: string;
}

/** Each role answers only its own methods, so the transpile thread never builds a language service. */
const ROLE_METHODS = {
  transpile: ["languageVersion", "warmUp", "transpileCell", "compileExpression", "traceback", "isComplete"],
  checker: ["warmUp", "checkCell", "commitCell", "complete", "inspect"],
} as const;

export type CompilerMethod<R extends CompilerRole> = (typeof ROLE_METHODS)[R][number];

/** Pending and later calls of a thread the kernel closed (shutdown): expected, not worth a warning. */
export class CompilerThreadClosedError extends Error {
  readonly code = "COMPILER_THREAD_CLOSED";
  constructor(role: CompilerRole) {
    super(`the ${role} compiler thread was closed (the kernel is shutting down)`);
  }
}

type Call = { id: number; method: string; args: unknown[] };
type Result = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export interface CompilerThread<R extends CompilerRole> {
  call<T>(method: CompilerMethod<R>, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export function startCompilerThread<R extends CompilerRole>(opts: CompilerThreadOptions & { role: R }): CompilerThread<R> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { compilerThread: opts } });
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
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the ${opts.role} compiler thread exited (code ${code})`)));
  return {
    call<T>(method: CompilerMethod<R>, ...args: unknown[]): Promise<T> {
      if (dead) return Promise.reject(dead);
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id, method, args } satisfies Call);
      });
    },
    async close() {
      fail(new CompilerThreadClosedError(opts.role));
      await worker.terminate();
    },
  };
}

async function serve(opts: CompilerThreadOptions): Promise<void> {
  const log = makeLog(opts.logLevel, opts.role);
  log("debug", "thread started");
  const port = parentPort!;
  let compiler: ServerCompiler | null = null;
  let loadError: Error | null = null;
  const loading = loadCompiler({ cwd: opts.cwd, log, module: opts.module }).then(
    (c) => (compiler = c),
    (e: Error) => {
      loadError = e;
      log("error", `cell compiler failed to load: ${e.stack ?? e.message}`);
    },
  );
  const methods: Record<string, (c: ServerCompiler, args: unknown[]) => unknown> = {
    languageVersion: (c) => c.languageVersion,
    warmUp: (c) => {
      const t0 = performance.now();
      if (opts.role === "checker") c.warmUpChecker();
      else c.warmUpTranspiler();
      log("debug", `warmed up in ${(performance.now() - t0).toFixed(0)} ms`);
    },
    transpileCell: (c, [code, n]) => c.transpileCell(code as string, n as number),
    checkCell: (c, [code, mode]) => c.checkCell(code as string, mode as "warn" | "error"),
    commitCell: (c, [code, n]) => c.commitCell(code as string, n as number),
    compileExpression: (c, [expr]) => c.compileExpression(expr as string),
    traceback: (c, [ename, evalue, stack]) => c.traceback(ename as string, evalue as string, stack as string),
    complete: (c, [code, pos]) => c.complete(code as string, pos as number),
    inspect: (c, [code, pos, detail]) => c.inspect(code as string, pos as number, detail as number),
    isComplete: (c, [code]) => c.isComplete(code as string),
  };
  const allowed = new Set<string>(ROLE_METHODS[opts.role]);
  // Each check after a commit leaves an old program behind; see idle-gc.ts for the numbers.
  const idleGc = startIdleGc({
    idleMs: 200,
    growthBytes: (opts.role === "checker" ? 24 : 16) * 1024 * 1024,
    forceBytes: (opts.role === "checker" ? 48 : 32) * 1024 * 1024,
    onCollect: ({ ms, before, after }) => log("debug", `idle gc: ${(before / 1048576).toFixed(0)} -> ${(after / 1048576).toFixed(0)} MiB in ${ms.toFixed(0)} ms`),
  });
  port.on("message", async (m: Call) => {
    await loading;
    let result: Result;
    try {
      if (!compiler) throw loadError ?? new Error("the cell compiler is not available");
      const fn = allowed.has(m.method) ? methods[m.method] : undefined;
      if (!fn) throw new Error(`the ${opts.role} compiler thread has no method ${m.method}`);
      result = { id: m.id, ok: true, value: await fn(compiler, m.args) };
    } catch (e) {
      result = { id: m.id, ok: false, message: (e as Error).stack ?? String(e) };
    }
    port.postMessage(result);
    idleGc.poke();
  });
}

if (!isMainThread && (workerData as { compilerThread?: CompilerThreadOptions } | null)?.compilerThread) {
  void serve((workerData as { compilerThread: CompilerThreadOptions }).compilerThread);
}
