/**
 * Test support: runs the executor in a child process, so tests can send SIGINT, patch console and
 * process.exit, and let timers fire late without touching the test runner's own process. The
 * executor's sources are transpiled on the fly (TypeScript's transpileModule), so tests never
 * depend on a stale build. The child relays bridge messages over IPC.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { FromExecutor, ToExecutor } from "../bridge.js";

const HERE = dirname(fileURLToPath(import.meta.url));

let built: string | null = null;

/** Transpiles kernel/exec/*.ts once per test process; returns the temp root (kernel/exec/*.js inside). */
export function buildExecutorSources(): string {
  if (built) return built;
  const root = mkdtempSync(join(tmpdir(), "d2l-exec-"));
  const out = join(root, "kernel", "exec");
  mkdirSync(out, { recursive: true });
  const sources = readdirSync(HERE).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts") && f !== "test-child.ts");
  for (const f of sources) {
    const js = ts.transpileModule(readFileSync(join(HERE, f), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: f,
    }).outputText;
    writeFileSync(join(out, f.replace(/\.ts$/, ".js")), js);
  }
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    join(root, "child.mjs"),
    `import { MessageChannel } from "node:worker_threads";
import { startExecutor } from "./kernel/exec/index.js";
const { port1, port2 } = new MessageChannel();
port2.on("message", (m) => process.send({ from: "executor", m }));
process.on("message", (m) => port2.postMessage(m));
const [libraryUrl, cwd] = process.argv.slice(2);
startExecutor(port1, {
  cwd,
  libraryUrl: libraryUrl === "-" ? undefined : libraryUrl,
  log: (level, msg) => process.send({ from: "log", level, msg }),
  onShutdown: (restart) => process.send({ from: "shutdown", restart }),
});
`,
  );
  built = root;
  return root;
}

export interface SpawnOptions {
  /** Source of the stand-in library module (ESM). Default: a tiny library with `backend()`. */
  library?: string;
  /** Path (or URL) of an existing library module instead of `library`. */
  libraryUrl?: string;
  cwd?: string;
}

export interface LogLine {
  level: string;
  msg: string;
}

export interface ExecOptions {
  silent?: boolean;
  allowStdin?: boolean;
  userExpressions?: Record<string, string>;
  filename?: string;
}

export class ChildExecutor {
  readonly messages: FromExecutor[] = [];
  readonly logs: LogLine[] = [];
  stdout = "";
  stderr = "";
  private waiters: { pred: (m: FromExecutor) => boolean; from: number; resolve: (m: FromExecutor) => void }[] = [];
  private cellNo = 0;
  exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (d: Buffer) => (this.stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
    child.on("message", (raw: { from: string; m?: FromExecutor; level?: string; msg?: string }) => {
      if (raw.from === "log") this.logs.push({ level: raw.level!, msg: raw.msg! });
      if (raw.from !== "executor") return;
      this.messages.push(raw.m!);
      const idx = this.messages.length - 1;
      this.waiters = this.waiters.filter((w) => {
        if (idx >= w.from && w.pred(raw.m!)) {
          w.resolve(raw.m!);
          return false;
        }
        return true;
      });
    });
    this.exited = new Promise((r) => child.on("exit", (code) => r(code)));
  }

  send(msg: ToExecutor): void {
    this.child.send(msg);
  }

  /** The first message (at index >= from) matching pred, waiting up to timeoutMs. */
  waitFor<T extends FromExecutor>(pred: (m: FromExecutor) => boolean, opts: { from?: number; timeoutMs?: number } = {}): Promise<T> {
    const from = opts.from ?? 0;
    const hit = this.messages.slice(from).find(pred);
    if (hit) return Promise.resolve(hit as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching executor message within ${opts.timeoutMs ?? 10_000} ms; got ${JSON.stringify(this.messages.slice(from)).slice(0, 2000)}; stderr: ${this.stderr}`)), opts.timeoutMs ?? 10_000);
      this.waiters.push({ pred, from, resolve: (m) => (clearTimeout(timer), resolve(m as T)) });
    });
  }

  ready(): Promise<Extract<FromExecutor, { kind: "ready" }>> {
    return this.waitFor((m) => m.kind === "ready", { timeoutMs: 20_000 });
  }

  /** Posts an execute request with a fresh parent; returns the parent. */
  start(js: string, opts: ExecOptions = {}): string {
    const parent = `req-${++this.cellNo}`;
    this.send({
      kind: "execute",
      parent,
      js,
      filename: opts.filename ?? `cell-${this.cellNo}.ts`,
      silent: opts.silent ?? false,
      allowStdin: opts.allowStdin ?? false,
      userExpressions: opts.userExpressions ?? {},
    });
    return parent;
  }

  done(parent: string, timeoutMs = 10_000): Promise<Extract<FromExecutor, { kind: "done" }>> {
    return this.waitFor((m) => m.kind === "done" && m.parent === parent, { timeoutMs });
  }

  /** Runs a cell to completion. */
  async run(js: string, opts: ExecOptions = {}): Promise<{ parent: string; done: Extract<FromExecutor, { kind: "done" }> }> {
    const parent = this.start(js, opts);
    return { parent, done: await this.done(parent) };
  }

  /** Everything posted for `parent` so far, in order. */
  of(parent: string): FromExecutor[] {
    return this.messages.filter((m) => "parent" in m && m.parent === parent);
  }

  /** The concatenated stream text of one stream of `parent`. */
  text(parent: string, name: "stdout" | "stderr" = "stdout"): string {
    return this.of(parent)
      .filter((m): m is Extract<FromExecutor, { kind: "stream" }> => m.kind === "stream" && m.name === name)
      .map((m) => m.text)
      .join("");
  }

  interrupt(): void {
    this.child.kill("SIGINT");
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }
}

const DEFAULT_LIBRARY = `export const backend = () => "stand-in";\nexport const answer = 42;\n`;

export async function spawnExecutor(opts: SpawnOptions = {}): Promise<ChildExecutor> {
  const root = buildExecutorSources();
  let libraryUrl = opts.libraryUrl ?? "-";
  if (!opts.libraryUrl) {
    const dir = mkdtempSync(join(tmpdir(), "d2l-lib-"));
    const file = join(dir, "lib.mjs");
    writeFileSync(file, opts.library ?? DEFAULT_LIBRARY);
    libraryUrl = new URL(`file://${file}`).href;
  }
  const child = fork(join(root, "child.mjs"), [libraryUrl, opts.cwd ?? root], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
  return new ChildExecutor(child);
}
