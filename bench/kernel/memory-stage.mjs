/**
 * One stage of the resident-memory floor (memory.mjs): builds up one part of what a type-checking
 * kernel holds, collects garbage, and prints the process's resident memory as JSON. Each stage
 * runs in a fresh Node so that no stage pays for another.
 *   node --expose-gc bench/kernel/memory-stage.mjs STAGE
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CELLS = 20;

/** TypeScript as the kernel loads it: the build's minified copy through V8's code cache. */
async function loadTypescript() {
  const { typescript } = await import(join(root, "dist/kernel/compile/typescript.js"));
  return typescript();
}

/** After first use, as the kernel does: on a cache miss this writes the cache the next run reads. */
async function saveCodeCache() {
  const { saveTypescriptCodeCache } = await import(join(root, "dist/kernel/compile/typescript.js"));
  saveTypescriptCodeCache();
}

/** A language service over in-memory files: one semantic check and one completion, as a cell gets. */
async function languageService(declarationFiles) {
  const ts = await loadTypescript();
  const files = new Map(declarationFiles.map((f, i) => [`/decl${i}.d.ts`, readFileSync(f, "utf8")]));
  const cell = "/cell.ts";
  const versions = new Map();
  const setCell = (text) => {
    files.set(cell, text);
    versions.set(cell, String(Number(versions.get(cell) ?? 0) + 1));
  };
  const service = ts.createLanguageService({
    getCompilationSettings: () => ({ noLib: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleDetection: ts.ModuleDetectionKind.Force, strict: true, skipLibCheck: true, types: [] }),
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: (f) => versions.get(f) ?? "1",
    getScriptSnapshot: (f) => (files.has(f) ? ts.ScriptSnapshot.fromString(files.get(f)) : undefined),
    getCurrentDirectory: () => "/",
    getDefaultLibFileName: () => "/decl0.d.ts",
    fileExists: (f) => files.has(f),
    readFile: (f) => files.get(f),
  });
  for (let i = 0; i < CELLS; i++) {
    setCell(`const x${i} = [${i}, 2].map((v) => v * 2);\n`);
    service.getSemanticDiagnostics(cell);
  }
  setCell("Math.ma");
  const found = service.getCompletionsAtPosition(cell, 7, {})?.entries.some((e) => e.name === "max");
  if (!found) throw new Error("completion after `Math.ma` did not offer max");
  await saveCodeCache();
  return service;
}

/** The kernel's own cell compiler, warm: 20 cells compiled and committed, one completion. */
const cellCompiler = async () => {
  const { CellCompiler } = await import(join(root, "dist/kernel/compile/index.js"));
  const c = new CellCompiler({ cwd: root });
  c.warmUpChecker();
  for (let i = 0; i < CELLS; i++) {
    const r = c.compile(`const y${i} = ${i} + 1; y${i}`, i + 1);
    if (!r.ok) throw new Error(`cell ${i + 1} did not compile`);
    c.commit(`const y${i} = ${i} + 1; y${i}`, i + 1);
  }
  const found = c.complete("Math.ma", 7).matches?.some((m) => m.endsWith("max"));
  if (!found) throw new Error("completion after `Math.ma` did not offer max");
  await saveCodeCache();
  return c;
};

const forwardPass = async () => {
  const { nn, np } = await import(join(root, "dist/src/index.js"));
  const net = new nn.Sequential().add(new nn.Dense(256, { activation: "relu" }), new nn.Dense(10));
  net.initialize();
  const y = net.forward(np.random.uniform(0, 1, [2, 20]));
  if (y.shape.join(",") !== "2,10") throw new Error(`forward pass gave shape ${y.shape}`);
  return net;
};

const bindSockets = async () => {
  const zmq = await import("zeromq");
  const socks = [new zmq.Router(), new zmq.Router(), new zmq.Router(), new zmq.Publisher(), new zmq.Reply()];
  await Promise.all(socks.map((s) => s.bind("tcp://127.0.0.1:*")));
  return socks;
};

const stages = {
  /** Node alone, idle. */
  node: async () => null,
  /** ZeroMQ's addon and a kernel's five sockets, bound. */
  zeromq: bindSockets,
  /** TypeScript's language service with only the ES2023 lib (the bundle the kernel uses). */
  "typescript-es-lib": async () => languageService([join(root, "dist/types/lib.es2023.bundle.d.ts")]),
  /** The same plus tfjs-core's declarations, which the library's public types need (`tf`, Tensor). */
  "typescript-tfjs": async () => languageService([join(root, "dist/types/lib.es2023.bundle.d.ts"), join(root, "dist/types/tensorflow__tfjs-core.d.ts")]),
  /** The kernel's own cell compiler: ES lib, tfjs-core, the library's and the kernel's declarations. */
  "cell-compiler": cellCompiler,
  /** The library as the executor preloads it (tfjs-core, its backend, nn, np), after one forward pass. */
  library: forwardPass,
  /** A worker thread's isolate, idle, with the io worker's young generation: what d2l-ts's second thread costs before it holds anything. */
  "worker-isolate": async () => {
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker("setInterval(() => {}, 1000)", { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    await new Promise((resolve) => worker.once("online", resolve));
    return worker;
  },
  /** d2l-ts's parts in one isolate (it has two, so that heartbeats and interrupts are answered while a cell runs). */
  "one-isolate-kernel": async () => [await bindSockets(), await cellCompiler(), await forwardPass()],
  /**
   * The least a type-checking kernel with its library preloaded holds, in one isolate (d2l-ts has
   * two): ZeroMQ's sockets, TypeScript with the ES lib only (no tfjs-core or library types, which
   * checking a cell that uses the library needs), and the library after one forward pass.
   */
  "minimal-kernel": async () => [await bindSockets(), await languageService([join(root, "dist/types/lib.es2023.bundle.d.ts")]), await forwardPass()],
};

const name = process.argv[2];
if (!Object.hasOwn(stages, name)) {
  console.error(`memory-stage: unknown stage ${name} (known: ${Object.keys(stages).join(", ")})`);
  process.exit(2);
}
if (typeof globalThis.gc !== "function") {
  console.error("memory-stage: run with --expose-gc");
  process.exit(2);
}
// Kept reachable, so the collection below frees only garbage.
globalThis.held = await stages[name]();
globalThis.gc();
globalThis.gc();
// V8 hands freed pages back to the system on a background thread after a collection.
await new Promise((resolve) => setTimeout(resolve, 500));
const status = readFileSync("/proc/self/status", "utf8");
const kib = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? NaN);
console.log(JSON.stringify({ stage: name, rssMiB: kib("VmRSS") / 1024, anonMiB: kib("RssAnon") / 1024, fileMiB: kib("RssFile") / 1024 }));
process.exit(0);
