import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FromExecutor } from "../bridge.js";
import { spawnExecutor, type ChildExecutor } from "./test-child.js";

type Msg<K extends FromExecutor["kind"]> = Extract<FromExecutor, { kind: K }>;

/** A compiled cell as the cell compiler emits it: a script evaluating to Promise<{ value, show }>. */
const cell = (body: string, last = "undefined", show = true): string => `(async () => { ${body}\n; return { value: (${last}), show: ${show} }; })()`;

const ANSI = /\u001b\[/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cell code that writes a file as it starts, and a wait for that file: the cell is running. */
function startedFile(): { write: string; started: () => Promise<void> } {
  const file = join(mkdtempSync(join(tmpdir(), "d2l-exec-started-")), "started");
  return {
    write: `require("node:fs").writeFileSync(${JSON.stringify(file)}, "");`,
    async started() {
      for (let i = 0; i < 600 && !existsSync(file); i++) await sleep(50);
      if (!existsSync(file)) throw new Error("the cell did not start within 30 s");
    },
  };
}

describe("executor: results, output, displays", () => {
  let k: ChildExecutor;
  beforeAll(async () => {
    k = await spawnExecutor({ library: `export const backend = () => "stand-in"; export const answer = 42; export const nn = { kind: "nn" };` });
  });
  afterAll(() => k.close());

  it("reports ready with the library's backend and makes its exports globals", async () => {
    const ready = await k.ready();
    expect(ready.backend).toBe("stand-in");
    const { done } = await k.run(cell("", "[answer, nn.kind, typeof display, typeof input, typeof require]"));
    expect(done.status).toBe("ok");
    expect(done.result?.data["text/plain"]).toBe("[ 42, 'nn', 'function', 'function', 'function' ]");
  });

  it("formats the last value like the REPL, without colours, and hides undefined and show:false", async () => {
    const obj = await k.run(cell("globalThis.t1 = { a: { b: [1, 2] }, s: 'x' };", "t1"));
    expect(obj.done.result?.data).toEqual({ "text/plain": "{ a: { b: [ 1, 2 ] }, s: 'x' }" });
    expect(JSON.stringify(obj.done.result)).not.toMatch(ANSI);
    expect((await k.run(cell("", "1 + 1", false))).done.result).toBeUndefined();
    expect((await k.run(cell("", "undefined"))).done.result).toBeUndefined();
    expect((await k.run(cell("", "'text'"))).done.result?.data["text/plain"]).toBe("'text'");
  });

  it("uses the display protocol, awaiting a promised bundle", async () => {
    const sync = await k.run(cell("", `({ [Symbol.for("Jupyter.display")]() { return { "text/plain": "net", "text/html": "<b>net</b>" }; } })`));
    expect(sync.done.result?.data).toEqual({ "text/plain": "net", "text/html": "<b>net</b>" });
    const later = await k.run(cell("", `({ async [Symbol.for("Jupyter.display")]() { await new Promise(r => setTimeout(r, 20)); return { "text/plain": "g", "image/svg+xml": "<svg/>" }; } })`));
    expect(later.done.result?.data).toEqual({ "text/plain": "g", "image/svg+xml": "<svg/>" });
  });

  it("captures console and process streams in order, tagged with the cell, none of it on the real stdout", async () => {
    const { parent, done } = await k.run(cell(`console.log("one", { n: 1 }); process.stdout.write("two\\n"); console.error("err"); console.table([{ a: 1 }]); process.stderr.write(Buffer.from("bytes\\n"));`));
    expect(done.status).toBe("ok");
    expect(k.text(parent)).toMatch(/^one \{ n: 1 \}\ntwo\n┌/);
    expect(k.text(parent, "stderr")).toBe("err\nbytes\n");
    expect(k.text(parent)).not.toMatch(ANSI);
    const kinds = k.of(parent).map((m) => m.kind);
    expect(kinds.at(-1)).toBe("done");
    expect(k.stdout).not.toContain("one");
  });

  it("attributes output of timers and promises to the cell that started them, after it finished", async () => {
    const first = k.start(cell(`setTimeout(() => console.log("late from first"), 150); Promise.resolve().then(() => console.log("soon"));`));
    await k.done(first);
    const second = await k.run(cell(`console.log("second")`));
    await k.waitFor((m) => m.kind === "stream" && m.text.includes("late from first"));
    expect(k.text(first)).toBe("soon\nlate from first\n");
    expect(k.text(second.parent)).toBe("second\n");
    const firstMsgs = k.of(first);
    expect(firstMsgs.findIndex((m) => m.kind === "done")).toBeLessThan(firstMsgs.findIndex((m) => m.kind === "stream" && m.text.includes("late")));
  });

  it("posts displays with ids, updates them in place, detects bundles and clears output", async () => {
    const { parent, done } = await k.run(
      cell(`
        const h = display({ "text/html": "<i>a</i>", "text/plain": "a" });
        h.update("b");
        display([1, 2]);
        display({ "text/plain": "fixed" }, { displayId: "mine", metadata: { m: 1 } });
        display({ "text/plain": "again" }, { displayId: "mine", update: true });
        h.clear();
        clearOutput({ wait: true });
        globalThis.h1 = h;`),
    );
    expect(done.status).toBe("ok");
    const shown = k.of(parent).filter((m): m is Msg<"display"> => m.kind === "display");
    expect(shown).toHaveLength(6);
    const [first, upd, arr, fixed, again, cleared] = shown;
    expect(first).toMatchObject({ data: { "text/html": "<i>a</i>", "text/plain": "a" }, update: false });
    expect(first!.displayId).toEqual(expect.any(String));
    expect(upd).toMatchObject({ displayId: first!.displayId, update: true, data: { "text/plain": "'b'" } });
    expect(arr!.data).toEqual({ "text/plain": "[ 1, 2 ]" });
    expect(arr!.displayId).not.toBe(first!.displayId);
    expect(fixed).toMatchObject({ displayId: "mine", update: false, metadata: { m: 1 } });
    expect(again).toMatchObject({ displayId: "mine", update: true });
    expect(cleared).toMatchObject({ displayId: first!.displayId, update: true, data: { "text/plain": "" } });
    expect(k.of(parent).find((m) => m.kind === "clear_output")).toEqual({ kind: "clear_output", parent, wait: true });
    // A later cell updating an earlier display posts under the later cell.
    const later = await k.run(cell(`h1.update({ "text/plain": "from later" })`));
    expect(k.of(later.parent).find((m) => m.kind === "display")).toMatchObject({ displayId: first!.displayId, update: true });
  });

  it("base64-encodes binary bundle entries and waits for async displays before done", async () => {
    const { parent } = await k.run(
      cell(`display({ "image/png": new Uint8Array([1, 2, 3]) }); display({ [Symbol.for("Jupyter.display")]: async () => { await new Promise(r => setTimeout(r, 30)); return { "text/plain": "slow" }; } });`),
    );
    const msgs = k.of(parent);
    const shown = msgs.filter((m): m is Msg<"display"> => m.kind === "display");
    expect(shown[0]!.data["image/png"]).toBe("AQID");
    expect(shown[0]!.data["text/plain"]).toBe("<image/png>");
    expect(shown[1]!.data["text/plain"]).toBe("slow");
    expect(msgs.at(-1)!.kind).toBe("done");
  });

  it("evaluates user expressions after a successful cell", async () => {
    const { done } = await k.run(cell("globalThis.ue = 7"), {
      userExpressions: { ok: cell("", "ue * 2"), bad: cell("throw new TypeError('nope')") },
    });
    expect(done.userExpressions?.ok).toEqual({ status: "ok", data: { "text/plain": "14" }, metadata: {} });
    expect(done.userExpressions?.bad).toMatchObject({ status: "error", ename: "TypeError", evalue: "nope" });
  });

  it("publishes neither output nor result for a silent request", async () => {
    const { parent, done } = await k.run(cell(`console.log("hidden"); display("hidden"); setTimeout(() => console.log("hidden later"), 10)`, "5"), { silent: true });
    expect(done.status).toBe("ok");
    expect(done.result).toBeUndefined();
    await sleep(50);
    expect(k.of(parent).map((m) => m.kind)).toEqual(["done"]);
  });

  it("reports errors with name, message and a stack pointing into the cell", async () => {
    const { done } = await k.run(cell(`function f() { throw new RangeError("bad range"); } f();`), { filename: "cell-err.ts" });
    expect(done.status).toBe("error");
    expect(done.error).toMatchObject({ ename: "RangeError", evalue: "bad range" });
    expect(done.error!.stack).toContain("cell-err.ts:1");
    expect(done.error!.stack).not.toContain("kernel/exec");
    const thrown = await k.run(cell(`throw "plain"`));
    expect(thrown.done.error).toMatchObject({ ename: "Uncaught", evalue: "'plain'" });
  });

  it("turns stack overflow into an ordinary error and keeps going", async () => {
    const { done } = await k.run(cell(`function r(n) { return r(n + 1) + 1; } r(0);`));
    expect(done.error).toMatchObject({ ename: "RangeError", evalue: expect.stringContaining("call stack") });
    expect((await k.run(cell("", "answer"))).done.result?.data["text/plain"]).toBe("42");
  });

  it("reports late exceptions and unhandled rejections on the cell that caused them, and keeps running", async () => {
    const a = k.start(cell(`setTimeout(() => { throw new Error("boom in timer"); }, 30);`));
    await k.done(a);
    const b = k.start(cell(`Promise.reject(new TypeError("nobody caught me"));`));
    await k.done(b);
    const lateA = await k.waitFor<Msg<"late_error">>((m) => m.kind === "late_error" && m.parent === a);
    const lateB = await k.waitFor<Msg<"late_error">>((m) => m.kind === "late_error" && m.parent === b);
    expect(lateA.error).toMatchObject({ ename: "Error", evalue: "boom in timer" });
    expect(lateB.error).toMatchObject({ ename: "TypeError", evalue: "nobody caught me" });
    const c = k.start(cell(`queueMicrotask(() => { throw new SyntaxError("from a microtask"); });`));
    await k.done(c);
    expect((await k.waitFor<Msg<"late_error">>((m) => m.kind === "late_error" && m.parent === c)).error.evalue).toBe("from a microtask");
    expect((await k.run(cell("", "answer + 1"))).done.result?.data["text/plain"]).toBe("43");
  });

  it("traps process.exit() in cell code with an error that says to use the Kernel menu", async () => {
    const { done } = await k.run(cell(`process.exit(3)`));
    expect(done.error).toMatchObject({ ename: "ProcessExitError", evalue: expect.stringContaining("Kernel > Restart") });
    expect((await k.run(cell("", "'alive'"))).done.result?.data["text/plain"]).toBe("'alive'");
    expect(k.child.exitCode).toBeNull();
  });

  it("asks for input through input_request/input_reply, and refuses when stdin is not allowed", async () => {
    const parent = k.start(cell(`const name = await input("Name? "); const pw = await prompt("again");`, "name + '/' + pw"), { allowStdin: true });
    const req1 = await k.waitFor<Msg<"input_request">>((m) => m.kind === "input_request" && m.parent === parent);
    expect(req1).toMatchObject({ prompt: "Name? ", password: false });
    k.send({ kind: "input_reply", parent, value: "Ada" });
    const req2 = await k.waitFor<Msg<"input_request">>((m) => m.kind === "input_request" && m.parent === parent && m.prompt === "again");
    expect(req2.password).toBe(false);
    k.send({ kind: "input_reply", parent, value: "L" });
    expect((await k.done(parent)).result?.data["text/plain"]).toBe("'Ada/L'");

    const pw = k.start(cell(`globalThis.secret = await input("pw", { password: true })`), { allowStdin: true });
    expect(await k.waitFor((m) => m.kind === "input_request" && m.parent === pw)).toMatchObject({ password: true });
    k.send({ kind: "input_reply", parent: pw, value: "s3" });
    await k.done(pw);

    const refused = await k.run(cell(`await input("x")`), { allowStdin: false });
    expect(refused.done.error).toMatchObject({ ename: "StdinNotAllowedError", evalue: expect.stringContaining("allow_stdin=false") });
    expect(k.of(refused.parent).some((m) => m.kind === "input_request")).toBe(false);
  });

  it("serves the tslab API: display.* adds outputs, newDisplay() updates one in place", async () => {
    const { parent, done } = await k.run(
      cell(`const tslab = await __d2l.import("tslab");
        tslab.display.html("<b>hi</b>"); tslab.display.markdown("# t"); tslab.display.png(new Uint8Array([255]));
        tslab.display.raw("application/json", '{"a":1}');
        const d = tslab.newDisplay(); d.text("v1"); d.text("v2");`, "[tslab.isNode(), tslab.isBrowser()]"),
    );
    expect(done.result?.data["text/plain"]).toBe("[ true, false ]");
    const shown = k.of(parent).filter((m): m is Msg<"display"> => m.kind === "display");
    expect(shown.map((m) => m.data)).toEqual([
      { "text/html": "<b>hi</b>", "text/plain": "<text/html>" },
      { "text/markdown": "# t", "text/plain": "# t" },
      { "image/png": "/w==", "text/plain": "<image/png>" },
      { "application/json": '{"a":1}', "text/plain": '"{\\"a\\":1}"' },
      { "text/plain": "v1" },
      { "text/plain": "v2" },
    ]);
    expect(shown[5]).toMatchObject({ update: true, displayId: shown[4]!.displayId });
    expect(shown[4]!.update).toBe(false);
  });

  it("coalesces a flood of console.log lines into few large stream messages, losing none", async () => {
    const before = k.messages.length;
    const lines = 1_000_000;
    const { parent, done } = await k.run(cell(`for (let i = 0; i < ${lines}; i++) console.log(i);`));
    expect(done.status).toBe("ok");
    const streams = k.messages.slice(before).filter((m): m is Msg<"stream"> => m.kind === "stream" && m.parent === parent);
    const text = streams.map((m) => m.text).join("");
    expect(text.length).toBe(Array.from({ length: lines }, (_, i) => String(i).length + 1).reduce((a, b) => a + b, 0));
    expect(text.endsWith(`${lines - 1}\n`)).toBe(true);
    expect(streams.length).toBeLessThan(200);
  }, 60_000);
});

describe("executor: comms", () => {
  let k: ChildExecutor;
  beforeAll(async () => {
    k = await spawnExecutor();
    await k.ready();
  });
  afterAll(() => k.close());

  it("accepts a comm_open for a registered target, relays messages both ways, and refuses unknown targets", async () => {
    await k.run(
      cell(`__d2l.comms.registerCommTarget("echo", (comm, data) => {
        comm.send({ hello: data.who });
        comm.onMsg((d) => comm.send({ echo: d }));
        comm.onClose(() => console.log("closed"));
      });`),
    );
    k.send({ kind: "comm_open", parent: "open-1", commId: "c1", targetName: "echo", data: { who: "lab" } });
    expect(await k.waitFor((m) => m.kind === "comm_open_result" && m.commId === "c1")).toMatchObject({ accepted: true });
    expect(await k.waitFor((m) => m.kind === "comm_msg" && m.commId === "c1")).toMatchObject({ parent: "open-1", data: { hello: "lab" } });
    k.send({ kind: "comm_msg", parent: "msg-1", commId: "c1", data: { x: 1 } });
    expect(await k.waitFor((m) => m.kind === "comm_msg" && m.parent === "msg-1")).toMatchObject({ commId: "c1", data: { echo: { x: 1 } } });
    k.send({ kind: "comm_close", parent: "close-1", commId: "c1", data: {} });
    expect(await k.waitFor((m) => m.kind === "stream" && m.parent === "close-1")).toMatchObject({ text: "closed\n" });

    k.send({ kind: "comm_open", parent: "open-2", commId: "c2", targetName: "nobody", data: {} });
    expect(await k.waitFor((m) => m.kind === "comm_open_result" && m.commId === "c2")).toMatchObject({ accepted: false });
  });

  it("opens comms from the kernel side", async () => {
    const { parent } = await k.run(cell(`const c = __d2l.comms.openComm("jupyter.widget", { v: 1 }); c.send("m"); c.close();`, "c.closed"));
    const kinds = k.of(parent).map((m) => m.kind);
    expect(kinds).toEqual(["comm_open", "comm_msg", "comm_close", "done"]);
    expect(k.of(parent)[0]).toMatchObject({ targetName: "jupyter.widget", data: { v: 1 } });
  });
});

describe("executor: imports from the notebook directory", () => {
  let k: ChildExecutor;
  let nbDir: string;
  beforeAll(async () => {
    nbDir = mkdtempSync(join(tmpdir(), "d2l-nb-"));
    const pkg = join(nbDir, "node_modules", "esm-only");
    mkdirSync(join(pkg, "lib"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "esm-only", type: "module", exports: { ".": { import: "./lib/main.js" }, "./extra": { import: "./lib/extra.js" } } }));
    writeFileSync(join(pkg, "lib", "main.js"), "export const who = 'esm-only';\n");
    writeFileSync(join(pkg, "lib", "extra.js"), "export default 'extra';\n");
    const cjs = join(nbDir, "node_modules", "old-cjs");
    mkdirSync(cjs, { recursive: true });
    writeFileSync(join(cjs, "package.json"), JSON.stringify({ name: "old-cjs", main: "main" }));
    writeFileSync(join(cjs, "main.js"), "exports.kind = 'cjs';\n");
    writeFileSync(join(nbDir, "local.mjs"), "export const local = 1;\n");
    k = await spawnExecutor({ cwd: nbDir, library: `export const backend = () => "stand-in"; export const marker = {};` });
    await k.ready();
  });
  afterAll(() => k.close());

  it("imports ESM-only and CommonJS packages, local files and builtins from cwd", async () => {
    const { done } = await k.run(
      cell(
        `const a = await __d2l.import("esm-only"); const b = await __d2l.import("esm-only/extra"); const c = await __d2l.import("old-cjs");
         const d = await __d2l.import("./local.mjs"); const e = await __d2l.import("node:path"); const f = require("old-cjs");`,
        "[a.who, b.default, c.kind, d.local, typeof e.join, f.kind]",
      ),
    );
    expect(done.status).toBe("ok");
    expect(done.result?.data["text/plain"]).toBe("[ 'esm-only', 'extra', 'cjs', 1, 'function', 'cjs' ]");
  });

  it("resolves d2l-ts to the preloaded library instance, and names the directory for a missing package", async () => {
    expect((await k.run(cell(`const m = await __d2l.import("d2l-ts")`, "m.marker === marker"))).done.result?.data["text/plain"]).toBe("true");
    const missing = await k.run(cell(`await __d2l.import("not-installed-pkg")`));
    expect(missing.done.error).toMatchObject({ ename: "ModuleNotFoundError", evalue: expect.stringContaining(nbDir) });
    expect(missing.done.error!.evalue).toContain("npm install not-installed-pkg");
  });
});

