/**
 * A zeromq.js socket accepts one pending send at a time; a second concurrent send throws EBUSY.
 * Every send on a socket goes through its queue, which keeps order and awaits each send.
 */
export interface Sendable {
  send(frames: Buffer[]): Promise<void>;
}

export class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: Sendable, private readonly onError: (e: Error) => void) {}

  push(frames: Buffer[]): Promise<void> {
    const next = this.tail.then(() => this.socket.send(frames)).catch((e: Error) => this.onError(e));
    this.tail = next;
    return next;
  }

  /** Resolves when everything queued so far has been handed to ZeroMQ. */
  drain(): Promise<void> {
    return this.tail;
  }
}
