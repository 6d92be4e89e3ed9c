/** Signatures, interrupts, heartbeat, stdin, late output, output volume: a kernel that stays usable. */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encode } from "../../dist/kernel/wire/codec.js";
import { kernelForFile, launch, sleep, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

kernelForFile(launch, (started) => (k = started));

describe("signatures", () => {
  it("drops messages with a bad or missing signature, and never runs them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "d2l-sig-"));
    const marker = join(dir, "ran.txt");
    const cell = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");`;
    const forged = encode(k.client.makeRequest("execute_request", { code: cell, silent: false }), { key: "not-the-key", scheme: "hmac-sha256" });
    await k.client.sendRaw("shell", forged);
    const unsigned = encode(k.client.makeRequest("execute_request", { code: cell, silent: false }), { key: "", scheme: "hmac-sha256" });
    await k.client.sendRaw("shell", unsigned);
    await k.client.sendRaw("shell", [Buffer.from("garbage without delimiter")]);
    await k.client.sendRaw("control", forged.map((f, i) => (i === 5 ? Buffer.from('{"msg_id":"x","msg_type":"shutdown_request"') : f)));
    // The kernel still works, and the forged cells never ran.
    const r = await k.client.execute("1 + 1");
    expect(text(r.outputs, "result")).toBe("2");
    await sleep(200);
    expect(existsSync(marker)).toBe(false);
    // The same cell properly signed does run: the marker check above can fail.
    await k.client.execute(cell);
    expect(existsSync(marker)).toBe(true);
    expect(k.stderr()).toMatch(/bad-signature/);
  });
});

/**
 * A cell prefix that creates a file, and a wait for that file: proof the cell is running (its
 * compile can take a while, and stream output may be held back while the main thread is blocked).
 */
function startMarker(): { code: string; started: () => Promise<void> } {
  const file = join(mkdtempSync(join(tmpdir(), "d2l-run-")), "started");
  return {
    code: `require("node:fs").writeFileSync(${JSON.stringify(file)}, "");\n`,
    async started() {
      for (let i = 0; i < 600 && !existsSync(file); i++) await sleep(50);
      if (!existsSync(file)) throw new Error("the cell did not start within 30 s");
    },
  };
}

describe("interrupt", () => {
  it("stops a synchronous while(true) loop by interrupt_request, keeping earlier variables", async () => {
    await k.client.execute("let kept = 41;");
    const m = startMarker();
    const loop = k.client.executeLater(`${m.code}while (true) {}`);
    await m.started();
    // The heartbeat answers while the loop (started, endless) holds the main thread. The timeout
    // only turns "never answers" into a failure: an answer takes ~1 ms, 10 s is far above any load.
    for (let i = 0; i < 3; i++) await k.client.heartbeat(10_000);
    expect(await Promise.race([loop.result.then(() => "ended"), sleep(0).then(() => "running")])).toBe("running");
    // Control too (its timeout is a liveness bound like the heartbeat's).
    const info = await k.client.request("control", "kernel_info_request", {} as never, { timeoutMs: 10_000 });
    expect(info.reply.content.status).toBe("ok");
    const ir = await k.client.interrupt({ timeoutMs: 10_000 });
    expect(ir.reply.content.status).toBe("ok");
    // The loop is endless: an error reply can only come from the interrupt.
    const r = await loop.result;
    expect(r.reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    const after = await k.client.execute("kept + 1");
    expect(text(after.outputs, "result")).toBe("42");
  });

  it("stops a synchronous loop on SIGINT sent to the process (interrupt_mode signal)", async () => {
    const m = startMarker();
    const loop = k.client.executeLater(`${m.code}for (;;) {}`);
    await m.started();
    k.process.kill("SIGINT");
    const r = await loop.result;
    expect(r.reply.content.status).toBe("error");
    expect(text((await k.client.execute("kept")).outputs, "result")).toBe("41");
  });

  it("stops a cell that is still being compiled", async () => {
    // Bounded, so a missed interrupt fails this test instead of hanging the kernel for the rest.
    const cell = k.client.executeLater("const stopAt = Date.now() + 20_000;\nwhile (Date.now() < stopAt) {}");
    await k.client.waitForIopub((m) => m.msg_type === "execute_input" && (m.parent_header as { msg_id?: string }).msg_id === cell.msgId, 60_000);
    await k.client.interrupt();
    // Left alone the loop ends "ok" after 20 s: an error reply is the interrupt's doing.
    const r = await cell.result;
    expect(r.reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
  });

  it("stops a long await", async () => {
    const m = startMarker();
    const wait = k.client.executeLater(`${m.code}await new Promise((resolve) => setTimeout(resolve, 60_000));`);
    await m.started();
    await k.client.interrupt();
    // Left alone the await ends "ok" after 60 s (past the test's timeout): an error is the interrupt's doing.
    const r = await wait.result;
    expect(r.reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
  });
});

describe("stdin", () => {
  it("round-trips input() through input_request and input_reply", async () => {
    const prompts: { prompt: string; password: boolean }[] = [];
    const r = await k.client.execute('const who = await input("Name? ");\nconst pw = await input("Secret: ", { password: true });\nconsole.log(`hi ${who}, ${pw.length}`);', {
      onInput: (req) => {
        prompts.push({ prompt: req.prompt, password: req.password });
        return req.password ? "hunter2" : "Ada";
      },
    });
    expect(prompts).toEqual([
      { prompt: "Name? ", password: false },
      { prompt: "Secret: ", password: true },
    ]);
    expect(text(r.outputs, "stdout")).toBe("hi Ada, 7\n");
  });

  it("fails clearly when the frontend does not allow stdin", async () => {
    const r = await k.client.execute('await input("x")', { allow_stdin: false });
    expect(r.reply.content.status).toBe("error");
    const err = r.outputs.find((o) => o.output_type === "error") as { evalue: string } | undefined;
    expect(err?.evalue).toMatch(/stdin/i);
  });
});

describe("output", () => {
  it("attributes output printed by a timer after the cell returned to that cell", async () => {
    const r = await k.client.execute('setTimeout(() => console.log("late line"), 300);\n"returned"');
    expect(text(r.outputs, "result")).toContain("returned");
    const late = await k.client.waitForIopub((m) => m.msg_type === "stream" && (m.parent_header as { msg_id?: string }).msg_id === r.request.msg_id, 30_000); // liveness bound; the timer fires after 300 ms
    expect((late.content as { text: string }).text).toBe("late line\n");
  });

  it("publishes all 1,000 printed lines before idle, in few messages", async () => {
    const r = await k.client.execute('for (let i = 0; i < 1000; i++) console.log("line " + i);');
    const lines = text(r.outputs, "stdout").split("\n").slice(0, -1);
    expect(lines).toHaveLength(1000);
    expect(lines[0]).toBe("line 0");
    expect(lines[999]).toBe("line 999");
    const streams = r.iopub.filter((m) => m.msg_type === "stream").length;
    expect(streams).toBeLessThanOrEqual(20);
    // iopub for this request ends with idle (the tracker resolved on it); nothing follows: iopub
    // is in order, so once a later request is idle anything late of this one would be in the log.
    await k.client.execute("0");
    const after = k.client.iopubLog.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === r.request.msg_id);
    expect(after.at(-1)?.msg_type).toBe("status");
  });

  it("keeps stdout and stderr order", async () => {
    const r = await k.client.execute('console.log("a"); console.error("b"); process.stdout.write("c\\n");');
    expect(r.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "a\n" },
      { output_type: "stream", name: "stderr", text: "b\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
    ]);
  });
});
