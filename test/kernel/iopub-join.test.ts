/**
 * A frontend whose iopub subscription completes after its shell connection must not lose its first
 * cell's output. `jupyter console` asks kernel_info once, then executes without checking that iopub
 * is live (jupyter_client's wait_for_ready does check; the console does not). When the kernel
 * answered kernel_info before the console's SUB socket had joined, the first cell's busy, error and
 * idle were published to nobody, and the console waited for an idle that never came: the 90 s hang
 * of test/jupyter/console.test.ts under a loaded `npm test`. The kernel now holds shell requests
 * until iopub has its first subscriber (bounded, see io.ts), so the order below is guaranteed.
 *
 * The test makes the late join certain instead of likely: it asks kernel_info on shell with no
 * iopub subscriber at all, and only subscribes after a pause.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import * as zmq from "zeromq";
import { afterAll, describe, expect, it } from "vitest";
import { defaultKernelArgv, kernelSpecEnv, writeConnectionFile } from "../../dist/kernel/client/index.js";
import { decode, encode, makeSigner } from "../../dist/kernel/wire/codec.js";
import { endpoint } from "../../dist/kernel/wire/connection.js";
import { makeMessage } from "../../dist/kernel/wire/messages.js";
import { assertBuilt, sleep } from "./support.js";

const SESSION = "late-iopub-frontend";
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("a frontend whose iopub joins late", () => {
  it("gets kernel_info only once iopub is subscribed, so its first cell's output and idle arrive", { timeout: 120_000 }, async () => {
    assertBuilt();
    const { file, dir, info } = await writeConnectionFile();
    const argv = defaultKernelArgv().map((a) => a.replaceAll("{connection_file}", file));
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...kernelSpecEnv(), ...process.env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", r));
    // A kernel that ended (a port taken between picking and binding it) must fail the test at once
    // with its own words, not leave the loops below waiting for replies until the timeout.
    const alive = <T,>(p: Promise<T>): Promise<T> => Promise.race([p, exited.then((code): never => { throw new Error(`the kernel exited (code ${code}): ${stderr}`); })]);
    cleanups.push(async () => {
      child.kill("SIGKILL");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    });
    const signer = makeSigner({ key: info.key, scheme: info.signature_scheme });
    const socket = <S extends zmq.Dealer | zmq.Subscriber>(s: S, ch: "shell" | "control" | "iopub"): S => {
      s.connect(endpoint(info, ch));
      cleanups.push(() => s.close());
      return s;
    };
    const send = (s: zmq.Dealer, type: "kernel_info_request" | "execute_request", content: object) => {
      const msg = makeMessage(type, content as never, { session: SESSION });
      void s.send(encode(msg, signer));
      return msg.header.msg_id;
    };
    const receive = async (s: zmq.Dealer | zmq.Subscriber) => {
      const d = decode(await alive(s.receive()), signer);
      if (!d.ok) throw d.error;
      return d.msg;
    };

    // 1. The kernel is ready (the library loaded): control answers kernel_info once it is.
    const control = socket(new zmq.Dealer({ linger: 0, reconnectInterval: 10 }), "control");
    const probe = send(control, "kernel_info_request", {});
    while ((await receive(control)).parent_header.msg_id !== probe);

    // 2. Shell asks kernel_info while nobody is subscribed to iopub. Before the fix the reply came
    //    at once (a few ms after a ready kernel reads it); now it waits for a subscriber.
    const shell = socket(new zmq.Dealer({ linger: 0, reconnectInterval: 10 }), "shell");
    const ask = send(shell, "kernel_info_request", {});
    let subscribed = false;
    const reply = (async () => {
      for (;;) {
        const m = await receive(shell);
        if (m.parent_header.msg_id === ask) return { msg: m, beforeSubscribing: !subscribed };
      }
    })();
    await Promise.race([reply, sleep(1_000)]);

    // 3. Now iopub joins; then the first cell runs as the console sends it, right after the reply.
    const iopub = socket(new zmq.Subscriber({ linger: 0, reconnectInterval: 10 }), "iopub");
    iopub.subscribe();
    subscribed = true;
    const r = await reply;
    expect(r.beforeSubscribing, "kernel_info_reply was sent before any iopub subscriber existed").toBe(false);
    expect(r.msg.msg_type).toBe("kernel_info_reply");

    const cell = send(shell, "execute_request", { code: 'throw new RangeError("out of range in cell")', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    const seen: string[] = [];
    for (;;) {
      const m = await Promise.race([receive(iopub), sleep(60_000).then(() => null)]);
      if (m === null) throw new Error(`no idle for the first cell within 60 s; iopub saw ${seen.join(", ")}\n${stderr}`);
      if (m.parent_header.msg_id !== cell) continue;
      seen.push(m.msg_type === "status" ? `status:${(m.content as { execution_state: string }).execution_state}` : m.msg_type);
      if (seen.at(-1) === "status:idle") break;
    }
    expect(seen).toEqual(["status:busy", "execute_input", "error", "status:idle"]);

    // 4. A request's idle is published before the kernel reads the next request: jupyter console
    //    takes any idle of its session as the end of the cell it just sent, so a kernel_info idle
    //    arriving after the cell's busy ended its wait early and the cell's output was never shown.
    for (let round = 0; round < 30; round++) {
      const ki = send(shell, "kernel_info_request", {});
      while ((await receive(shell)).parent_header.msg_id !== ki);
      const ex = send(shell, "execute_request", { code: `${round}`, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
      const order: string[] = [];
      for (;;) {
        const m = await receive(iopub);
        if (m.msg_type !== "status") continue;
        const who = m.parent_header.msg_id === ki ? "kernel_info" : m.parent_header.msg_id === ex ? "execute" : "other";
        order.push(`${who}:${(m.content as { execution_state: string }).execution_state}`);
        if (order.at(-1) === "execute:idle") break;
      }
      while ((await receive(shell)).parent_header.msg_id !== ex);
      expect(order, `round ${round}`).toEqual(["kernel_info:busy", "kernel_info:idle", "execute:busy", "execute:idle"]);
    }
  });
});
