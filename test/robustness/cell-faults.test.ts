/**
 * Faults raised by cell code: each is reported as an error on the cell that caused it, the kernel
 * keeps serving, and a variable defined by an earlier cell keeps its value.
 *
 * Decisions these tests pin down:
 * - A timer or rejected promise that fails after its cell replied cannot change that reply (it was
 *   "ok"); its error is published on iopub with that cell as parent, so the notebook shows it under
 *   the right cell.
 * - `process.exit()` in a cell throws ProcessExitError: the kernel does not vanish; Kernel > Restart
 *   or Shutdown end it.
 * - A cell filling the heap is interrupted by the executor's heap guard (kernel/exec/heap-guard.ts)
 *   before V8's fatal out-of-memory abort and fails with HeapLimitError.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../dist/kernel/wire/messages.js";
import { alive, errors, kernelForFile, launch, sleep, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

kernelForFile(launch, (started) => (k = started), "let kept = 41;");

const parentId = (m: Message) => (m.parent_header as { msg_id?: string }).msg_id;

/** The error published on iopub for `msgId` (during or after its execution). */
function errorOn(msgId: string, timeoutMs = 5_000): Promise<Message> {
  return k.client.waitForIopub((m) => m.msg_type === "error" && parentId(m) === msgId, timeoutMs);
}

/** Earlier state survived, and a fresh cell shows no stray error from the fault. */
async function stillServing(kernel: Kernel = k): Promise<void> {
  const r = await kernel.client.execute("kept + 1");
  expect(r.reply.content.status).toBe("ok");
  expect(text(r.outputs, "result")).toBe("42");
  expect(errors(r.outputs)).toEqual([]);
  expect(alive(kernel.process.pid!)).toBe(true);
}

describe("cell faults", () => {
  it("an exception thrown by a timer after the cell ended is shown on that cell", async () => {
    const r = await k.client.execute('setTimeout(() => { throw new Error("late timer boom"); }, 200);\n"returned"');
    expect(r.reply.content.status).toBe("ok");
    expect(text(r.outputs, "result")).toContain("returned");
    const e = await errorOn(r.request.msg_id);
    expect(e.content).toMatchObject({ ename: "Error", evalue: "late timer boom" });
    await stillServing();
  });

  it("an unhandled promise rejection is shown on the cell that made it", async () => {
    const r = await k.client.execute('Promise.reject(new Error("unhandled boom"));\nawait new Promise((r) => setTimeout(r, 100));\n"after"');
    const e = await errorOn(r.request.msg_id);
    expect(e.content).toMatchObject({ ename: "Error", evalue: "unhandled boom" });
    await stillServing();
  });

  it("a rejection from a promise chain started by an earlier cell lands on that earlier cell", async () => {
    const first = await k.client.execute('void new Promise((_, reject) => setTimeout(() => reject(new TypeError("chain boom")), 300));');
    const second = await k.client.execute("kept");
    const e = await errorOn(first.request.msg_id);
    expect(e.content).toMatchObject({ ename: "TypeError", evalue: "chain boom" });
    expect(errors(second.outputs)).toEqual([]);
    await stillServing();
  });

  it("a stack overflow fails the cell with RangeError", async () => {
    const r = await k.client.execute("function f(): number { return f(); }\nf()");
    expect(r.reply.content).toMatchObject({ status: "error", ename: "RangeError" });
    expect((r.reply.content as { evalue: string }).evalue).toMatch(/call stack/i);
    expect(errors(r.outputs)).toHaveLength(1);
    expect(errors(r.outputs)[0]).toMatchObject({ ename: "RangeError" });
    await stillServing();
  });

  it("process.exit() fails the cell with ProcessExitError and the kernel keeps serving", async () => {
    const r = await k.client.execute("process.exit(3)");
    expect(r.reply.content).toMatchObject({ status: "error", ename: "ProcessExitError" });
    expect(errors(r.outputs)[0]?.evalue).toMatch(/Restart/);
    await sleep(200);
    await stillServing();
  });

  it("process.exit() from a timer after the cell ended is shown on that cell", async () => {
    const r = await k.client.execute("setTimeout(() => process.exit(0), 100);");
    const e = await errorOn(r.request.msg_id);
    expect(e.content).toMatchObject({ ename: "ProcessExitError" });
    await stillServing();
  });
});

describe("a cell filling the heap (kernel with --max-old-space-size=256)", () => {
  let small: Kernel;
  beforeAll(async () => {
    small = await launch({ env: { NODE_OPTIONS: "--max-old-space-size=256" } });
    await small.client.execute("let kept = 41;", { timeoutMs: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await small?.stop();
  });

  it("is stopped with HeapLimitError instead of killing the kernel", async () => {
    // 1 MiB arrays on the JS heap; 4,096 of them could never fit: without the guard V8 aborts.
    const r = await small.client.execute("{\n  const hog: number[][] = [];\n  for (let i = 0; i < 4096; i++) hog.push(new Array(1 << 17).fill(i));\n  hog.length\n}", { timeoutMs: 60_000 });
    expect(r.reply.content).toMatchObject({ status: "error", ename: "HeapLimitError" });
    expect(errors(r.outputs)[0]?.evalue).toMatch(/heap/);
    await stillServing(small);
    // The memory is usable again: a second, smaller allocation succeeds.
    const again = await small.client.execute("{ const a: number[][] = []; for (let i = 0; i < 50; i++) a.push(new Array(1 << 17).fill(i)); console.log(a.length); }");
    expect(again.reply.content, JSON.stringify(again.outputs)).toMatchObject({ status: "ok" });
    expect(text(again.outputs, "stdout")).toBe("50\n");
  }, 120_000);
});
