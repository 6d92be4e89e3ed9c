/**
 * The io server: shell, control, stdin (ROUTER) and iopub (XPUB) sockets, one receive loop and one
 * send queue per socket. It owns every iopub message, so ordering (busy -> outputs -> idle, every
 * stream line before idle) is decided here and nowhere else.
 */
import type { MessagePort } from "node:worker_threads";
import * as zmq from "zeromq";
import type { FromExecutor, ToExecutor } from "../bridge.js";
import { decode, encode, makeSigner, type Signer } from "../wire/codec.js";
import { endpoint, type ConnectionInfo } from "../wire/connection.js";
import type { Channel, ContentMap, Header, Message, MessageOf, MsgType } from "../wire/messages.js";
import { makeMessage } from "../wire/messages.js";
import { compilerUnavailable, type AsyncCompiler } from "./compiler.js";
import { typescriptVersion } from "./load-compiler.js";
import { History } from "./history.js";
import { kernelInfo } from "./kernel-info.js";
import { onceLogger, type Log } from "./log.js";
import { SendQueue } from "./send-queue.js";
import { DebugAdapter } from "../debug/adapter.js";
import { StreamBatcher } from "./stream-batcher.js";

export interface IoServerOptions {
  connection: ConnectionInfo;
  /** Port to the main-thread executor (kernel/bridge.ts messages). */
  executor: MessagePort;
  /** The cell compiler, on its own thread so slow type checks never hold up this one. */
  compiler: AsyncCompiler;
  history: History;
  log: Log;
  /**
   * Expensive preparation (loading TypeScript) that must not delay the first kernel_info_reply:
   * run once, right after that reply is sent or shortly after the executor is ready.
   */
  warmUp?: () => void | Promise<void>;
  /** Called after each kernel_info_reply is queued: the io worker starts loading TypeScript after the first. */
  kernelInfoAnswered?: () => void;
  /** Told when a cell goes to the compiler/executor and when its `done` came back (the heap watcher). */
  cellWatch?: { cellStarted(): void; cellEnded(): void };
  /** Called once the shutdown reply is on the wire; the process must exit soon after. */
  onExit: (restart: boolean) => void;
}

type RouterChannel = Exclude<Channel, "iopub">;
interface Parent {
  header: Header;
  identities: Buffer[];
}
interface Pending {
  msg: MessageOf<"execute_request">;
}
type DoneMsg = Extract<FromExecutor, { kind: "done" }>;

const TS_VERSION = typescriptVersion();

/**
 * How long shell requests wait for iopub's first subscriber. A frontend connects its sockets
 * together but their handshakes finish independently (each retries every 100 ms until the kernel
 * has bound); one that answers nothing on iopub before its first request (jupyter console: one
 * kernel_info, then execute) lost its first cell's busy/output/idle and waited forever. The wait
 * normally ends within one reconnect interval; the bound only serves a client that never
 * subscribes (it then pays this once), so it is far above any handshake on a loaded machine.
 */
const FIRST_SUBSCRIBER_GRACE_MS = 5_000;

/** Iopub parents are kept for late output (timers); the oldest are forgotten past this many. */
const MAX_PARENTS = 10_000;

export class IoServer {
  private readonly signer: Signer;
  private readonly session = `kernel-${process.pid}-${Date.now().toString(36)}`;
  private readonly sockets: Record<RouterChannel, zmq.Router>;
  private readonly iopub: zmq.XPublisher;
  /** Resolves at iopub's first subscription (or after FIRST_SUBSCRIBER_GRACE_MS): see there. */
  private readonly firstSubscriber: Promise<void>;
  private subscribed = false;
  private readonly queues: Record<Channel, SendQueue>;
  private readonly batcher: StreamBatcher;
  private readonly dropped: ReturnType<typeof onceLogger>;
  private readonly parents = new Map<string, Parent>();
  private readonly doneWaiters = new Map<string, (d: DoneMsg) => void>();
  private readonly comms = new Map<string, string>();
  private readonly pendingCommOpen = new Map<string, Parent & { settled: () => void }>();
  /** target_name of frontend comm_opens awaiting the executor's verdict. */
  private readonly commTargets = new Map<string, string>();
  private readonly inputRequests = new Map<string, string>();
  private executeQueue: Pending[] = [];
  private executing = false;
  /** The execute_request being handled, from compile to the executor's `done`. */
  private current: { msgId: string } | null = null;
  private executionCount = 0;
  private ready: Promise<{ backend: string; version: string }>;
  private markReady!: (r: { backend: string; version: string }) => void;
  private backend: string | null = null;
  private closing = false;
  private readonly debug: DebugAdapter;
  /** Debug events go out under the last debug_request, as ipykernel does. */
  private debugParent: Header | undefined;

