/**
 * The floor: a kernel that runs nothing. It answers kernel_info, complete and execute requests at
 * once (an execute gets busy, a fixed execute_result, the reply, idle) with the project's wire codec. Its round trip is what the
 * client, ZeroMQ and this machine's thread wake-ups cost before any kernel does any work, so the
 * other columns can be read against it.
 *   node bench/kernel/floor-kernel.mjs CONNECTION_FILE
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as zmq from "zeromq";
import { decode, encode, makeSigner } from "../../dist/kernel/wire/codec.js";

const conn = JSON.parse(readFileSync(process.argv[2], "utf8"));
const at = (port) => `${conn.transport}://${conn.ip}:${port}`;
const signer = makeSigner({ key: conn.key, scheme: conn.signature_scheme });
const session = randomUUID();
const shell = new zmq.Router();
const control = new zmq.Router();
const stdin = new zmq.Router();
const iopub = new zmq.Publisher();
const hb = new zmq.Reply();
await Promise.all([shell.bind(at(conn.shell_port)), control.bind(at(conn.control_port)), stdin.bind(at(conn.stdin_port)), iopub.bind(at(conn.iopub_port)), hb.bind(at(conn.hb_port))]);

const message = (msgType, parent, content, identities) => ({
  identities,
  header: { msg_id: randomUUID(), session, username: "floor", date: new Date().toISOString(), msg_type: msgType, version: "5.3" },
  parent_header: parent.header,
  metadata: {},
  content,
  buffers: [],
});
const publish = (msgType, parent, content) => iopub.send(encode(message(msgType, parent, content, [Buffer.from(msgType)]), signer));

let count = 0;
async function serve(sock) {
  for await (const frames of sock) {
    const d = decode(frames, signer);
    if (!d.ok) continue;
    const req = d.msg;
    const reply = (msgType, content) => sock.send(encode(message(msgType, req, content, req.identities), signer));
    await publish("status", req, { execution_state: "busy" });
    switch (req.header.msg_type) {
      case "kernel_info_request":
        await reply("kernel_info_reply", { status: "ok", protocol_version: "5.3", implementation: "floor", implementation_version: "0", language_info: { name: "none" }, banner: "" });
        break;
      case "execute_request":
        count += 1;
        await publish("execute_result", req, { execution_count: count, data: { "text/plain": "2" }, metadata: {} });
        await reply("execute_reply", { status: "ok", execution_count: count, user_expressions: {} });
        break;
      case "complete_request":
        await reply("complete_reply", { status: "ok", matches: [], cursor_start: req.content.cursor_pos, cursor_end: req.content.cursor_pos, metadata: {} });
        break;
      case "shutdown_request":
        await reply("shutdown_reply", { status: "ok", restart: false });
        await publish("status", req, { execution_state: "idle" });
        process.exit(0);
    }
    await publish("status", req, { execution_state: "idle" });
  }
}
void serve(shell);
void serve(control);
for await (const ping of hb) await hb.send(ping);
