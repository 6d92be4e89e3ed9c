/**
 * The Jupyter debugger over real sockets, in the order JupyterLab drives it: debugInfo,
 * initialize, attach, dumpCell, setBreakpoints, configurationDone, then cells run and stop.
 */
import { afterEach, describe, expect, it } from "vitest";
import { murmur2 } from "murmurhash-js";
import type { Message } from "../../dist/kernel/wire/messages.js";
import { kernelForFile, launch, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

// At debug level the kernel logs each debug request and its answer, shown if a test fails.
kernelForFile(() => launch({ env: { D2L_TS_LOG_LEVEL: "debug" } }), (started) => (k = started));

type Body = Record<string, any>;
let seq = 0;

async function dap(command: string, args: Record<string, unknown> = {}): Promise<{ success: boolean; body: Body; message?: string }> {
  const r = await k.client.request("control", "debug_request", { seq: ++seq, type: "request", command, arguments: args });
  const c = r.reply.content as { success: boolean; body: Body; message?: string; command: string; request_seq: number };
  expect(c.command).toBe(command);
  expect(c.request_seq).toBe(seq);
  return c;
}

async function ok(command: string, args: Record<string, unknown> = {}): Promise<Body> {
  const r = await dap(command, args);
  if (!r.success) throw new Error(`${command} failed: ${r.message}`);
  return r.body;
}

const isEvent = (name: string, since: number) => (m: Message) => m.msg_type === "debug_event" && (m.content as { event?: string }).event === name && (m.content as { seq: number }).seq > since;

/** The seq of the last debug event seen, so waits only match events after it. */
let lastEventSeq = 0;
async function nextEvent(name: string): Promise<Body> {
  const m = await k.client.waitForIopub(isEvent(name, lastEventSeq), 20_000);
  lastEventSeq = (m.content as { seq: number }).seq;
  return (m.content as { body: Body }).body;
}

let info: Body;
// JupyterLab 4 hashes the code's UTF-8 bytes (murmurhash-js takes them as a latin1 string).
const pathOf = (code: string) => `${info.tmpFilePrefix}${murmur2(Buffer.from(code, "utf8").toString("latin1"), info.hashSeed)}${info.tmpFileSuffix}`;

async function topFrame(): Promise<Body> {
  const st = await ok("stackTrace", { threadId: 1 });
  return st.stackFrames[0];
}

async function locals(frameId: number): Promise<Record<string, string>> {
  const { scopes } = await ok("scopes", { frameId });
  const local = scopes.find((s: Body) => s.name === "Locals");
  const { variables } = await ok("variables", { variablesReference: local.variablesReference });
  return Object.fromEntries(variables.map((v: Body) => [v.name, v.value]));
}

const CELL_1 = ["function scale(a: number): number {", "  const doubled: number = a * 2;", "", "  const plus = doubled + 1;", "  return plus;", "}"].join("\n");

describe("the Jupyter debugger", () => {
  // A test that fails while stopped must not leave the next tests queued behind a frozen cell.
  afterEach(async () => {
    // Ended (a code, or a signal if it crashed): nothing to resume.
    if (k.process.exitCode !== null || k.process.signalCode !== null) return;
    const r = await dap("debugInfo");
    if (r.body.stoppedThreads?.length) await dap("continue", { threadId: 1 });
  });

  it("advertises the debugger in kernel_info", async () => {
    const r = await k.client.request("shell", "kernel_info_request", {} as never);
    const c = r.reply.content as Body;
    expect(c.debugger).toBe(true);
    expect(c.supported_features).toContain("debugger");
  });

  it("stops at a TypeScript line, shows the stack, locals, steps, evaluates and continues to the result", async () => {
    info = await ok("debugInfo");
    expect(info).toMatchObject({ isStarted: false, hashMethod: "Murmur2", tmpFileSuffix: ".ts", breakpoints: [], stoppedThreads: [] });
    const init = await ok("initialize", { clientID: "test", adapterID: "d2l-ts", pathFormat: "path", linesStartAt1: true, columnsStartAt1: true });
    expect(init.supportsConfigurationDoneRequest).toBe(true);
    await ok("attach");
    const { sourcePath } = await ok("dumpCell", { code: CELL_1 });
    expect(sourcePath).toBe(pathOf(CELL_1));
    const bps = await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [{ line: 2 }], sourceModified: false });
    expect(bps.breakpoints).toEqual([expect.objectContaining({ verified: true, line: 2 })]);
    await ok("configurationDone");
    expect((await ok("debugInfo")).isStarted).toBe(true);

    expect((await k.client.execute(CELL_1)).reply.content.status).toBe("ok");
    // V8 placed the breakpoint once the cell's script existed.
    expect((await nextEvent("breakpoint")).breakpoint).toMatchObject({ verified: true, line: 2, source: { path: sourcePath } });
    const run = k.client.executeLater("const r = scale(20);\nr * 10");
    const stopped = await nextEvent("stopped");
    expect(stopped).toMatchObject({ reason: "breakpoint", threadId: 1 });
    expect((await ok("debugInfo")).stoppedThreads).toEqual([1]);
    // The main thread is frozen; the kernel still answers.
    expect(await k.client.heartbeat(5_000)).toBeGreaterThan(0);

    const top = await topFrame();
    expect(top).toMatchObject({ name: "scale", line: 2, source: { path: sourcePath } });
    const st = await ok("stackTrace", { threadId: 1 });
    expect(st.stackFrames[1]).toMatchObject({ line: 1, source: { path: pathOf("const r = scale(20);\nr * 10") } });
    const before = await locals(top.id);
    expect(before.a).toBe("20");
    // `doubled` is not initialized yet: V8 in Node 20 lists it as undefined, Node 22 and 24 leave
    // it out of the scope. Either way it has no value yet.
    expect(before.doubled ?? "undefined").toBe("undefined");

    await ok("next", { threadId: 1 });
    await nextEvent("stopped");
    const afterStep = await topFrame();
    // Line 3 is blank: one step goes from line 2 to line 4.
    expect(afterStep.line).toBe(4);
    expect((await locals(afterStep.id)).doubled).toBe("40");
    const ev = await ok("evaluate", { expression: "doubled + a", frameId: afterStep.id, context: "watch" });
    expect(ev.result).toBe("60");
    expect((await dap("evaluate", { expression: "nope.nothing", frameId: afterStep.id })).message).toMatch(/ReferenceError: nope is not defined/);
    expect((await ok("richInspectVariables", { variableName: "doubled", frameId: afterStep.id })).data).toEqual({ "text/plain": "40" });
    // Pages of an array, nested objects, and the notebook's globals while stopped.
    const arr = await ok("evaluate", { expression: "[10, 20, 30, 40]", frameId: afterStep.id });
    const page = await ok("variables", { variablesReference: arr.variablesReference, filter: "indexed", start: 1, count: 2 });
    expect(page.variables.map((v: Body) => [v.name, v.value])).toEqual([["1", "20"], ["2", "30"]]);
    const nested = await ok("evaluate", { expression: "({ inner: { deep: a + 1 } })", frameId: afterStep.id });
    const outer = (await ok("variables", { variablesReference: nested.variablesReference })).variables;
    expect(outer[0]).toMatchObject({ name: "inner", type: "Object" });
    expect((await ok("variables", { variablesReference: outer[0].variablesReference })).variables).toEqual([expect.objectContaining({ name: "deep", value: "21" })]);
    const globals = (await ok("scopes", { frameId: afterStep.id })).scopes.find((sc: Body) => sc.name === "Globals");
    const globalNames = (await ok("variables", { variablesReference: globals.variablesReference })).variables.map((v: Body) => v.name);
    expect(globalNames).toContain("scale");
    expect(globalNames).not.toContain("nn");
    expect(globalNames).not.toContain("setTimeout");
    await ok("copyToGlobals", { srcVariableName: "doubled", dstVariableName: "keptDoubled", srcFrameId: afterStep.id });
    expect((await ok("threads")).threads).toEqual([{ id: 1, name: "main" }]);
    expect((await ok("source", { source: { path: sourcePath } })).content).toBe(CELL_1);
    expect((await ok("modules")).modules.map((m: Body) => m.path)).toContain(sourcePath);

    await ok("continue", { threadId: 1 });
    await nextEvent("continued");
    const done = await run.result;
    expect(done.reply.content.status).toBe("ok");
    expect(text(done.outputs, "result")).toBe("410");
    expect(text((await k.client.execute("keptDoubled")).outputs, "result")).toBe("40");
  });

  it("reads globals and rich displays while not stopped", async () => {
    await k.client.execute("const weights = np.ones([2, 3]);\nconst label = 'dense';");
    const { variables } = await ok("inspectVariables");
    const byName = Object.fromEntries(variables.map((v: Body) => [v.name, v]));
    expect(byName.label.value).toBe('"dense"');
    expect(byName.weights.value).toBe("Tensor float32 [2, 3]");
    expect(byName.nn).toBeUndefined();
    expect(byName.setTimeout).toBeUndefined();
    const rich = await ok("richInspectVariables", { variableName: "weights" });
    expect(Object.keys(rich.data)).toContain("text/plain");
    expect(String(rich.data["text/plain"])).toMatch(/2.*3|1/);
    expect((await dap("richInspectVariables", { variableName: "weights; 1" })).success).toBe(false);
  });

  it("moves a breakpoint on a line without code to the next statement, and refuses one past the last", async () => {
    const code = ["let total = 0;", "", "// cộng thêm năm", "total += 5;", "total", ""].join("\n");
    const { sourcePath } = await ok("dumpCell", { code });
    expect(sourcePath).toBe(pathOf(code));
    const bps = await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [{ line: 2 }, { line: 6 }] });
    expect(bps.breakpoints[0]).toMatchObject({ verified: true, line: 4 });
    expect(bps.breakpoints[1]).toMatchObject({ verified: false });
    expect(bps.breakpoints[1].message).toMatch(/no code on line 6/);
    const run = k.client.executeLater(code);
    await nextEvent("stopped");
    const top = await topFrame();
    expect(top).toMatchObject({ line: 4, source: { path: sourcePath } });
    expect((await ok("evaluate", { expression: "total", frameId: top.id })).result).toBe("0");
    await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [] });
    await ok("continue", { threadId: 1 });
    expect(text((await run.result).outputs, "result")).toBe("5");
  });

  it("follows a cell edited after its breakpoints were set", async () => {
    const v1 = ["function area(w: number, h: number) {", "  return w * h;", "}", "area(2, 3)"].join("\n");
    const p1 = (await ok("dumpCell", { code: v1 })).sourcePath;
    await ok("setBreakpoints", { source: { path: p1 }, breakpoints: [{ line: 2 }] });
    // The user adds lines above: JupyterLab dumps the new text and moves the breakpoint with it.
    const v2 = ["// area of a rectangle", "function area(w: number, h: number) {", "  const a = w * h;", "  return a;", "}", "area(4, 5)"].join("\n");
    const p2 = (await ok("dumpCell", { code: v2 }));
    expect(p2.sourcePath).not.toBe(p1);
    await ok("setBreakpoints", { source: { path: p1 }, breakpoints: [] });
    await ok("setBreakpoints", { source: { path: p2.sourcePath }, breakpoints: [{ line: 4 }] });
    const run = k.client.executeLater(v2);
    await nextEvent("stopped");
    const top = await topFrame();
    expect(top).toMatchObject({ line: 4, source: { path: p2.sourcePath } });
    expect(await locals(top.id)).toMatchObject({ w: "4", h: "5", a: "20" });
    await ok("setBreakpoints", { source: { path: p2.sourcePath }, breakpoints: [] });
    await ok("continue", { threadId: 1 });
    expect(text((await run.result).outputs, "result")).toBe("20");
    // The old text no longer stops anywhere.
    expect(text((await k.client.execute(v1)).outputs, "result")).toBe("6");
  });

  it("ends a cell stopped at a breakpoint with KeyboardInterrupt on interrupt_request", async () => {
    const code = ["let spins = 0;", "while (true) {", "  spins++;", "}"].join("\n");
    const { sourcePath } = await ok("dumpCell", { code });
    await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [{ line: 3 }] });
    const run = k.client.executeLater(code);
    await nextEvent("stopped");
    const r = await k.client.interrupt({ timeoutMs: 10_000 });
    expect(r.reply.content.status).toBe("ok");
    expect((await nextEvent("output")).output).toMatch(/KeyboardInterrupt/);
    const done = await run.result;
    expect(done.reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    const tb = (done.reply.content as { traceback: string[] }).traceback.join("\n");
    expect(tb).not.toContain(info.tmpFilePrefix);
    // Breakpoints stay for the next run; the kernel is usable.
    await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [] });
    expect(text((await k.client.execute("1 + 1")).outputs, "result")).toBe("2");
  });

  it("keeps tracebacks on cell names while the debugger is attached", async () => {
    const r = await k.client.execute("const boom = () => { throw new Error('bad'); };\nboom()");
    const tb = (r.reply.content as { traceback: string[] }).traceback.join("\n");
    expect(tb).toMatch(/cell-\d+\.ts:1:/);
    expect(tb).not.toContain(info.tmpFilePrefix);
  });

  it("stops where an error is raised when raised exceptions are on", async () => {
    await ok("setExceptionBreakpoints", { filters: ["raised"] });
    const code = ["function check(n: number) {", "  if (n < 0) throw new RangeError('negative');", "  return n;", "}", "check(-1)"].join("\n");
    const run = k.client.executeLater(code);
    const stopped = await nextEvent("stopped");
    expect(stopped.reason).toBe("exception");
    expect(stopped.text).toMatch(/RangeError: negative/);
    const top = await topFrame();
    expect(top).toMatchObject({ name: "check", line: 2, source: { path: pathOf(code) } });
    expect(await locals(top.id)).toMatchObject({ n: "-1" });
    await ok("setExceptionBreakpoints", { filters: [] });
    await ok("continue", { threadId: 1 });
    expect((await run.result).reply.content).toMatchObject({ status: "error", ename: "RangeError" });
  });

  it("pauses a running cell on request, evaluates there, and lets it finish", async () => {
    const code = ["let ticks = 0;", "console.log('spinning');", "while (!(globalThis as any).stopTicking) {", "  ticks++;", "}", "ticks > 0"].join("\n");
    const run = k.client.executeLater(code);
    await k.client.waitForIopub((m) => m.msg_type === "stream" && (m.parent_header as { msg_id?: string }).msg_id === run.msgId, 20_000);
    await ok("pause", { threadId: 1 });
    expect((await nextEvent("stopped")).reason).toBe("pause");
    const top = await topFrame();
    expect([3, 4]).toContain(top.line);
    expect((await ok("evaluate", { expression: "ticks > 0", frameId: top.id })).result).toBe("true");
    await ok("evaluate", { expression: "globalThis.stopTicking = true", frameId: top.id });
    await ok("continue", { threadId: 1 });
    expect(text((await run.result).outputs, "result")).toBe("true");
  });

  it("leaving the debugger resumes a stopped cell and drops its breakpoints", async () => {
    const code = ["let n = 1;", "n = n + 1;", "n"].join("\n");
    const { sourcePath } = await ok("dumpCell", { code });
    await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [{ line: 2 }] });
    const run = k.client.executeLater(code);
    await nextEvent("stopped");
    await ok("disconnect", { restart: false, terminateDebuggee: false });
    expect(text((await run.result).outputs, "result")).toBe("2");
    expect(await ok("debugInfo")).toMatchObject({ isStarted: false, breakpoints: [] });
    expect(text((await k.client.execute(code)).outputs, "result")).toBe("2");
  });

  // Last: it ends the kernel.
  it("shuts down while stopped at a breakpoint, without the kill fallback", async () => {
    await ok("initialize", { clientID: "test", adapterID: "d2l-ts" });
    await ok("attach");
    const code = "let z = 1;\nz = 2;\nz";
    const { sourcePath } = await ok("dumpCell", { code });
    await ok("setBreakpoints", { source: { path: sourcePath }, breakpoints: [{ line: 2 }] });
    void k.client.executeLater(code).result.catch(() => undefined);
    await nextEvent("stopped");
    expect((await k.client.shutdown({ timeoutMs: 10_000 })).reply.content.status).toBe("ok");
    // Exit code 0 and no signal: neither the kill fallback nor a crash on the way out.
    expect(await k.exited).toEqual({ code: 0, signal: null });
  });
});