  constructor(private readonly opts: IoServerOptions) {
    this.signer = makeSigner({ key: opts.connection.key, scheme: opts.connection.signature_scheme });
    this.sockets = {
      shell: new zmq.Router({ linger: 0 }),
      control: new zmq.Router({ linger: 0 }),
      stdin: new zmq.Router({ linger: 0 }),
    };
    // linger on iopub lets the last idle/shutdown messages leave before the process exits.
    // A PUB socket silently drops messages past its high-water mark (default 1000) for a slow
    // subscriber; output must not vanish, so the bound is far above any real burst.
    // XPUB rather than PUB: it tells us when a frontend has subscribed.
    this.iopub = new zmq.XPublisher({ linger: 1000, sendHighWaterMark: 100_000 });
    this.firstSubscriber = this.watchSubscriptions();
    const onSendError = (ch: Channel) => (e: Error) => opts.log("error", `send on ${ch} failed: ${e.message}`);
    this.queues = {
      shell: new SendQueue(this.sockets.shell, onSendError("shell")),
      control: new SendQueue(this.sockets.control, onSendError("control")),
      stdin: new SendQueue(this.sockets.stdin, onSendError("stdin")),
      iopub: new SendQueue(this.iopub, onSendError("iopub")),
    };
    this.batcher = new StreamBatcher({
      publish: (c) => this.publishNow("stream", { name: c.name, text: c.text }, this.parents.get(c.parent)?.header),
    });
    this.dropped = onceLogger(opts.log);
    this.ready = new Promise((r) => (this.markReady = r));
    opts.executor.on("message", (m: FromExecutor) => this.fromExecutor(m));
    this.debug = new DebugAdapter({
      lineTable: (code) => opts.compiler.lineTable(code),
      event: (e) => void this.publish("debug_event", e as never, this.debugParent),
      log: opts.log,
    });
  }

  async bind(): Promise<void> {
    const c = this.opts.connection;
    // Every bind settles before a failure is reported: zeromq.js binds on libuv's thread pool, and
    // a bind still in flight when the process exits after the failure comes back to a thread
    // that can no longer run JavaScript, which aborts the process ("terminate called after
    // throwing an instance of 'Napi::Error'") instead of the clean exit 1.
    const binds = await Promise.allSettled([
      this.sockets.shell.bind(endpoint(c, "shell")),
      this.sockets.control.bind(endpoint(c, "control")),
      this.sockets.stdin.bind(endpoint(c, "stdin")),
      this.iopub.bind(endpoint(c, "iopub")),
    ]);
    const failed = binds.find((b): b is PromiseRejectedResult => b.status === "rejected");
    if (failed) throw failed.reason;
    this.opts.log("info", `listening on ${endpoint(c, "shell")} (shell) and the other ports of the connection file`);
    // Unsigned mode is allowed by the spec but lets any process that reaches the ports run code.
    if (!this.signer.enabled) this.opts.log("warn", `the connection file has an empty key: messages are neither signed nor verified, so any process that can reach ${c.ip} can run code in this kernel; let Jupyter generate a key unless this is intended`);
    this.loops = (["shell", "control", "stdin"] as const).map((ch) => this.receiveLoop(ch));
  }

  private loops: Promise<void>[] = [];

  /** Resolves once every receive loop has ended (after close()). */
  async closed(): Promise<void> {
    await Promise.all(this.loops);
  }

