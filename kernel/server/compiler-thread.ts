/**
 * The cell compiler on its own thread. Type checking and the first load of TypeScript take
 * seconds; on the io thread they would hold up shutdown, interrupt and kernel_info on control.
 * Here they only delay the requests that need the compiler. `startCompilerThread` returns the
 * async face the io server uses; the bottom of this file is the thread's entry.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { AsyncCompiler, CellCompile, ServerCompiler } from "./compiler.js";
import { loadCompiler } from "./load-compiler.js";
import { makeLog, type LogLevel } from "./log.js";

export interface CompilerThreadOptions {
  cwd: string;
  logLevel: LogLevel;
  /** Module URL of the cell compiler; default kernel/compile/index.js. */
  module?: string;
}

type Call = { id: number; method: string; args: unknown[] };
type Result = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** A compiled cell is kept on the compiler thread until committed; only its key crosses. */
type WireCellCompile = Exclude<CellCompile, { ok: true }> | { ok: true; js: string; filename: string; warnings: string | null; key: number };

export function startCompilerThread(opts: CompilerThreadOptions): AsyncCompiler & { close(): Promise<void> } {
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
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the compiler thread exited (code ${code})`)));
  const call = <T>(method: string, ...args: unknown[]): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = ++next;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies Call);
    });
  };
  return {
    languageVersion: () => call<string>("languageVersion"),
    warmUp: () => call<void>("warmUp"),
    async compileCell(code, executionCount) {
      const r = await call<WireCellCompile>("compileCell", code, executionCount);
      if (!r.ok) return r;
      return { ok: true, js: r.js, filename: r.filename, warnings: r.warnings, commit: (ok: boolean) => void call("commit", r.key, ok).catch(() => {}) };
    },
    compileExpression: (expr) => call("compileExpression", expr),
    traceback: (ename, evalue, stack) => call("traceback", ename, evalue, stack),
    complete: (code, pos) => call("complete", code, pos),
    inspect: (code, pos, detail) => call("inspect", code, pos, detail),
    isComplete: (code) => call("isComplete", code),
    async close() {
      await worker.terminate();
    },
  };
}

async function serve(opts: CompilerThreadOptions): Promise<void> {
  const log = makeLog(opts.logLevel, "compiler");
  const port = parentPort!;
  let compiler: (ServerCompiler & { warmUp(): void }) | null = null;
  let loadError: Error | null = null;
  const loading = loadCompiler({ cwd: opts.cwd, log, module: opts.module }).then(
    (c) => (compiler = c),
    (e: Error) => {
      loadError = e;
      log("error", `cell compiler failed to load: ${e.stack ?? e.message}`);
    },
  );
  const uncommitted = new Map<number, (ok: boolean) => void>();
  let keys = 0;
  const methods: Record<string, (c: ServerCompiler & { warmUp(): void }, args: unknown[]) => unknown> = {
    languageVersion: (c) => c.languageVersion,
    warmUp: (c) => c.warmUp(),
    compileCell: (c, [code, n]) => {
      const r = c.compileCell(code as string, n as number);
      if (!r.ok) return r;
      const key = ++keys;
      uncommitted.set(key, r.commit);
      return { ok: true, js: r.js, filename: r.filename, warnings: r.warnings, key } satisfies WireCellCompile;
    },
    commit: (_c, [key, ok]) => {
      uncommitted.get(key as number)?.(ok as boolean);
      uncommitted.delete(key as number);
    },
    compileExpression: (c, [expr]) => c.compileExpression(expr as string),
    traceback: (c, [ename, evalue, stack]) => c.traceback(ename as string, evalue as string, stack as string),
    complete: (c, [code, pos]) => c.complete(code as string, pos as number),
    inspect: (c, [code, pos, detail]) => c.inspect(code as string, pos as number, detail as number),
    isComplete: (c, [code]) => c.isComplete(code as string),
  };
  port.on("message", async (m: Call) => {
    await loading;
    let result: Result;
    try {
      if (!compiler) throw loadError ?? new Error("the cell compiler is not available");
      const fn = methods[m.method];
      if (!fn) throw new Error(`unknown compiler method ${m.method}`);
      result = { id: m.id, ok: true, value: await fn(compiler, m.args) };
    } catch (e) {
      result = { id: m.id, ok: false, message: (e as Error).stack ?? String(e) };
    }
    port.postMessage(result);
  });
}

if (!isMainThread && (workerData as { compilerThread?: CompilerThreadOptions } | null)?.compilerThread) {
  void serve((workerData as { compilerThread: CompilerThreadOptions }).compilerThread);
}
