/**
 * A zeromq.js socket accepts one pending send at a time; a second concurrent send throws EBUSY.
 * Every send on a socket goes through its queue, which keeps order and awaits each send.
 *
 * Once closed, the queue hands nothing more to ZeroMQ. A send on a closed socket throws EBADF from
 * the addon; if that happens while the process is exiting and tearing this worker down, the addon
 * cannot raise it in JavaScript any more and aborts the process ("terminate called after throwing
 * an instance of 'Napi::Error'", SIGABRT). That was the Node 22 kernel shutting down while a cell
 * stopped at a breakpoint: the cell, resumed, finished during the exit and its results were sent
 * to the closed sockets (3 aborts in ~200 such shutdowns).
 */
export interface Sendable {
  send(frames: Buffer[]): Promise<void>;
}

export class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  private closed = false;
  constructor(private readonly socket: Sendable, private readonly onError: (e: Error) => void) {}

  push(frames: Buffer[]): Promise<void> {
    if (this.closed) return this.tail;
    const next = this.tail.then(() => (this.closed ? undefined : this.socket.send(frames))).catch((e: Error) => this.onError(e));
    this.tail = next;
    return next;
  }

  /** Resolves when everything queued so far has been handed to ZeroMQ (or dropped by close). */
  drain(): Promise<void> {
    return this.tail;
  }

  /** Call before closing the socket: what is still queued, and every later push, is dropped. */
  close(): void {
    this.closed = true;
  }
}