  /** Reads iopub's subscription messages; resolves at the first one, or after the grace period. */
  private watchSubscriptions(): Promise<void> {
    let resolve!: () => void;
    const first = new Promise<void>((r) => (resolve = r));
    const grace = setTimeout(() => {
      if (this.subscribed) return;
      this.opts.log("warn", `no frontend subscribed to iopub within ${FIRST_SUBSCRIBER_GRACE_MS} ms; answering shell requests anyway (their status and output go to nobody)`);
      resolve();
    }, FIRST_SUBSCRIBER_GRACE_MS);
    grace.unref();
    void (async () => {
      try {
        // Frames: [0x01 + topic] for a subscription, [0x00 + topic] when a subscriber leaves.
        for await (const [frame] of this.iopub) {
          if (frame?.[0] === 1 && !this.subscribed) {
            this.subscribed = true;
            clearTimeout(grace);
            resolve();
          }
        }
      } catch (e) {
        if (!this.closing) this.opts.log("error", `iopub subscription loop ended: ${(e as Error).message}`);
      }
    })();
    return first;
  }

  private async receiveLoop(channel: RouterChannel): Promise<void> {
    try {
      for await (const frames of this.sockets[channel]) {
        // Shell waits for iopub's first subscriber (in order: the loop reads no further meanwhile);
        // control does not, so interrupt and shutdown always get through.
        if (channel === "shell" && !this.subscribed) await this.firstSubscriber;
        const d = decode(frames, this.signer);
        if (!d.ok) {
          this.dropped(`${channel}:${d.error.kind}`, "warn", `dropped a message on ${channel}: ${d.error.message}`);
          continue;
        }
        if (!d.known) {
          this.dropped(`${channel}:unknown-msg-type`, "warn", `ignored unsupported ${JSON.stringify(d.msg.header.msg_type.slice(0, 80))} on ${channel}`);
          continue;
        }
        try {
          this.dispatch(channel, d.msg);
        } catch (e) {
          this.opts.log("error", `handling ${d.msg.header.msg_type} on ${channel}: ${(e as Error).stack ?? e}`);
        }
      }
    } catch (e) {
      if (!this.closing) this.opts.log("error", `${channel} receive loop ended: ${(e as Error).message}`);
    }
  }

  // ---- sending ----

  private reply<T extends MsgType>(channel: RouterChannel, req: Message, msgType: T, content: ContentMap[T]): Promise<void> {
    const msg = makeMessage(msgType, content, { session: this.session, parent: req.header, identities: req.identities });
    return this.queues[channel].push(encode(msg as Message, this.signer));
  }

  /** Every iopub message except streams goes through here: pending stream text leaves first. */
  private publish<T extends MsgType>(msgType: T, content: ContentMap[T], parent: Header | undefined): Promise<void> {
    this.batcher.flush();
    return this.publishNow(msgType, content, parent);
  }

  private publishNow<T extends MsgType>(msgType: T, content: ContentMap[T], parent: Header | undefined): Promise<void> {
    const msg = makeMessage(msgType, content, { session: this.session, parent: parent ?? {}, identities: [Buffer.from(`kernel.${msgType}`)] });
    return this.queues.iopub.push(encode(msg as Message, this.signer));
  }

  private rememberParent(msg: Message): void {
    this.parents.set(msg.header.msg_id, { header: msg.header, identities: msg.identities });
    if (this.parents.size > MAX_PARENTS) {
      const oldest = this.parents.keys().next().value;
      if (oldest !== undefined) this.parents.delete(oldest);
    }
  }

  private toExecutor(m: ToExecutor): void {
    this.opts.executor.postMessage(m);
  }

  /**
   * busy, the handler, idle: the one place that brackets a request with status messages.
   * Sends are queued per socket in push order, so nothing here waits for ZeroMQ to take a message
   * before going on: waiting would only add a turn of the event loop per message to every request.
   * Resolves once idle is queued.
   */
  private async withStatus(msg: Message, handler: () => Promise<void> | void): Promise<void> {
    // Handlers queue their reply and return without awaiting the send: idle is then queued in the
    // same turn, before the next request is read. Awaiting the send let a frontend's next request
    // (sent on receipt of this reply) publish its busy before this idle, and jupyter console ends a
    // cell at any idle of its session (test/kernel/iopub-join.test.ts).
    void this.publish("status", { execution_state: "busy" }, msg.header);
    try {
      await handler();
    } catch (e) {
      this.opts.log("error", `${msg.header.msg_type} failed: ${(e as Error).stack ?? e}`);
    } finally {
      void this.publish("status", { execution_state: "idle" }, msg.header);
    }
  }

