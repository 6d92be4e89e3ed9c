import { describe, expect, it } from "vitest";
import { StreamBatcher, type StreamChunk } from "./stream-batcher.js";

function harness(maxChars?: number) {
  const out: StreamChunk[] = [];
  const timers: (() => void)[] = [];
  const b = new StreamBatcher({
    publish: (c) => out.push(c),
    maxChars,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => timers.splice(0),
  });
  return { b, out, fire: () => timers.splice(0).forEach((f) => f()) };
}

describe("StreamBatcher", () => {
  it("merges 1,000 lines into one message until the timer fires", () => {
    const { b, out, fire } = harness();
    for (let i = 0; i < 1000; i++) b.add({ parent: "p", name: "stdout", text: `${i}\n` });
    expect(out).toHaveLength(0);
    fire();
    expect(out).toHaveLength(1);
    expect(out[0]!.text.split("\n")).toHaveLength(1001);
  });

  it("keeps stdout/stderr interleaving and parent boundaries", () => {
    const { b, out } = harness();
    b.add({ parent: "p", name: "stdout", text: "a" });
    b.add({ parent: "p", name: "stderr", text: "b" });
    b.add({ parent: "q", name: "stderr", text: "c" });
    b.add({ parent: "q", name: "stderr", text: "d" });
    b.flush();
    expect(out).toEqual([
      { parent: "p", name: "stdout", text: "a" },
      { parent: "p", name: "stderr", text: "b" },
      { parent: "q", name: "stderr", text: "cd" },
    ]);
  });

  it("flushes on size", () => {
    const { b, out } = harness(10);
    b.add({ parent: "p", name: "stdout", text: "12345" });
    b.add({ parent: "p", name: "stdout", text: "678901" });
    expect(out.map((c) => c.text)).toEqual(["12345678901"]);
  });
});
