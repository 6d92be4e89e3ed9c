import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { KernelClient } from "./client.js";
import { freePorts } from "./start.js";

describe("KernelClient.waitReady", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  // startKernel closes the client when the kernel dies before answering (a port taken meanwhile):
  // the request in flight then failed at its send, and its timer rejected 2 s later with nobody
  // listening, an unhandled rejection that ended the test process.
  it("a client closed while waiting rejects and leaves no rejection behind", async () => {
    process.on("unhandledRejection", onUnhandled);
    const [shell, iopub, stdin, control, hb] = await freePorts(5);
    const client = new KernelClient({ transport: "tcp", ip: "127.0.0.1", shell_port: shell!, iopub_port: iopub!, stdin_port: stdin!, control_port: control!, hb_port: hb!, key: randomUUID(), signature_scheme: "hmac-sha256", kernel_name: "none" });
    const ready = client.waitReady(30_000);
    await new Promise((r) => setTimeout(r, 100));
    client.close();
    await expect(ready).rejects.toThrow();
    // Past the request's own 2 s timeout: that is when the stray rejection used to come.
    await new Promise((r) => setTimeout(r, 2_300));
    expect(unhandled).toEqual([]);
  });
});