  // ---- dispatch ----

  private dispatch(channel: RouterChannel, msg: Message): void {
    this.rememberParent(msg);
    if (channel === "stdin") {
      if (msg.msg_type === "input_reply") this.onInputReply(msg);
      else this.dropped(`stdin:unexpected:${msg.header.msg_type}`, "warn", `ignored ${msg.header.msg_type} on stdin`);
      return;
    }
    switch (msg.msg_type) {
      case "kernel_info_request":
        // Answered at once, library loaded or not: cells wait for the executor (execute), the
        // frontend need not. The banner names the tensor backend once it is known. The reply is
        // queued, not awaited, so idle is queued before the next request is read.
        void this.withStatus(msg, async () => {
          void this.reply(channel, msg, "kernel_info_reply", kernelInfo({ languageVersion: TS_VERSION, backend: this.backend }));
        }).then(() => {
          this.opts.kernelInfoAnswered?.();
          if (this.backend !== null) this.scheduleWarmUp(0);
        });
        return;
      case "shutdown_request":
        if (channel !== "control") this.opts.log("info", "shutdown_request arrived on shell; honouring it");
        void this.shutdown(channel, msg);
        return;
      case "debug_request":
        this.debugParent = msg.header;
        void this.withStatus(msg, async () => {
          await this.reply(channel, msg, "debug_reply", (await this.debug.handle(msg.content)) as never);
        });
        return;
      case "interrupt_request":
        void this.withStatus(msg, async () => {
          this.interrupt();
          await this.debug.interrupted();
          void this.reply(channel, msg, "interrupt_reply", { status: "ok" });
        });
        return;
      case "execute_request":
        this.executeQueue.push({ msg });
        void this.runQueue();
        return;
      case "complete_request":
        void this.withStatus(msg, async () => {
          const r = await this.opts.compiler.complete(msg.content.code, msg.content.cursor_pos);
          void this.reply(channel, msg, "complete_reply", { status: "ok", matches: r.matches, cursor_start: r.cursorStart, cursor_end: r.cursorEnd, metadata: r.metadata });
        });
        return;
      case "inspect_request":
        void this.withStatus(msg, async () => {
          const r = await this.opts.compiler.inspect(msg.content.code, msg.content.cursor_pos, msg.content.detail_level ?? 0);
          void this.reply(channel, msg, "inspect_reply", { status: "ok", found: r.found, data: r.found ? r.data : {}, metadata: {} });
        });
        return;
      case "is_complete_request":
        void this.withStatus(msg, async () => {
          void this.reply(channel, msg, "is_complete_reply", await this.opts.compiler.isComplete(msg.content.code));
        });
        return;
      case "history_request":
        void this.withStatus(msg, async () => {
          const history = await this.opts.history.query(msg.content);
          void this.reply(channel, msg, "history_reply", { status: "ok", history });
        });
        return;
      case "comm_info_request":
        void this.withStatus(msg, async () => {
          const comms: Record<string, { target_name: string }> = {};
          for (const [id, target] of this.comms) {
            if (!msg.content.target_name || msg.content.target_name === target) comms[id] = { target_name: target };
          }
          void this.reply(channel, msg, "comm_info_reply", { status: "ok", comms });
        });
        return;
      case "comm_open":
        void this.withStatus(msg, async () => {
          await this.waitReady();
          const settled = new Promise<void>((resolve) => {
            this.pendingCommOpen.set(msg.content.comm_id, { header: msg.header, identities: msg.identities, settled: resolve });
            setTimeout(resolve, 5_000).unref();
          });
          this.commTargets.set(msg.content.comm_id, msg.content.target_name);
          this.toExecutor({ kind: "comm_open", parent: msg.header.msg_id, commId: msg.content.comm_id, targetName: msg.content.target_name, data: msg.content.data ?? {} });
          // The executor's verdict (and a comm_close for an unknown target) belongs inside busy/idle.
          await settled;
        });
        return;
      case "comm_msg":
        void this.withStatus(msg, () => {
          this.toExecutor({ kind: "comm_msg", parent: msg.header.msg_id, commId: msg.content.comm_id, data: msg.content.data ?? {} });
        });
        return;
      case "comm_close":
        void this.withStatus(msg, () => {
          this.comms.delete(msg.content.comm_id);
          this.toExecutor({ kind: "comm_close", parent: msg.header.msg_id, commId: msg.content.comm_id, data: msg.content.data ?? {} });
        });
        return;
      default:
        this.dropped(`${channel}:unexpected:${msg.header.msg_type}`, "warn", `ignored ${msg.header.msg_type} sent to the kernel on ${channel}`);
    }
  }

