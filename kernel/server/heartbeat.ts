/**
 * Heartbeat: a REP socket echoing every message. It runs on the io worker's thread (io-worker.ts
 * starts and closes it), which never runs user code, so it keeps answering while a cell blocks the
 * main thread (`while (true) {}`). A thread of its own would cost an isolate (~10 MiB resident)
 * for one echo loop; sharing the io thread, a ping at worst waits for the io task in hand (a
 * batch of output being published), a few ms.
 */
import * as zmq from "zeromq";
import type { Log } from "./log.js";

export interface HeartbeatOptions {
  endpoint: string;
  log: Log;
}

export interface Heartbeat {
  /** Closes the socket, which ends the echo loop. Idempotent. */
  close(): void;
  /** Resolves once the echo loop has ended. */
  readonly ended: Promise<void>;
}

/** Binds the heartbeat endpoint (rejects if that fails) and echoes until closed. */
export async function startHeartbeat(opts: HeartbeatOptions): Promise<Heartbeat> {
  const sock = new zmq.Reply({ linger: 0 });
  try {
    await sock.bind(opts.endpoint);
  } catch (e) {
    sock.close();
    throw e;
  }
  const ended = (async () => {
    try {
      // Closed between the ping and its echo: no send on a closed socket (see send-queue.ts).
      for await (const frames of sock) if (!sock.closed) await sock.send(frames);
    } catch (e) {
      if (!sock.closed) opts.log("error", `heartbeat stopped: ${(e as Error).message}`);
    }
  })();
  return {
    // Closing matters: exiting with an open ZeroMQ socket in a worker thread aborts the process.
    close: () => {
      if (!sock.closed) sock.close();
    },
    ended,
  };
}
