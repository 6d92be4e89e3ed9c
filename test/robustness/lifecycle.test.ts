/**
 * The execution queue and the kernel's lifetime under a frontend's normal misbehaviour: requests
 * sent while a cell runs, errors with stop_on_error, interrupts with nothing to interrupt, shutdown
 * in the middle of a cell, clients that come and go, and unsigned mode.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KernelClient } from "../../dist/kernel/client/index.js";
import { cellGate } from "../kernel/support.js";
import { alive, errors, kernelForFile, launch, sleep, text } from "./support.js";

type Kernel = Awaited<ReturnType<typeof launch>>;
let k: Kernel;

kernelForFile(launch, (started) => (k = started), "let kept = 41; const order: string[] = [];");

const count = (r: { reply: { content: unknown } }) => (r.reply.content as { execution_count?: number }).execution_count;

describe("execution queue", () => {
  it("runs requests sent while a cell runs in the order they were sent", async () => {
    const slow = k.client.executeLater('await new Promise((r) => setTimeout(r, 400)); order.push("a");');
    await sleep(50);
    const b = k.client.executeLater('order.push("b");');
    const c = k.client.executeLater('order.push("c"); order.join(",")');
    const [ra, rb, rc] = await Promise.all([slow.result, b.result, c.result]);
    expect([ra, rb, rc].map((r) => r.reply.content.status)).toEqual(["ok", "ok", "ok"]);
    expect(text(rc.outputs, "result")).toBe("'a,b,c'");
    expect(count(rb)).toBe(count(ra)! + 1);
    expect(count(rc)).toBe(count(ra)! + 2);
  });

  it("aborts the requests queued behind a failing cell when stop_on_error is set", async () => {
    const bad = k.client.executeLater('await new Promise((r) => setTimeout(r, 300)); throw new Error("first fails");');
    await sleep(50);
    const q1 = k.client.executeLater("globalThis.ranAfterError = 1;");
    const q2 = k.client.executeLater("globalThis.ranAfterError = 2;");
    const [r0, r1, r2] = await Promise.all([bad.result, q1.result, q2.result]);
    expect(r0.reply.content).toMatchObject({ status: "error", evalue: "first fails" });
    expect(r1.reply.content.status).toBe("aborted");
    expect(r2.reply.content.status).toBe("aborted");
    // Aborted cells publish no output of their own.
    expect(r1.outputs).toEqual([]);
    const check = await k.client.execute("typeof (globalThis as any).ranAfterError");
    expect(text(check.outputs, "result")).toBe("'undefined'");
  });

  it("runs the queued requests when the failing one had stop_on_error false", async () => {
    const bad = k.client.executeLater('await new Promise((r) => setTimeout(r, 300)); throw new Error("tolerated");', { stop_on_error: false });
    await sleep(50);
    const q = k.client.executeLater("kept");
    const [r0, r1] = await Promise.all([bad.result, q.result]);
    expect(r0.reply.content.status).toBe("error");
    expect(r1.reply.content.status).toBe("ok");
    expect(text(r1.outputs, "result")).toBe("41");
  });

  it("an interrupt while idle is harmless", async () => {
    for (let i = 0; i < 3; i++) {
      const ir = await k.client.interrupt({ timeoutMs: 10_000 });
      expect(ir.reply.content.status).toBe("ok");
    }
    await sleep(300);
    expect(alive(k.process.pid!)).toBe(true);
    const r = await k.client.execute("kept + 1");
    expect(r.reply.content.status).toBe("ok");
    expect(text(r.outputs, "result")).toBe("42");
    expect(errors(r.outputs)).toEqual([]);
  });
});

describe("clients", () => {
  it("a client that disconnects and another that connects find the same state", async () => {
    const first = new KernelClient(k.connection);
    await first.waitReady();
    const a = await first.execute("const sharedAcrossClients = { n: 7 };");
    // Leave with a request still running: the kernel must neither crash nor lose the cell's effect.
    first.executeLater('await new Promise((r) => setTimeout(r, 300)); sharedAcrossClients.n += 1;').result.catch(() => {});
    await sleep(50);
    first.close();
    const second = new KernelClient(k.connection);
    try {
      await second.waitReady();
      await sleep(500);
      const r = await second.execute("sharedAcrossClients.n");
      expect(text(r.outputs, "result")).toBe("8");
      expect(count(r)).toBe(count(a)! + 2);
    } finally {
      second.close();
    }
  });
});

describe("shutdown", () => {
  it("during a running synchronous cell ends the cell and the process promptly", async () => {
    const own = await launch();
    try {
      await own.client.execute("0", { timeoutMs: 120_000 });
      const gate = cellGate();
      own.client.executeLater(`${gate.enter}while (true) {}`).result.catch(() => {});
      await gate.started();
      // The timeouts below only turn "never" into a failure (replies take milliseconds).
      const r = await own.client.shutdown({ timeoutMs: 10_000 });
      expect(r.reply.content.status).toBe("ok");
      const exit = await Promise.race([own.exited, sleep(30_000).then(() => null)]);
      expect(alive(own.process.pid!)).toBe(false);
      // The io worker interrupts the blocked cell, so the main thread exits by itself (code 0);
      // the fallback would have killed it (SIGKILL) and logged that it had to.
      expect(exit).toEqual({ code: 0, signal: null });
      expect(own.stderr()).not.toMatch(/did not exit after shutdown/);
    } finally {
      await own.stop();
    }
  }, 180_000);

  it("during an awaiting cell ends the process without waiting for the cell", async () => {
    const own = await launch();
    try {
      await own.client.execute("0", { timeoutMs: 120_000 });
      const gate = cellGate();
      own.client.executeLater(`${gate.enter}await new Promise((r) => setTimeout(r, 60_000));`).result.catch(() => {});
      await gate.started();
      await own.client.shutdown({ timeoutMs: 10_000 });
      // Waiting for the cell would take 60 s: an exit before 30 s did not wait, and code 0 says
      // the process ended by itself rather than by the SIGKILL fallback.
      const exit = await Promise.race([own.exited, sleep(30_000).then(() => null)]);
      expect(exit, "the kernel did not exit").toEqual({ code: 0, signal: null });
    } finally {
      await own.stop();
    }
  }, 180_000);
});

describe("binding", () => {
  it("listens only on the address of the connection file", () => {
    const c = k.connection;
    expect(c.ip).toBe("127.0.0.1");
    const ports = new Set([c.shell_port, c.iopub_port, c.stdin_port, c.control_port, c.hb_port]);
    const listening = new Map<number, string[]>();
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 4 || f[3] !== "0A") continue; // 0A = LISTEN
        const [addr, portHex] = f[1]!.split(":");
        const port = parseInt(portHex!, 16);
        if (ports.has(port)) listening.set(port, [...(listening.get(port) ?? []), addr!]);
      }
    }
    expect([...listening.keys()].sort()).toEqual([...ports].sort());
    // 0100007F is 127.0.0.1 in /proc's little-endian hex; nothing on 0.0.0.0 or ::.
    for (const addrs of listening.values()) expect(addrs).toEqual(["0100007F"]);
  });
});

describe("unsigned mode", () => {
  it("with an empty key the kernel warns once at start and still serves", async () => {
    const open = await launch({ key: "" });
    try {
      const warnings = () => open.stderr().split("\n").filter((l) => /empty key/.test(l));
      expect(warnings()).toHaveLength(1);
      for (let i = 0; i < 3; i++) expect((await open.client.execute(`${i} + 1`, { timeoutMs: 120_000 })).reply.content.status).toBe("ok");
      expect(warnings()).toHaveLength(1);
    } finally {
      await open.stop();
    }
  }, 180_000);

  it("with a key the kernel does not warn about signing", async () => {
    expect(k.stderr()).not.toMatch(/empty key/);
    expect(k.stderr()).not.toContain(k.connection.key);
  });
});