  private async waitReady(): Promise<void> {
    // Every cell after start-up: no 30 s timer to arm and clear per request.
    if (this.backend !== null) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((r) => {
      timer = setTimeout(() => {
        this.opts.log("warn", "the executor has not reported ready after 30 s; answering without it");
        r();
      }, 30_000);
    });
    await Promise.race([this.ready.then(() => undefined), late]);
    clearTimeout(timer);
  }

  private warmUpTimer: NodeJS.Timeout | null = null;
  private warmedUp = false;
  private scheduleWarmUp(delayMs: number): void {
    if (this.warmedUp || !this.opts.warmUp) return;
    if (this.warmUpTimer) clearTimeout(this.warmUpTimer);
    this.warmUpTimer = setTimeout(() => {
      if (this.warmedUp) return;
      this.warmedUp = true;
      const t0 = performance.now();
      void Promise.resolve()
        .then(() => this.opts.warmUp?.())
        .then(
          () => this.opts.log("debug", `compiler warmed up in ${(performance.now() - t0).toFixed(0)} ms`),
          (e: Error) => this.opts.log("warn", `compiler warm-up failed: ${e.message}`),
        );
    }, delayMs);
  }

  interrupt(): void {
    // The message reaches the executor wherever the cell is: still in the compiler (it is then
    // cancelled on arrival), queued, or awaiting. The signal reaches the main thread even while it
    // runs `while (true) {}`, where vm's breakOnSigint turns it into an error in the running cell.
    if (this.current) this.toExecutor({ kind: "interrupt", parent: this.current.msgId });
    process.kill(process.pid, "SIGINT");
    // A signal landing just as a cell's synchronous part ends is swallowed by vm's watchdog and the
    // cell goes on awaiting; repeat it while the same cell is still running.
    const target = this.current?.msgId ?? null;
    if (!target) return;
    for (const delay of [400, 1000, 2000]) {
      setTimeout(() => {
        if (this.current?.msgId === target && this.doneWaiters.has(target)) {
          this.opts.log("debug", `cell ${target} still running after an interrupt; signalling again`);
          process.kill(process.pid, "SIGINT");
        }
      }, delay).unref();
    }
  }

  // ---- execute ----

  private async runQueue(): Promise<void> {
    if (this.executing) return;
    this.executing = true;
    try {
      while (this.executeQueue.length > 0) {
        const next = this.executeQueue.shift()!;
        const failed = await this.execute(next.msg);
        if (failed && next.msg.content.stop_on_error !== false) await this.abortQueued();
      }
    } finally {
      this.executing = false;
    }
  }

  /** Requests queued behind a failed cell are answered "aborted", as ipykernel does. */
  private async abortQueued(): Promise<void> {
    const aborted = this.executeQueue;
    this.executeQueue = [];
    for (const { msg } of aborted) {
      await this.withStatus(msg, () => this.reply("shell", msg, "execute_reply", { status: "aborted", execution_count: this.executionCount } as never));
    }
  }

