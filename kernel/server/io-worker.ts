/**
 * The io worker thread: binds the sockets of the connection file and serves them (see io.ts), and
 * also hosts the heartbeat (heartbeat.ts) and the heap guard's watcher (exec/heap-guard.ts): both
 * must keep working while a cell holds the main thread, and this thread never runs user code.
 * The main thread starts it with `startIoWorker` (start-io-worker.ts); this file is the worker's
 * entry.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Heartbeat } from "./heartbeat.js";
import { makeLog } from "./log.js";
import type { FromIoWorker, WorkerInput } from "./start-io-worker.js";

/** Without a kernel_info_request this long after the bind, TypeScript starts loading anyway. */
const BEGIN_COMPILER_AFTER_MS = 50;

/** How long the exit waits for the closed sockets' receive loops to end. */
const CLOSE_WAIT_MS = 250;

/** How long the main thread gets to exit by itself after a shutdown_request. */
const SHUTDOWN_GRACE_MS = 1_500;

async function run(input: WorkerInput): Promise<void> {
  const log = makeLog(input.io.logLevel, "io");
  log("debug", "io worker started");
  // Imported here, not at the top: the first kernel_info_reply waits for nothing but this thread's
  // modules and its bind, and the compiler's module loads only as one of them.
  const ownThread = process.env.D2L_TS_COMPILER_THREAD === "1";
  const [{ IoServer }, { startHeartbeat }, { endpoint }, { watchHeapGuard }, { defaultHistoryFile, History }, { watchParent }, compilerModule] = await Promise.all([
    import("./io.js"),
    import("./heartbeat.js"),
    import("../wire/connection.js"),
    import("../exec/heap-guard.js"),
    import("./history.js"),
    import("./parent-watch.js"),
    ownThread ? import("./compiler-thread.js") : import("./compiler-service.js"),
  ]);
  const heapWatch = input.io.heapGuard ? watchHeapGuard(input.io.heapGuard) : null;
  // The compiler runs on this thread unless D2L_TS_COMPILER_THREAD=1 asks for a thread of its own
  // (one more isolate and thread hop per cell, but sockets never wait behind a type check).
  const compilerOpts = { cwd: input.io.cwd, logLevel: input.io.logLevel, log, module: input.io.compilerModule, executorPort: input.compilerToExecutor };
  const compiler = "startCompilerThread" in compilerModule ? compilerModule.startCompilerThread(compilerOpts) : compilerModule.startLocalCompiler(compilerOpts);
  const history = new History(input.io.historyFile === undefined ? defaultHistoryFile() : input.io.historyFile, (m) => log("warn", m));
  // A heartbeat that cannot bind is logged, not fatal: the kernel still serves its other sockets.
  const hbEndpoint = endpoint(input.io.connection, "hb");
  let boundHeartbeat: Heartbeat | null = null;
  const heartbeat: Promise<Heartbeat | null> = startHeartbeat({ endpoint: hbEndpoint, log }).then(
    (hb) => (boundHeartbeat = hb),
    (e: unknown) => {
      log("error", `cannot bind heartbeat ${hbEndpoint}: ${(e as Error).message}`);
      return null;
    },
  );
  let exiting = false;
  const exit = (restart: boolean) => {
    if (exiting) return;
    exiting = true;
    // Sockets must be closed before the process exits: an open ZeroMQ socket in a worker
    // thread at exit aborts the process.
    server.close();
    boundHeartbeat?.close();
    void heartbeat.then((hb) => hb?.close());
    heapWatch?.stop();
    void history.close();
    void compiler.close();
    // The main thread exits the process on this message: only once ZeroMQ has ended the receive
    // loops of the closed sockets, since a receive still pending while the process tears this
    // thread down aborts it (SIGABRT, seen with a shutdown right after start-up).
    const loopsEnded = Promise.all([server.closed(), heartbeat.then((hb) => hb?.ended)]);
    const tooLong = new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref());
    void Promise.race([loopsEnded, tooLong]).then(() => parentPort!.postMessage({ kind: "exit", restart } satisfies FromIoWorker));
    // A cell blocking the main thread (while (true), an output flood) would never read that
    // message: interrupt it, as Kernel > Interrupt does, so the main thread exits promptly.
    process.kill(process.pid, "SIGINT");
    // If user code still holds the main thread, end the process from here.
    setTimeout(() => {
      log("warn", "main thread did not exit after shutdown; killing the process");
      process.kill(process.pid, "SIGKILL");
    }, SHUTDOWN_GRACE_MS);
  };
  const server = new IoServer({
    connection: input.io.connection,
    executor: input.executorPort,
    compiler,
    history,
    warmUp: () => compiler.warmUp(),
    kernelInfoAnswered: () => compiler.begin(),
    ...(heapWatch ? { cellWatch: heapWatch } : {}),
    log,
    onExit: exit,
  });
  try {
    await server.bind();
  } catch (e) {
    (await heartbeat)?.close();
    heapWatch?.stop();
    parentPort!.postMessage({ kind: "bind_failed", message: (e as Error).message } satisfies FromIoWorker);
    return;
  }
  await heartbeat;
  parentPort!.postMessage({ kind: "bound" } satisfies FromIoWorker);
  log("debug", "sockets bound");
  // TypeScript (~9 MB, tens of ms of synchronous load) starts once the first kernel_info_reply is
  // out, which a frontend asks for right after connecting, or shortly after the bind if none
  // comes (any compiler request starts it too); it loads while the executor loads the library.
  setTimeout(() => compiler.begin(), BEGIN_COMPILER_AFTER_MS).unref();
  // A frontend that died without a shutdown_request leaves nobody to stop us: exit as on shutdown.
  if (process.env.D2L_TS_PARENT_WATCH !== "0") {
    watchParent({ startPpid: input.startPpid, jupyterParent: process.env.JPY_PARENT_PID, log, onGone: () => void history.flushed().finally(() => exit(false)) });
  }
  // History is read after the sockets are up: first requests need not wait for it.
  setTimeout(() => void history.load(), 200).unref();
}

if (!isMainThread && (workerData as Partial<WorkerInput> | null)?.io) {
  void run(workerData as WorkerInput);
}
