import { describe, expect, it } from "vitest";
import { SendQueue, type Sendable } from "./send-queue.js";

/** A socket whose sends finish when the test says so, recording what it was handed. */
function fakeSocket() {
  const sent: string[] = [];
  const pending: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const socket: Sendable = {
    send(frames) {
      sent.push(frames.map((f) => f.toString()).join("|"));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<void>((resolve) =>
        pending.push(() => {
          inFlight--;
          resolve();
        }),
      );
    },
  };
  const finishOne = async () => {
    await new Promise((r) => setImmediate(r));
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { socket, sent, finishOne, maxInFlight: () => maxInFlight };
}

describe("SendQueue", () => {
  it("hands ZeroMQ one send at a time, in order", async () => {
    const s = fakeSocket();
    const q = new SendQueue(s.socket, (e) => {
      throw e;
    });
    for (const m of ["a", "b", "c"]) void q.push([Buffer.from(m)]);
    for (let i = 0; i < 3; i++) await s.finishOne();
    await q.drain();
    expect(s.sent).toEqual(["a", "b", "c"]);
    expect(s.maxInFlight()).toBe(1);
  });

  it("after close, hands nothing more to the socket: neither what was queued nor later pushes", async () => {
    const s = fakeSocket();
    const errors: Error[] = [];
    const q = new SendQueue(s.socket, (e) => errors.push(e));
    void q.push([Buffer.from("in flight")]);
    void q.push([Buffer.from("queued")]);
    await new Promise((r) => setImmediate(r));
    q.close();
    void q.push([Buffer.from("after close")]);
    await s.finishOne();
    await q.drain();
    expect(s.sent).toEqual(["in flight"]);
    expect(errors).toEqual([]);
  });
});