  /** Hands the cell to the compiler; resolves with the executor's `done`. */
  private startCell(msg: MessageOf<"execute_request">, count: number): Promise<DoneMsg> {
    const c = msg.content;
    const parent = msg.header.msg_id;
    const done = new Promise<DoneMsg>((r) => this.doneWaiters.set(parent, r));
    const userExpressions: Record<string, string> = {};
    for (const [name, expr] of Object.entries(c.user_expressions ?? {})) userExpressions[name] = String(expr);
    try {
      // Compiled cells go from the compiler to the executor; its `done` is the answer.
      const file = this.debug.fileFor(c.code);
      this.opts.compiler.runCell({ parent, code: c.code, executionCount: count, silent: c.silent === true, allowStdin: c.allow_stdin === true, userExpressions, ...(file ? { file } : {}) });
      this.opts.cellWatch?.cellStarted();
    } catch (e) {
      this.fromExecutor({ kind: "done", parent, status: "error", compileError: compilerUnavailable((e as Error).message) });
    }
    return done;
  }

  /** Runs one execute_request; resolves true if the cell failed. */
  private async execute(msg: MessageOf<"execute_request">): Promise<boolean> {
    const c = msg.content;
    const silent = c.silent === true;
    const storeHistory = silent ? false : c.store_history !== false;
    let failed = false;
    this.current = { msgId: msg.header.msg_id };
    // The cell is compiled and handed to the executor before anything is encoded here: busy and
    // execute_input are published while it runs. Right after start-up it is compiled while the
    // executor still loads the library; the executor runs it once ready.
    if (storeHistory) this.executionCount += 1;
    const count = this.executionCount;
    const done = this.startCell(msg, count);
    await this.withStatus(msg, async () => {
      if (!silent) void this.publish("execute_input", { code: c.code, execution_count: count }, msg.header);
      if (storeHistory) void this.opts.history.add(count, c.code);
      const d = await done;
      this.opts.cellWatch?.cellEnded();
      if (this.debug.started) await this.debug.cellEnded();
      const compiler = this.opts.compiler;
      const exprs: Record<string, unknown> = {};
      for (const [name, r] of Object.entries(d.userExpressions ?? {})) {
        exprs[name] = r.status === "ok" || "traceback" in r ? r : { status: "error", ename: r.ename, evalue: r.evalue, traceback: await compiler.traceback(r.ename, r.evalue, r.stack) };
      }
      if (d.status === "ok") {
        if (d.result && !silent) {
          void this.publish("execute_result", { execution_count: count, data: d.result.data, metadata: d.result.metadata }, msg.header);
          if (storeHistory) this.opts.history.setOutput(count, String(d.result.data["text/plain"] ?? ""));
        }
        void this.reply("shell", msg, "execute_reply", { status: "ok", execution_count: count, payload: [], user_expressions: exprs });
      } else {
        failed = true;
        const info = d.error ?? { ename: "Error", evalue: "the cell failed without an error object", stack: "" };
        const err = d.compileError ?? { ename: info.ename, evalue: info.evalue, traceback: await compiler.traceback(info.ename, info.evalue, info.stack) };
        if (!silent) void this.publish("error", err, msg.header);
        void this.reply("shell", msg, "execute_reply", { status: "error", ...err, execution_count: count, user_expressions: exprs } as never);
      }
    });
    this.current = null;
    return failed;
  }

  // ---- executor -> wire ----

  private parentHeader(parent: string | null): Header | undefined {
    return parent === null ? undefined : this.parents.get(parent)?.header;
  }

