import { describe, expect, it } from "vitest";
import { makeMessage, type Message } from "../wire/messages.js";
import { OutputCollector } from "./outputs.js";

const m = (t: string, c: unknown) => makeMessage(t as never, c as never, { session: "s" }) as Message;

describe("OutputCollector", () => {
  it("merges streams, applies display updates and clear_output(wait)", () => {
    const o = new OutputCollector();
    o.add(m("stream", { name: "stdout", text: "a\n" }));
    o.add(m("stream", { name: "stdout", text: "b\n" }));
    o.add(m("stream", { name: "stderr", text: "w\n" }));
    o.add(m("display_data", { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "d" } }));
    o.add(m("update_display_data", { data: { "text/plain": "v2" }, metadata: {}, transient: { display_id: "d" } }));
    o.add(m("execute_result", { execution_count: 3, data: { "text/plain": "42" }, metadata: {} }));
    expect(o.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "stream", name: "stderr", text: "w\n" },
      { output_type: "display_data", data: { "text/plain": "v2" }, metadata: {} },
      { output_type: "execute_result", execution_count: 3, data: { "text/plain": "42" }, metadata: {} },
    ]);
    o.add(m("clear_output", { wait: true }));
    expect(o.outputs).toHaveLength(4);
    o.add(m("error", { ename: "E", evalue: "x", traceback: [] }));
    expect(o.outputs).toEqual([{ output_type: "error", ename: "E", evalue: "x", traceback: [] }]);
  });
});
