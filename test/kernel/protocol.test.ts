/** Every shell/control/iopub message type of the kernel, over real sockets. */
import { describe, expect, it } from "vitest";
import type { Message } from "../../dist/kernel/wire/messages.js";
import { cellGate, kernelForFile, launch, sleep, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

kernelForFile(launch, (started) => (k = started));

const types = (iopub: Message[]) => iopub.map((m) => m.msg_type);

describe("kernel_info", () => {
  it("answers with status ok, typescript language_info and busy/idle around it", async () => {
    const r = await k.client.request("shell", "kernel_info_request", {} as never);
    const c = r.reply.content as Record<string, unknown> & { language_info: Record<string, unknown> };
    expect(c.status).toBe("ok");
    expect(c.implementation).toBe("d2l-ts");
    expect(c.protocol_version).toMatch(/^5\.\d+$/);
    expect(c.language_info.name).toBe("typescript");
    expect(c.language_info.file_extension).toBe(".ts");
    expect(String(c.banner)).toContain("d2l-ts");
    expect(Array.isArray(c.help_links)).toBe(true);
    expect(types(r.iopub)).toEqual(["status", "status"]);
  });

  it("also answers on control", async () => {
    const r = await k.client.request("control", "kernel_info_request", {} as never);
    expect(r.reply.content.status).toBe("ok");
  });
});

describe("execute", () => {
  it("publishes execute_input, streams and execute_result with the execution count", async () => {
    const r = await k.client.execute('const answer = 40;\nconsole.log("to stdout");\nconsole.error("to stderr");\nanswer + 2');
    expect(r.reply.content.status).toBe("ok");
    const count = r.reply.content.execution_count as number;
    const input = r.iopub.find((m) => m.msg_type === "execute_input");
    expect(input?.content).toMatchObject({ execution_count: count });
    expect(text(r.outputs, "stdout")).toBe("to stdout\n");
    expect(text(r.outputs, "stderr")).toBe("to stderr\n");
    const result = r.outputs.find((o) => o.output_type === "execute_result");
    expect(result).toMatchObject({ execution_count: count, data: { "text/plain": "42" } });
    expect(types(r.iopub)[0]).toBe("status");
    expect(types(r.iopub).at(-1)).toBe("status");
    // Declarations persist into the next cell.
    const next = await k.client.execute("answer * 2");
    expect(text(next.outputs, "result")).toBe("80");
    expect(next.reply.content.execution_count).toBe(count + 1);
  });

  it("keeps busy, execute_input, every stream line, the result or error and idle in that order, also for cells sent back to back", async () => {
    // The io worker no longer waits for each iopub send before going on; the send queue alone keeps the order.
    const printing = "for (let i = 0; i < 300; i++) console.log(i);\n7 * 6";
    const cells = [printing, printing, 'console.log("before");\nthrow new Error("boom")'];
    const sent = cells.map((code) => k.client.executeLater(code, { stop_on_error: false }));
    const [a, b, failed] = await Promise.all(sent.map((s) => s.result));
    const lines = Array.from({ length: 300 }, (_, i) => `${i}\n`).join("");
    for (const r of [a, b]) {
      const seq = r.iopub.map((m) => (m.msg_type === "status" ? String((m.content as { execution_state: string }).execution_state) : m.msg_type));
      expect(seq[0]).toBe("busy");
      expect(seq[1]).toBe("execute_input");
      expect(seq.at(-1)).toBe("idle");
      expect(seq.at(-2)).toBe("execute_result");
      expect(new Set(seq.slice(2, -2))).toEqual(new Set(["stream"]));
      expect(text(r.outputs, "stdout")).toBe(lines);
      expect(text(r.outputs, "result")).toBe("42");
    }
    const seq = failed.iopub.map((m) => (m.msg_type === "status" ? String((m.content as { execution_state: string }).execution_state) : m.msg_type));
    expect(seq).toEqual(["busy", "execute_input", "stream", "error", "idle"]);
    expect(failed.reply.content.status).toBe("error");
  });

  it("a trailing semicolon suppresses the result", async () => {
    const r = await k.client.execute("1 + 1;");
    expect(r.outputs).toEqual([]);
  });

  it("silent runs publish no execute_input or result and do not count", async () => {
    const before = (await k.client.execute("0")).reply.content.execution_count as number;
    const r = await k.client.execute("123", { silent: true });
    expect(types(r.iopub)).not.toContain("execute_input");
    expect(types(r.iopub)).not.toContain("execute_result");
    const hidden = await k.client.execute("7", { store_history: false });
    expect(text(hidden.outputs, "result")).toBe("7");
    const after = (await k.client.execute("0")).reply.content.execution_count as number;
    expect(after).toBe(before + 1);
  });

  it("evaluates user_expressions", async () => {
    const r = await k.client.execute("const ue = 21;", { user_expressions: { twice: "ue * 2", bad: "missingName.x" } });
    const ux = (r.reply.content as { user_expressions: Record<string, { status: string; data?: Record<string, string>; ename?: string }> }).user_expressions;
    expect(ux.twice).toMatchObject({ status: "ok", data: { "text/plain": "42" } });
    expect(ux.bad?.status).toBe("error");
  });

  it("reports runtime errors with ename, evalue and a traceback pointing into the cell", async () => {
    const r = await k.client.execute('function fail(): never {\n  throw new RangeError("boom");\n}\nfail();');
    expect(r.reply.content).toMatchObject({ status: "error", ename: "RangeError", evalue: "boom" });
    const err = r.outputs.find((o) => o.output_type === "error");
    expect(err).toMatchObject({ ename: "RangeError", evalue: "boom" });
    const tb = (err as { traceback: string[] }).traceback.join("\n");
    expect(tb).toMatch(/boom/);
    expect(tb).toMatch(/:2\b/); // the throw is on line 2 of the cell
  });

  it("reports syntax errors with the cell's line", async () => {
    const r = await k.client.execute("const ok = 1;\nconst = ;");
    expect(r.reply.content.status).toBe("error");
    expect(r.outputs[0]).toMatchObject({ ename: "SyntaxError", evalue: expect.stringMatching(/^\(2,7\) /) });
    const tb = (r.outputs[0] as { traceback: string[] }).traceback;
    expect(tb[0]).toMatch(/^line 2, column 7: /); // `const = ;`: the name is missing at column 7 of line 2
    expect(tb).toContain("  2 | const = ;");
  });

  it("stop_on_error aborts the executes queued behind a failure", async () => {
    // "Queued behind" must be true when the first cell fails: the first cell is held until the
    // kernel has read the second request (a shell reply sent after it proves that), else the
    // second may arrive after the failure and rightly run.
    const gate = cellGate();
    const first = k.client.executeLater(`${gate.enter}${gate.hold}throw new Error("first fails")`);
    await gate.started();
    const second = k.client.executeLater('console.log("must not run")');
    await k.client.request("shell", "kernel_info_request", {});
    gate.release();
    const a = await first.result;
    const b = await second.result;
    expect(a.reply.content.status).toBe("error");
    expect(b.reply.content.status).toBe("aborted");
    expect(text(b.outputs, "stdout")).toBe("");
    const third = k.client.executeLater('throw new Error("again")', { stop_on_error: false });
    const fourth = k.client.executeLater('"ran anyway"');
    await third.result;
    expect(text((await fourth.result).outputs, "result")).toContain("ran anyway");
  });

  it("publishes display_data with a display id, update_display_data and clear_output", async () => {
    const r = await k.client.execute('const h = display({ "text/plain": "v1", "text/html": "<b>v1</b>" }, { displayId: "disp-1" });\nh.update({ "text/plain": "v2", "text/html": "<b>v2</b>" });');
    const disp = r.iopub.find((m) => m.msg_type === "display_data");
    const upd = r.iopub.find((m) => m.msg_type === "update_display_data");
    expect(disp?.content).toMatchObject({ data: { "text/plain": "v1" }, transient: { display_id: "disp-1" } });
    expect(upd?.content).toMatchObject({ data: { "text/plain": "v2" }, transient: { display_id: "disp-1" } });
    expect(r.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "v2", "text/html": "<b>v2</b>" }, metadata: {} }]);
    const c = await k.client.execute('console.log("old");\nclearOutput({ wait: true });\nconsole.log("new");');
    expect(c.iopub.find((m) => m.msg_type === "clear_output")?.content).toEqual({ wait: true });
    expect(text(c.outputs, "stdout")).toBe("new\n");
  });
});

