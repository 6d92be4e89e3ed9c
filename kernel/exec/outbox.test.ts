import { describe, expect, it } from "vitest";
import type { FromExecutor } from "../bridge.js";
import { Outbox } from "./outbox.js";

function collect(limit?: number, clock?: { t: number }) {
  const posted: FromExecutor[] = [];
  const now = clock ? () => clock.t : undefined;
  return { posted, box: new Outbox({ postMessage: (m) => posted.push(m) }, { limit, now }) };
}

describe("Outbox", () => {
  it("merges consecutive writes of one stream and parent until the next turn", async () => {
    const clock = { t: 1000 };
    const { posted, box } = collect(undefined, clock);
    box.stream("a", "stdout", "0\n"); // the first write after a quiet spell goes out at once
    box.stream("a", "stdout", "1\n");
    box.stream("a", "stdout", "2\n");
    expect(posted).toEqual([{ kind: "stream", parent: "a", name: "stdout", text: "0\n" }]);
    await new Promise((r) => setImmediate(r));
    expect(posted.slice(1)).toEqual([{ kind: "stream", parent: "a", name: "stdout", text: "1\n2\n" }]);
  });

  it("posts synchronously once the last post is older than the interval, for cells that never yield", () => {
    const clock = { t: 0 };
    const { posted, box } = collect(undefined, clock);
    const texts = () => posted.map((m) => (m.kind === "stream" ? m.text : m.kind));
    box.stream("a", "stdout", "epoch 1\n");
    expect(texts()).toEqual(["epoch 1\n"]);
    clock.t += 10;
    box.stream("a", "stdout", "loss 0.9\n");
    expect(texts()).toEqual(["epoch 1\n"]);
    clock.t += 45; // 55 ms since the last post, no event-loop turn in between
    box.stream("a", "stdout", "epoch 2\n");
    expect(texts()).toEqual(["epoch 1\n", "loss 0.9\nepoch 2\n"]);
  });

  it("keeps a long synchronous flood to a few posts per interval", () => {
    const clock = { t: 0 };
    const { posted, box } = collect(undefined, clock);
    // 200k short lines over 1 s of simulated time: time-based posts every 50 ms, not per line
    for (let i = 0; i < 200_000; i++) {
      clock.t = i / 200;
      box.stream("a", "stdout", "x\n");
    }
    expect(posted.length).toBeGreaterThan(10);
    expect(posted.length).toBeLessThan(40);
    box.flush();
    expect(posted.reduce((n, m) => n + (m.kind === "stream" ? m.text.length : 0), 0)).toBe(400_000);
  });

  it("keeps interleaving across streams and parents, and flushes before any other message", () => {
    const { posted, box } = collect();
    box.stream("a", "stdout", "o1");
    box.stream("a", "stderr", "e1");
    box.stream("b", "stderr", "e2");
    box.send({ kind: "done", parent: "a", status: "ok" });
    expect(posted.map((m) => (m.kind === "stream" ? `${m.parent}:${m.name}:${m.text}` : m.kind))).toEqual(["a:stdout:o1", "a:stderr:e1", "b:stderr:e2", "done"]);
  });

  it("posts as soon as the buffer reaches the limit, so a synchronous flood stays bounded", () => {
    const { posted, box } = collect(100, { t: 0 });
    box.stream("a", "stdout", "start\n"); // posted at once: nothing was posted before
    posted.length = 0;
    // the clock stands still, so only the size bound posts
    for (let i = 0; i < 1000; i++) box.stream("a", "stdout", "0123456789");
    expect(posted).toHaveLength(100);
    expect(posted.every((m) => m.kind === "stream" && m.text.length === 100)).toBe(true);
  });
});