describe("executor: a library that fails to load", () => {
  it("still starts, says why on ready and on the first cell, and runs plain cells", async () => {
    const k = await spawnExecutor({ libraryUrl: "file:///nonexistent/dist/src/index.js" });
    try {
      const ready = await k.ready();
      expect(ready).toMatchObject({ backend: "none", libraryError: expect.stringContaining("npm run build") });
      const { parent, done } = await k.run(cell("", "1 + 2"));
      expect(done.result?.data["text/plain"]).toBe("3");
      expect(k.text(parent, "stderr")).toContain("/nonexistent/dist/src/index.js");
      expect(k.logs.some((l) => l.level === "error" && l.msg.includes("could not be preloaded"))).toBe(true);
    } finally {
      await k.close();
    }
  });
});

describe("executor: interrupt (SIGINT to the kernel process)", () => {
  let k: ChildExecutor;
  beforeAll(async () => {
    k = await spawnExecutor();
    await k.ready();
  });
  afterAll(() => k.close());

  it("is harmless while idle", async () => {
    k.interrupt();
    await sleep(100);
    expect((await k.run(cell("globalThis.kept = 'still here'", "kept"))).done.result?.data["text/plain"]).toBe("'still here'");
  });

  // The cells below are endless (or wait 60 s): only the interrupt can end them early, so the
  // `done` timeouts are liveness bounds (an interrupted cell is done in milliseconds), not speed checks.
  it("stops a synchronous infinite loop and keeps earlier variables", async () => {
    const gate = startedFile();
    const parent = k.start(cell(`${gate.write}while (true) {}`));
    await gate.started();
    k.interrupt();
    const done = await k.done(parent, 20_000);
    expect(done.error).toMatchObject({ ename: "KeyboardInterrupt", evalue: expect.stringContaining("interrupted") });
    expect((await k.run(cell("", "kept"))).done.result?.data["text/plain"]).toBe("'still here'");
  });

  it("ends a cell stuck in a long await, including a pending input()", async () => {
    const gate = startedFile();
    const parent = k.start(cell(`${gate.write}await new Promise((r) => setTimeout(r, 60000))`));
    await gate.started();
    k.interrupt();
    const done = await k.done(parent, 20_000);
    expect(done.error?.ename).toBe("KeyboardInterrupt");

    const asking = k.start(cell(`await input("?")`), { allowStdin: true });
    await k.waitFor((m) => m.kind === "input_request" && m.parent === asking);
    k.interrupt();
    expect((await k.done(asking, 20_000)).error?.ename).toBe("KeyboardInterrupt");
    expect((await k.run(cell("", "kept"))).done.result?.data["text/plain"]).toBe("'still here'");
  });

  it("honours an interrupt message for a queued cell (it never runs) and for a running await", async () => {
    const busy = k.start(cell("await new Promise((r) => setTimeout(r, 300))"));
    const queued = k.start(cell("globalThis.kept = 'overwritten'"));
    k.send({ kind: "interrupt", parent: queued });
    expect((await k.done(busy)).status).toBe("ok");
    expect((await k.done(queued)).error?.ename).toBe("KeyboardInterrupt");
    const gate = startedFile();
    const waiting = k.start(cell(`${gate.write}await new Promise((r) => setTimeout(r, 60000))`));
    await gate.started();
    k.send({ kind: "interrupt", parent: waiting });
    expect((await k.done(waiting, 20_000)).error?.ename).toBe("KeyboardInterrupt");
    k.send({ kind: "interrupt", parent: "finished-long-ago" });
    expect((await k.run(cell("", "kept"))).done.result?.data["text/plain"]).toBe("'still here'");
  });
});
