/**
 * Runs compiled cells one at a time, in arrival order. A cell is a script that evaluates to
 * `Promise<{ value, show }>`; its synchronous part runs under `breakOnSigint`, its awaits race
 * the interrupt signal. Variables live on globalThis, so nothing is lost when a cell is abandoned.
 */
import vm from "node:vm";
import type { ErrorInfo, FromExecutor, ToExecutor } from "../bridge.js";
import type { MimeBundle } from "../../src/display/mime.js";
import { cellStorage, makeContext, setLastCell, type CellContext } from "./context.js";
import { errorInfo } from "./error-info.js";
import { InterruptedError } from "./errors.js";
import type { HeapGuard } from "./heap-guard.js";
import { toBundle } from "./format.js";
import type { Outbox } from "./outbox.js";
import type { SigintWatch } from "./sigint.js";
import { rejectInputs } from "./stdin.js";

/** How often an awaiting cell looks for a SIGINT; the issue asks for interrupts within a second. */
const SIGINT_POLL_MS = 50;

export type ExecuteMsg = Extract<ToExecutor, { kind: "execute" | "compile_failed" }>;
type DoneMsg = Extract<FromExecutor, { kind: "done" }>;
type ExprResult = NonNullable<DoneMsg["userExpressions"]>[string];

export interface RunnerOptions {
  outbox: Outbox;
  /** Runs before the first cell (e.g. to show that the library failed to load). */
  beforeFirstCell?: (ctx: CellContext) => void;
  /** SIGINTs that arrived while the cell awaited (see sigint.ts); null: a process listener interrupts. */
  sigint?: SigintWatch | null;
  /** Interrupts a cell that nearly fills the heap (V8 would abort the process); see heap-guard.ts. */
  heapGuard?: HeapGuard;
}

interface Running {
  ctx: CellContext;
  interrupt(): void;
}

export class CellRunner {
  private queue: ExecuteMsg[] = [];
  private busy = false;
  private started = false;
  private ranOne = false;
  private running: Running | null = null;
  private readonly cancelled = new Set<string>();
  /**
   * Interrupts that arrived before their cell: the compiler thread may still hold it. The io
   * worker sends cells one at a time, so only the next arrival can match; it clears the set.
   */
  private readonly early = new Set<string>();

  constructor(private readonly opts: RunnerOptions) {}

  enqueue(msg: ExecuteMsg): void {
    if (this.early.has(msg.parent)) this.cancelled.add(msg.parent);
    this.early.clear();
    this.queue.push(msg);
    void this.drain();
  }

  /** Cells queued before the library was loaded wait for this. */
  start(): void {
    this.started = true;
    void this.drain();
  }

  /**
   * Interrupts `parent` whether it runs, waits in the queue or has not arrived yet (then it ends
   * with KeyboardInterrupt without running). Finished parents are ignored.
   */
  interruptParent(parent: string): boolean {
    if (this.running?.ctx.parent === parent) return this.interrupt();
    if (this.queue.some((m) => m.parent === parent)) {
      this.cancelled.add(parent);
      return true;
    }
    this.early.add(parent);
    return false;
  }

  /** Rejects the running cell's await; true if a cell was running. Harmless when idle. */
  interrupt(): boolean {
    if (!this.running) return false;
    this.running.interrupt();
    return true;
  }

  private async drain(): Promise<void> {
    if (this.busy || !this.started) return;
    this.busy = true;
    try {
      for (let msg = this.queue.shift(); msg; msg = this.queue.shift()) await this.run(msg);
    } finally {
      this.busy = false;
    }
  }

  private async run(msg: ExecuteMsg): Promise<void> {
    if (msg.kind === "compile_failed") {
      this.cancelled.delete(msg.parent);
      this.opts.outbox.send({ kind: "done", parent: msg.parent, status: "error", compileError: msg.error, userExpressions: {} });
      return;
    }
    if (this.cancelled.delete(msg.parent)) {
      this.opts.outbox.send({ kind: "done", parent: msg.parent, status: "error", error: errorInfo(new InterruptedError()), userExpressions: {} });
      return;
    }
    if (msg.warnings && !msg.silent) this.opts.outbox.stream(msg.parent, "stderr", msg.warnings.endsWith("\n") ? msg.warnings : `${msg.warnings}\n`);
    const ctx = makeContext({ parent: msg.parent, silent: msg.silent, allowStdin: msg.allowStdin });
    setLastCell(ctx);
    let interrupt!: (e: unknown) => void;
    const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
    interrupted.catch(() => undefined);
    this.running = {
      ctx,
      interrupt: () => {
        const err = new InterruptedError();
        rejectInputs(ctx.parent, err);
        interrupt(err);
      },
    };
    const race = <T>(p: T | Promise<T>): Promise<T> => Promise.race([p, interrupted]);

    let done: DoneMsg;
    const sigint = this.opts.sigint;
    const poll = sigint ? setInterval(() => sigint.pending() && this.running?.interrupt(), SIGINT_POLL_MS) : null;
    this.opts.heapGuard?.arm();
    try {
      done = await cellStorage.run(ctx, async (): Promise<DoneMsg> => {
        if (!this.ranOne) {
          this.ranOne = true;
          this.opts.beforeFirstCell?.(ctx);
        }
        const { value, show } = await race(evaluate(msg.js, msg.filename));
        if (ctx.pending.size > 0) await race(Promise.all([...ctx.pending]));
        let result: DoneMsg["result"];
        if (show && !ctx.silent && value !== undefined) result = { data: await race(toBundle(value)), metadata: {} };
        const userExpressions: Record<string, ExprResult> = {};
        for (const [name, e] of Object.entries(msg.exprErrors ?? {})) userExpressions[name] = { status: "error", ...e };
        for (const [name, js] of Object.entries(msg.userExpressions)) userExpressions[name] = await race(evaluateExpression(js, name));
        return { kind: "done", parent: msg.parent, status: "ok", ...(result ? { result } : {}), userExpressions };
      });
    } catch (e) {
      const guard = this.opts.heapGuard;
      done = { kind: "done", parent: msg.parent, status: "error", error: errorInfo(guard?.tripped() ? guard.error() : e), userExpressions: {} };
    }
    this.opts.heapGuard?.disarm();
    if (poll) clearInterval(poll);
    this.running = null;
    ctx.finished = true;
    this.opts.outbox.send(done);
  }
}

/** Runs one compiled script; what it evaluates to is awaited as `{ value, show }`. */
async function evaluate(js: string, filename: string): Promise<{ value: unknown; show: boolean }> {
  let out: unknown;
  try {
    out = vm.runInThisContext(js, { filename, breakOnSigint: true });
  } catch (e) {
    if ((e as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw new InterruptedError();
    throw e;
  }
  const r = await out;
  // Scripts follow the compiler's contract; anything else is shown as a plain value.
  if (typeof r === "object" && r !== null && "show" in r && typeof (r as { show: unknown }).show === "boolean") return r as { value: unknown; show: boolean };
  return { value: r, show: true };
}

async function evaluateExpression(js: string, name: string): Promise<ExprResult> {
  try {
    const { value } = await evaluate(js, `user-expression-${name}.ts`);
    const data: MimeBundle = await toBundle(value);
    return { status: "ok", data, metadata: {} };
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    const info: ErrorInfo = errorInfo(e);
    return { status: "error", ...info };
  }
}
