/**
 * A Jupyter client over ZeroMQ speaking the wire codec of this package. Used by the black-box
 * tests, the notebook runner and the benchmarks; it works against any kernel (ipykernel, tslab).
 */
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import { decode, encode, makeSigner, type Signer } from "../wire/codec.js";
import { endpoint, type ConnectionInfo } from "../wire/connection.js";
import type { Channel, ContentMap, ExecuteRequest, Header, Message, MessageOf, MsgType } from "../wire/messages.js";
import { makeMessage } from "../wire/messages.js";
import { OutputCollector, type NbOutput } from "./outputs.js";
import { SendQueue } from "../server/send-queue.js";

/** waitReady: a kernel publishes idle right after its reply; this long without it, ask again. */
const IDLE_AFTER_REPLY_MS = 100;

export class KernelClientError extends Error {
  constructor(readonly code: "CLIENT_TIMEOUT" | "CLIENT_CLOSED" | "CLIENT_HEARTBEAT", message: string) {
    super(message);
  }
}

export interface InputRequestInfo {
  prompt: string;
  password: boolean;
  /** msg_id of the execute_request that asked. */
  parent: string;
}

export interface ExecuteOptions extends Omit<ExecuteRequest, "code"> {
  timeoutMs?: number;
  /** Answers input_request; without it the client replies with an empty string. */
  onInput?: (req: InputRequestInfo) => string | Promise<string>;
}

export interface RequestResult<T extends MsgType = MsgType> {
  request: Header;
  reply: MessageOf<T>;
  /** iopub messages with this request as parent, up to and including idle. */
  iopub: Message[];
}

export interface ExecuteResponse extends RequestResult<"execute_reply"> {
  outputs: NbOutput[];
}

type ReplyType<Req extends MsgType> = Req extends `${infer B}_request` ? (`${B}_reply` extends MsgType ? `${B}_reply` : MsgType) : MsgType;

interface Tracker {
  iopub: Message[];
  reply?: Message;
  idle: boolean;
  wake: () => void;
}

export class KernelClient {
  readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly shell: zmq.Dealer;
  private readonly control: zmq.Dealer;
  private readonly stdin: zmq.Dealer;
  private readonly iopub: zmq.Subscriber;
  private hb: zmq.Request;
  private readonly queues: Record<"shell" | "control" | "stdin", SendQueue>;
  private readonly trackers = new Map<string, Tracker>();
  private readonly listeners = new Set<(m: Message) => void>();
  private inputHandlers = new Map<string, NonNullable<ExecuteOptions["onInput"]>>();
  /** Every iopub message received, in order (late output of finished cells included). */
  readonly iopubLog: Message[] = [];
  private closed = false;

