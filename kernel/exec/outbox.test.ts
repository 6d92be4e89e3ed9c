import { describe, expect, it } from "vitest";
import type { FromExecutor } from "../bridge.js";
import { Outbox } from "./outbox.js";

function collect(limit?: number) {
  const posted: FromExecutor[] = [];
  return { posted, box: new Outbox({ postMessage: (m) => posted.push(m) }, { limit }) };
}

describe("Outbox", () => {
  it("merges consecutive writes of one stream and parent until the next turn", async () => {
    const { posted, box } = collect();
    box.stream("a", "stdout", "1\n");
    box.stream("a", "stdout", "2\n");
    expect(posted).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(posted).toEqual([{ kind: "stream", parent: "a", name: "stdout", text: "1\n2\n" }]);
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
    const { posted, box } = collect(100);
    for (let i = 0; i < 1000; i++) box.stream("a", "stdout", "0123456789");
    expect(posted).toHaveLength(100);
    expect(posted.every((m) => m.kind === "stream" && m.text.length === 100)).toBe(true);
  });
});