describe("language service requests", () => {
  it("completes members of declarations from earlier cells", async () => {
    await k.client.execute("const net = new nn.Sequential();");
    const code = "net.ini";
    const r = await k.client.request("shell", "complete_request", { code, cursor_pos: code.length });
    expect(r.reply.content.status).toBe("ok");
    const c = r.reply.content as { matches: string[]; cursor_start: number; cursor_end: number };
    expect(c.matches).toContain("initialize");
    expect(c.cursor_start).toBe(4);
    expect(c.cursor_end).toBe(7);
  });

  it("inspects a symbol", async () => {
    const code = "Math.floor";
    const r = await k.client.request("shell", "inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
    const c = r.reply.content as { found: boolean; data: Record<string, string> };
    expect(c.found).toBe(true);
    expect(c.data["text/plain"]).toMatch(/floor/);
  });

  it("tells complete, incomplete (with indent) and invalid code apart", async () => {
    const ask = async (code: string) => (await k.client.request("shell", "is_complete_request", { code })).reply.content as { status: string; indent?: string };
    expect((await ask("1 + 1")).status).toBe("complete");
    const inc = await ask("for (let i = 0; i < 3; i++) {");
    expect(inc.status).toBe("incomplete");
    expect(typeof inc.indent).toBe("string");
    expect((await ask("let x = );")).status).toBe("invalid");
  });

  it("completion answers while a cell is running", async () => {
    // The cell holds the main thread until the test releases it, after the completion reply: a
    // completion that waited for the cell would never come (and the cell would give up with an error).
    const gate = cellGate();
    const running = k.client.executeLater(`${gate.enter}${gate.hold}"released"`);
    await gate.started();
    const r = await k.client.request("shell", "complete_request", { code: "Math.", cursor_pos: 5 });
    expect(r.reply.content.status).toBe("ok");
    expect((r.reply.content as { matches: string[] }).matches).toContain("hypot");
    const state = await Promise.race([running.result.then(() => "ended"), sleep(0).then(() => "running")]);
    expect(state).toBe("running");
    gate.release();
    expect(text((await running.result).outputs, "result")).toBe("'released'");
  });
});

describe("history", () => {
  it("returns tail, range and search entries with session numbers", async () => {
    await k.client.execute("const histMarker = 'hist-1';");
    await k.client.execute("histMarker.length");
    const tail = (await k.client.request("shell", "history_request", { hist_access_type: "tail", n: 2, output: false, raw: true })).reply.content as { history: [number, number, string][] };
    expect(tail.history.map((h) => h[2])).toEqual(["const histMarker = 'hist-1';", "histMarker.length"]);
    const [session, line] = tail.history[1]!;
    expect(session).toBeGreaterThanOrEqual(1);
    const range = (await k.client.request("shell", "history_request", { hist_access_type: "range", session: 0, start: line, stop: line + 1, output: true, raw: true })).reply.content as { history: [number, number, [string, string | null]][] };
    expect(range.history).toEqual([[session, line, ["histMarker.length", "6"]]]);
    const search = (await k.client.request("shell", "history_request", { hist_access_type: "search", pattern: "*histMarker*", n: 10, output: false, raw: true })).reply.content as { history: unknown[] };
    expect(search.history).toHaveLength(2);
  });
});

describe("comms", () => {
  it("closes a frontend comm to an unknown target and lists no comms", async () => {
    const r = await k.client.request("shell", "comm_open", { comm_id: "comm-unknown-1", target_name: "no.such.target", data: {} });
    const close = r.iopub.find((m) => m.msg_type === "comm_close");
    expect(close?.content).toMatchObject({ comm_id: "comm-unknown-1" });
    const info = await k.client.request("shell", "comm_info_request", {});
    expect(info.reply.content.status).toBe("ok");
    expect((info.reply.content as { comms: unknown }).comms).toEqual({});
  });
});

describe("process output", () => {
  it("writes nothing to stdout: user prints go to iopub, logs to stderr", async () => {
    await k.client.execute('console.log("only on iopub"); process.stdout.write("also iopub\\n");');
    await sleep(100);
    expect(k.stdout()).toBe("");
  });
});
