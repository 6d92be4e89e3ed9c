/**
 * The bench's own minimal Jupyter client (zeromq DEALER for shell/control, SUB for iopub,
 * HMAC-SHA256 via node:crypto). Used when the project's KernelClient (dist/kernel/client) is not
 * built, or when `--client own` asks for it, so the harness can be proven on tslab and ipykernel
 * independently of the kernel under test.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import * as zmq from "zeromq";

const DELIM = "<IDS|MSG>";

export class WireError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "WireError";
    this.code = code;
  }
}

/** Connection info for a fresh kernel: tcp on loopback with the given ports and a random key. */
export function connectionInfo(ports) {
  return {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: ports[0],
    iopub_port: ports[1],
    stdin_port: ports[2],
    control_port: ports[3],
    hb_port: ports[4],
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "bench",
  };
}

function sign(key, parts) {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

/** Splits raw frames at the delimiter and checks the signature; returns null for foreign frames. */
function decode(frames, key) {
  const at = frames.findIndex((f) => f.length === DELIM.length && f.toString() === DELIM);
  if (at < 0 || frames.length < at + 6) return null;
  const [sig, header, parent, metadata, content] = frames.slice(at + 1, at + 6);
  if (sign(key, [header, parent, metadata, content]) !== sig.toString()) {
    throw new WireError("BENCH_BAD_SIGNATURE", "a kernel message had a bad signature: check the key in the connection file");
  }
  return {
    header: JSON.parse(header.toString()),
    parent_header: JSON.parse(parent.toString()),
    metadata: JSON.parse(metadata.toString()),
    content: JSON.parse(content.toString()),
  };
}

/**
 * One client connected to one kernel. Sockets are connected before the kernel is launched, with a
 * short reconnect interval, so start-up is not padded by zeromq's 100 ms default back-off.
 */
export class WireClient {
  constructor(info) {
    this.info = info;
    this.session = randomUUID();
    this.waiters = new Map(); // msg_id -> { reply?, idle?, iopub: [], resolveWhen }
    this.listeners = new Set(); // (msg, channel, t) => void, sees every message
    this.closed = false;
    const addr = (port) => `tcp://${info.ip}:${port}`;
    const opts = { reconnectInterval: 10, linger: 0 };
    this.shell = new zmq.Dealer({ ...opts, routingId: this.session });
    this.control = new zmq.Dealer({ ...opts, routingId: this.session + "-c" });
    // Unlimited receive queue: any line the kernel publishes must be lost on its side, not ours.
    this.iopub = new zmq.Subscriber({ ...opts, receiveHighWaterMark: 0 });
    this.iopub.subscribe();
    this.shell.connect(addr(info.shell_port));
    this.control.connect(addr(info.control_port));
    this.iopub.connect(addr(info.iopub_port));
    for (const [name, sock] of [["shell", this.shell], ["control", this.control], ["iopub", this.iopub]]) {
      this.#pump(name, sock);
    }
  }

  async #pump(channel, sock) {
    try {
      for await (const frames of sock) {
        const t = performance.now();
        const msg = decode(frames, this.info.key);
        if (msg) for (const l of this.listeners) l(msg, channel, t);
      }
    } catch (err) {
      if (!this.closed) console.error(`bench client: ${channel} socket failed: ${err.message}`);
    }
  }

  #message(msgType, content) {
    const header = { msg_id: randomUUID(), session: this.session, username: "bench", date: new Date().toISOString(), msg_type: msgType, version: "5.3" };
    const parts = [header, {}, {}, content].map((o) => Buffer.from(JSON.stringify(o)));
    return { header, frames: [DELIM, sign(this.info.key, parts), ...parts] };
  }

  /** Sends a request; returns its msg_id. */
  async send(channel, msgType, content) {
    const { header, frames } = this.#message(msgType, content);
    await (channel === "control" ? this.control : this.shell).send(frames);
    return header.msg_id;
  }

  /** Waits for the first message matching `pred`, or rejects after `timeoutMs`. */
  waitFor(pred, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const l = (msg, channel, t) => {
        if (!pred(msg, channel)) return;
        this.listeners.delete(l);
        clearTimeout(timer);
        resolve({ msg, t });
      };
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new WireError("BENCH_TIMEOUT", `no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(l);
    });
  }

  /** kernel_info_request on shell; resolves with the reply and the time it arrived. */
  async kernelInfo(timeoutMs) {
    const id = await this.send("shell", "kernel_info_request", {});
    return this.waitFor((m, ch) => ch === "shell" && m.parent_header.msg_id === id, timeoutMs, "kernel_info_reply");
  }

  /** complete_request on shell; resolves with the reply and the time it arrived. */
  async complete(code, cursorPos, timeoutMs) {
    const id = await this.send("shell", "complete_request", { code, cursor_pos: cursorPos });
    return this.waitFor((m, ch) => ch === "shell" && m.parent_header.msg_id === id, timeoutMs, "complete_reply");
  }

  /**
   * Runs a cell. Resolves when both the execute_reply and the idle status have arrived (or at
   * the timeout, with `idle: false`), with every iopub message of the request seen until then and
   * the times of reply and idle. `collectAfterIdleMs` keeps listening after idle, so output sent
   * after the idle status can be counted separately (`late`).
   */
  async execute(code, { timeoutMs = 10_000, collectAfterIdleMs = 0 } = {}) {
    const iopub = [];
    const late = [];
    let reply = null;
    let idleAt = null;
    let replyAt = null;
    let id = null;
    const pending = [];
    let done;
    const finished = new Promise((r) => (done = r));
    const l = (msg, channel, t) => {
      if (id === null) return pending.push([msg, channel, t]);
      if (msg.parent_header.msg_id !== id) return;
      if (channel === "shell") {
        reply = msg;
        replyAt = t;
      } else if (channel === "iopub") {
        if (idleAt !== null) late.push(msg);
        else iopub.push(msg);
        if (msg.header.msg_type === "status" && msg.content.execution_state === "idle" && idleAt === null) idleAt = t;
      }
      if (reply && idleAt !== null) done();
    };
    this.listeners.add(l);
    const t0 = performance.now();
    id = await this.send("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    for (const p of pending.splice(0)) l(...p);
    const timer = setTimeout(done, timeoutMs);
    await finished;
    clearTimeout(timer);
    if (collectAfterIdleMs > 0) await new Promise((r) => setTimeout(r, collectAfterIdleMs));
    this.listeners.delete(l);
    return { t0, reply, replyAt, idle: idleAt !== null, idleAt, iopub, late };
  }

  close() {
    this.closed = true;
    for (const s of [this.shell, this.control, this.iopub]) s.close();
  }
}
