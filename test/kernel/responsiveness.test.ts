/**
 * What a user waits for: the first cell of a fresh kernel (the type checker warms up on a thread
 * of its own), output of a cell that computes for seconds without yielding, and type warnings
 * that still come before the cell's own output once the checker is warm.
 */
import { describe, expect, it } from "vitest";
import type { Message } from "../../dist/kernel/wire/messages.js";
import { cellGate, launch, sleep, text } from "./support.js";

const SLOW = 120_000;

describe("a fresh kernel", () => {
  it("runs its first cells without waiting for the type checker, and warns before output once it is warm", { timeout: SLOW }, async () => {
    const k = await launch();
    try {
      // Ordered by events, not timed: the first cell carries a type error. Had it waited for the
      // checker it would show the warning the same cell gets once the checker is warm (below);
      // it ran unchecked, so it did not wait. (The checker's warm-up takes seconds and starts after
      // kernel_info; if start-up ever warms it first, this cell would warn: then assert that instead.)
      const t0 = performance.now();
      const first = await k.client.execute('const early: number = 41; let firstWrong: string = 5; early + 1');
      console.log(`first cell after kernel_info: ${(performance.now() - t0).toFixed(0)} ms (start-up ${k.startupMs.toFixed(0)} ms)`);
      expect(first.reply.content.status).toBe("ok");
      expect(text(first.outputs, "result")).toBe("42");
      expect(text(first.outputs, "stderr"), "the first cell was type checked: it waited for the checker").toBe("");

      // `early` ran while the checker was (probably) still warming up; it must know it anyway.
      let warned = "";
      let outputs: { output_type: string; name?: string; text?: string }[] = [];
      const deadline = performance.now() + 90_000;
      while (!warned && performance.now() < deadline) {
        const r = await k.client.execute('let s: string = early; console.log("ran")');
        outputs = r.outputs as typeof outputs;
        warned = text(r.outputs, "stderr");
        if (!warned) await sleep(500);
      }
      expect(warned, "no type warning within 90 s: the checker never warmed up").toMatch(/TS2322/);
      expect(warned).toMatch(/Type 'number' is not assignable to type 'string'/);
      const kinds = outputs.map((o) => `${o.output_type}:${o.name ?? ""}`);
      expect(kinds.indexOf("stream:stderr")).toBeLessThan(kinds.indexOf("stream:stdout"));
      expect(text(outputs as never, "stdout")).toBe("ran\n");
    } finally {
      await k.stop();
    }
  });

  it("blocks type errors in error mode even before the checker has warmed up", { timeout: SLOW }, async () => {
    const k = await launch();
    try {
      const r = await k.client.execute('//% typecheck: error\nlet s: string = 5; console.log("ran")', { timeoutMs: 90_000 });
      expect(r.reply.content).toMatchObject({ status: "error", ename: "TypeError" });
      expect(text(r.outputs, "stdout")).toBe("");
    } finally {
      await k.stop();
    }
  });
});

describe("output of a cell that never yields", () => {
  it("reaches the client while the cell is still computing", { timeout: SLOW }, async () => {
    const k = await launch();
    try {
      await k.client.execute("1");
      const arrivals: { at: number; text: string }[] = [];
      // The cell prints, then holds the main thread until the test has received that print: the
      // test releases it only from the handler of "epoch 1". Output held back until the cell ends
      // would never be released (the cell then gives up with an error after 60 s).
      const gate = cellGate();
      const { msgId, result } = k.client.executeLater(`console.log("epoch 1");\n${gate.hold}console.log("epoch 2")`);
      const off = k.client.onIopubMessage((m: Message) => {
        if (m.msg_type !== "stream" || (m.parent_header as { msg_id?: string }).msg_id !== msgId) return;
        const t = String((m.content as { text: string }).text);
        arrivals.push({ at: performance.now(), text: t });
        if (t.includes("epoch 1")) gate.release();
      });
      const r = await result;
      off();
      expect(r.reply.content.status).toBe("ok");
      expect(arrivals.map((a) => a.text).join("")).toBe("epoch 1\nepoch 2\n");
      expect(arrivals[0]!.text).toBe("epoch 1\n");
    } finally {
      await k.stop();
    }
  });
});