  private fromExecutor(m: FromExecutor): void {
    switch (m.kind) {
      case "ready":
        this.backend = m.backend;
        this.opts.log("info", `executor ready (library ${m.version}, backend ${m.backend})`);
        this.markReady({ backend: m.backend, version: m.version });
        this.scheduleWarmUp(300);
        return;
      case "stream":
        this.batcher.add({ parent: m.parent, name: m.name, text: m.text });
        return;
      case "display": {
        const content = { data: m.data, metadata: m.metadata, transient: m.displayId ? { display_id: m.displayId } : {} };
        void this.publish(m.update ? "update_display_data" : "display_data", content, this.parentHeader(m.parent));
        return;
      }
      case "clear_output":
        void this.publish("clear_output", { wait: m.wait }, this.parentHeader(m.parent));
        return;
      case "done": {
        // Stream text the cell produced before finishing stays ahead of its result and idle.
        this.batcher.flush();
        const w = this.doneWaiters.get(m.parent);
        this.doneWaiters.delete(m.parent);
        if (w) w(m);
        else this.opts.log("warn", `done for unknown request ${m.parent}`);
        return;
      }
      case "late_error": {
        // Mapping the stack is async; flush now so stream text printed before the error stays ahead.
        this.batcher.flush();
        const parent = this.parentHeader(m.parent);
        void this.opts.compiler.traceback(m.error.ename, m.error.evalue, m.error.stack).then(
          (traceback) => this.publish("error", { ename: m.error.ename, evalue: m.error.evalue, traceback }, parent),
          () => this.publish("error", { ename: m.error.ename, evalue: m.error.evalue, traceback: m.error.stack.split("\n") }, parent),
        );
        return;
      }
      case "input_request": {
        const p = this.parents.get(m.parent);
        if (!p) {
          this.opts.log("warn", `input_request for unknown request ${m.parent}`);
          this.toExecutor({ kind: "input_reply", parent: m.parent, value: "" });
          return;
        }
        this.batcher.flush();
        const req = makeMessage("input_request", { prompt: m.prompt, password: m.password }, { session: this.session, parent: p.header, identities: p.identities });
        this.inputRequests.set(req.header.msg_id, m.parent);
        void this.queues.stdin.push(encode(req, this.signer));
        return;
      }
      case "comm_open":
        this.comms.set(m.commId, m.targetName);
        void this.publish("comm_open", { comm_id: m.commId, target_name: m.targetName, data: m.data }, this.parentHeader(m.parent));
        return;
      case "comm_msg":
        void this.publish("comm_msg", { comm_id: m.commId, data: m.data }, this.parentHeader(m.parent));
        return;
      case "comm_close":
        this.comms.delete(m.commId);
        void this.publish("comm_close", { comm_id: m.commId, data: m.data }, this.parentHeader(m.parent));
        return;
      case "comm_open_result": {
        const p = this.pendingCommOpen.get(m.commId);
        this.pendingCommOpen.delete(m.commId);
        if (m.accepted) {
          this.comms.set(m.commId, this.commTargets.get(m.commId) ?? "");
        } else {
          // The spec: a comm_open for an unknown target is answered by closing the comm.
          void this.publish("comm_close", { comm_id: m.commId, data: {} }, p?.header);
        }
        this.commTargets.delete(m.commId);
        p?.settled();
        return;
      }
      default: {
        const never: never = m;
        this.opts.log("warn", `unknown executor message ${JSON.stringify(never)}`);
      }
    }
  }

  private onInputReply(msg: MessageOf<"input_reply">): void {
    const requestId = (msg.parent_header as Partial<Header>).msg_id;
    const parent = (requestId && this.inputRequests.get(requestId)) || [...this.inputRequests.values()].at(-1);
    if (requestId) this.inputRequests.delete(requestId);
    if (!parent) {
      this.dropped("stdin:input_reply-unrequested", "warn", "input_reply without a pending input_request");
      return;
    }
    this.toExecutor({ kind: "input_reply", parent, value: msg.content.value });
  }

  // ---- shutdown ----

  private async shutdown(channel: RouterChannel, msg: MessageOf<"shutdown_request">): Promise<void> {
    const restart = msg.content.restart === true;
    // A cell paused at a breakpoint must run on, or the main thread never reads the shutdown.
    await this.debug.stop().catch((e: Error) => this.opts.log("warn", `leaving the debugger: ${e.message}`));
    await this.publish("status", { execution_state: "busy" }, msg.header);
    await this.reply(channel, msg, "shutdown_reply", { status: "ok", restart });
    await this.publish("shutdown_reply", { status: "ok", restart }, msg.header);
    await this.publish("status", { execution_state: "idle" }, msg.header);
    this.toExecutor({ kind: "shutdown", restart });
    await Promise.all(Object.values(this.queues).map((q) => q.drain()));
    await this.opts.history.flushed();
    this.opts.log("info", `shutdown requested (restart=${restart})`);
    this.opts.onExit(restart);
  }

  close(): void {
    this.closing = true;
    this.debug.detachNow();
    // No send may reach a closed socket (send-queue.ts): a cell ending during the exit still answers.
    for (const q of Object.values(this.queues)) q.close();
    for (const s of [...Object.values(this.sockets), this.iopub]) s.close();
  }

  get sessionId(): string {
    return this.session;
  }
}