  /**
   * `reconnectIntervalMs`: zeromq retries a refused connect every 100 ms by default, which pads a
   * measured start-up by up to 100 ms; the kernel benchmark passes 10.
   */
  constructor(readonly connection: ConnectionInfo, opts: { reconnectIntervalMs?: number } = {}) {
    this.signer = makeSigner({ key: connection.key, scheme: connection.signature_scheme });
    const retry = opts.reconnectIntervalMs === undefined ? {} : { reconnectInterval: opts.reconnectIntervalMs };
    // shell and stdin share the routing id: the kernel answers stdin to the shell requester.
    this.shell = new zmq.Dealer({ routingId: this.session, linger: 0, ...retry });
    this.stdin = new zmq.Dealer({ routingId: this.session, linger: 0, ...retry });
    this.control = new zmq.Dealer({ linger: 0, ...retry });
    // No receive limit: output a kernel published must never be dropped on the client's side.
    this.iopub = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 0, ...retry });
    this.hb = new zmq.Request({ linger: 0 });
    this.shell.connect(endpoint(connection, "shell"));
    this.control.connect(endpoint(connection, "control"));
    this.stdin.connect(endpoint(connection, "stdin"));
    this.iopub.connect(endpoint(connection, "iopub"));
    this.iopub.subscribe();
    this.hb.connect(endpoint(connection, "hb"));
    const err = (e: Error) => {
      if (!this.closed) process.stderr.write(`KernelClient send failed: ${e.message}\n`);
    };
    this.queues = { shell: new SendQueue(this.shell, err), control: new SendQueue(this.control, err), stdin: new SendQueue(this.stdin, err) };
    void this.loop(this.shell, (m) => this.onReply(m));
    void this.loop(this.control, (m) => this.onReply(m));
    void this.loop(this.stdin, (m) => void this.onStdin(m));
    void this.loop(this.iopub, (m) => this.onIopub(m));
  }

  private async loop(sock: zmq.Dealer | zmq.Subscriber, handle: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of sock) {
        const d = decode(frames, this.signer);
        if (d.ok) handle(d.msg as Message);
      }
    } catch (e) {
      if (!this.closed) process.stderr.write(`KernelClient receive failed: ${(e as Error).message}\n`);
    }
  }

  private onReply(m: Message): void {
    const t = this.trackers.get((m.parent_header as Partial<Header>).msg_id ?? "");
    if (!t) return;
    t.reply = m;
    t.wake();
  }

  private onIopub(m: Message): void {
    this.iopubLog.push(m);
    for (const l of this.listeners) l(m);
    const t = this.trackers.get((m.parent_header as Partial<Header>).msg_id ?? "");
    if (!t) return;
    t.iopub.push(m);
    if (m.msg_type === "status" && m.content.execution_state === "idle") t.idle = true;
    t.wake();
  }

  private async onStdin(m: Message): Promise<void> {
    if (m.msg_type !== "input_request") return;
    const parent = (m.parent_header as Partial<Header>).msg_id ?? "";
    const handler = this.inputHandlers.get(parent);
    let value = "";
    try {
      if (handler) value = await handler({ prompt: m.content.prompt, password: m.content.password, parent });
    } catch {
      value = "";
    }
    this.send("stdin", makeMessage("input_reply", { value }, { session: this.session, parent: m.header }));
  }

  /** Subscribes to every iopub message; returns the unsubscribe function. */
  onIopubMessage(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private send(channel: "shell" | "control" | "stdin", msg: Message | MessageOf<MsgType>): Promise<void> {
    if (this.closed) throw new KernelClientError("CLIENT_CLOSED", "the client is closed");
    return this.queues[channel].push(encode(msg as Message, this.signer));
  }

  /** Raw frames, for tests that send something the codec would not produce (bad signatures). */
  sendRaw(channel: "shell" | "control" | "stdin", frames: Buffer[]): Promise<void> {
    return this.queues[channel].push(frames);
  }

  /** Builds a signed request without sending it. */
  makeRequest<T extends MsgType>(msgType: T, content: ContentMap[T]): MessageOf<T> {
    return makeMessage(msgType, content, { session: this.session, username: "d2l-ts-client" });
  }

  /**
   * Sends a request and resolves when both its reply and its idle status arrived. `waitIdle:false`
   * resolves on the reply alone (for kernels that publish no status on control).
   */
  async request<T extends MsgType>(
    channel: "shell" | "control",
    msgType: T,
    content: ContentMap[T],
    opts: { timeoutMs?: number; waitIdle?: boolean; onInput?: ExecuteOptions["onInput"] } = {},
  ): Promise<RequestResult<ReplyType<T>>> {
    const msg = this.makeRequest(msgType, content);
    return this.track(channel, msg, opts);
  }

  private async track<T extends MsgType>(
    channel: "shell" | "control",
    msg: MessageOf<MsgType>,
    opts: { timeoutMs?: number; waitIdle?: boolean; onInput?: ExecuteOptions["onInput"]; idleAfterReplyMs?: number },
  ): Promise<RequestResult<T>> {
    const id = msg.header.msg_id;
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const waitIdle = opts.waitIdle ?? true;
    // comm_open/comm_msg/comm_close have no reply: they are done at idle.
    const expectReply = msg.header.msg_type.endsWith("_request");
    let wake = () => {};
    const t: Tracker = { iopub: [], idle: false, wake: () => wake() };
    this.trackers.set(id, t);
    if (opts.onInput) this.inputHandlers.set(id, opts.onInput);
    try {
      const finished = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new KernelClientError("CLIENT_TIMEOUT", `${msg.header.msg_type} got no ${t.reply ? "idle status" : "reply"} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        let graceTimer: NodeJS.Timeout | undefined;
        wake = () => {
          if ((t.reply || !expectReply) && (t.idle || !waitIdle)) {
            clearTimeout(timer);
            clearTimeout(graceTimer);
            resolve();
          } else if (t.reply && opts.idleAfterReplyMs !== undefined && graceTimer === undefined) {
            graceTimer = setTimeout(() => {
              clearTimeout(timer);
              reject(new KernelClientError("CLIENT_TIMEOUT", `${msg.header.msg_type} got its reply but no idle status within ${opts.idleAfterReplyMs} ms`));
            }, opts.idleAfterReplyMs);
          }
        };
      });
      // Whichever of the two settles unawaited (the timeout while a send still waits, or a send
      // failed by close(), even synchronously, with the timer still running) must not be an
      // unhandled rejection: that ends the process. Both still reach the caller below.
      finished.catch(() => {});
      const sent = this.send(channel, msg);
      sent.catch(() => {});
      await Promise.race([sent, finished]);
      await finished;
      // For messages without a reply, `reply` is undefined (typed as never-mind: see RequestResult).
      return { request: msg.header, reply: t.reply as MessageOf<T>, iopub: t.iopub };
    } finally {
      this.trackers.delete(id);
      this.inputHandlers.delete(id);
    }
  }

  async execute(code: string, opts: ExecuteOptions = {}): Promise<ExecuteResponse> {
    const { timeoutMs, onInput, ...rest } = opts;
    const content: ExecuteRequest = { silent: false, store_history: true, user_expressions: {}, allow_stdin: onInput !== undefined, stop_on_error: true, ...rest, code };
    const r = await this.request("shell", "execute_request", content, { timeoutMs, onInput });
    const collector = new OutputCollector();
    for (const m of r.iopub) collector.add(m);
    return { ...r, outputs: collector.outputs };
  }

  /** Sends execute_request without waiting; the returned promise is the usual execute result. */
  executeLater(code: string, opts: ExecuteOptions = {}): { msgId: string; result: Promise<ExecuteResponse> } {
    const { timeoutMs, onInput, ...rest } = opts;
    const msg = this.makeRequest("execute_request", { silent: false, store_history: true, user_expressions: {}, allow_stdin: onInput !== undefined, stop_on_error: true, ...rest, code });
    const result = this.track<"execute_reply">("shell", msg, { timeoutMs, onInput }).then((r) => {
      const collector = new OutputCollector();
      for (const m of r.iopub) collector.add(m);
      return { ...r, outputs: collector.outputs };
    });
    return { msgId: msg.header.msg_id, result };
  }

  /** Resolves with kernel_info once the kernel answers and iopub is subscribed (no lost messages). */
  async waitReady(timeoutMs = 30_000): Promise<MessageOf<"kernel_info_reply">> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new KernelClientError("CLIENT_TIMEOUT", `kernel did not answer kernel_info within ${timeoutMs} ms`);
      try {
        // The reply proves the shell works; the idle status proves our iopub subscription is live.
        // A kernel answers kernel_info as soon as it is bound, often before our subscription has
        // joined: a reply without its idle soon after means "ask again", not "wait 2 s".
        const msg = this.makeRequest("kernel_info_request", {} as never);
        const r = await this.track<"kernel_info_reply">("shell", msg, { timeoutMs: Math.min(left, 2_000), idleAfterReplyMs: IDLE_AFTER_REPLY_MS });
        return r.reply as MessageOf<"kernel_info_reply">;
      } catch (e) {
        if ((e as KernelClientError).code !== "CLIENT_TIMEOUT") throw e;
      }
    }
  }

  interrupt(opts: { timeoutMs?: number } = {}): Promise<RequestResult<"interrupt_reply">> {
    return this.request("control", "interrupt_request", {} as never, opts);
  }

  shutdown(opts: { restart?: boolean; timeoutMs?: number } = {}): Promise<RequestResult<"shutdown_reply">> {
    return this.request("control", "shutdown_request", { restart: opts.restart ?? false }, { timeoutMs: opts.timeoutMs, waitIdle: false });
  }

  /** One heartbeat round trip; resolves with its duration in ms. */
  async heartbeat(timeoutMs = 2_000): Promise<number> {
    const t0 = performance.now();
    const ping = Buffer.from(`ping-${t0}`);
    await this.hb.send(ping);
    let timer: NodeJS.Timeout | undefined;
    try {
      const [pong] = await Promise.race([
        this.hb.receive(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new KernelClientError("CLIENT_HEARTBEAT", `no heartbeat within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (!pong?.equals(ping)) throw new KernelClientError("CLIENT_HEARTBEAT", "heartbeat echoed different bytes");
      return performance.now() - t0;
    } catch (e) {
      // A REQ socket that missed its reply is stuck; replace it.
      this.hb.close();
      this.hb = new zmq.Request({ linger: 0 });
      this.hb.connect(endpoint(this.connection, "hb"));
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves with the first iopub message (past or future) matching `pred`. */
  waitForIopub(pred: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const seen = this.iopubLog.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new KernelClientError("CLIENT_TIMEOUT", `no matching iopub message within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onIopubMessage((m) => {
        if (pred(m)) {
          clearTimeout(timer);
          off();
          resolve(m);
        }
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
  }
}

export type { Channel };
