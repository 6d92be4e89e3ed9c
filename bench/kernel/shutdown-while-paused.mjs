#!/usr/bin/env node
/**
 * Repro loop for the abort at a shutdown while a cell is stopped at a breakpoint (README, "The
 * abort at a shutdown while a cell is stopped at a breakpoint"): starts the kernel with NODE
 * (default this Node), attaches the debugger as JupyterLab does, runs a cell that stops at a
 * breakpoint, sends shutdown_request, and records how the process ended.
 * `node bench/kernel/shutdown-while-paused.mjs [rounds] [--node PATH]`. Prints one line per
 * abnormal exit (with the kernel's stderr tail) and a summary line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT, startKernel } from "../../dist/kernel/client/index.js";

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const node = opt("--node") ?? process.execPath;
const rounds = Number(args[0] ?? 100);
const CODE = "let z = 1;\nz = 2;\nz";

const counts = {};
const count = (key) => (counts[key] = (counts[key] ?? 0) + 1);
for (let i = 0; i < rounds; i++) {
  const hist = mkdtempSync(join(tmpdir(), "d2l-hist-"));
  let k;
  try {
    k = await startKernel({
      argv: [node, join(PACKAGE_ROOT, "dist", "kernel", "cli.js"), "kernel", "--connection-file", "{connection_file}"],
      env: { ...process.env, D2L_TS_HISTORY: join(hist, "h.jsonl") },
    });
  } catch (e) {
    const key = /Address already in use/.test(e.message) ? "start: port taken" : "start failed";
    count(key);
    console.log(`round ${i}: ${key}: ${e.message.split("\n").slice(0, 3).join(" | ")}`);
    continue;
  }
  try {
    let seq = 0;
    const dap = async (command, args = {}) => {
      const r = await k.client.request("control", "debug_request", { seq: ++seq, type: "request", command, arguments: args }, { timeoutMs: 15_000 });
      if (!r.reply.content.success) throw new Error(`${command}: ${r.reply.content.message}`);
      return r.reply.content.body;
    };
    await k.client.execute("0", { timeoutMs: 60_000 });
    await dap("initialize", { clientID: "bench", adapterID: "d2l-ts" });
    await dap("attach");
    const { sourcePath } = await dap("dumpCell", { code: CODE });
    await dap("setBreakpoints", { source: { path: sourcePath }, breakpoints: [{ line: 2 }] });
    void k.client.executeLater(CODE).result.catch(() => undefined);
    await k.client.waitForIopub((m) => m.msg_type === "debug_event" && m.content.event === "stopped", 15_000);
    await k.client.shutdown({ timeoutMs: 10_000 });
  } catch (e) {
    console.log(`round ${i}: before the exit: ${e.message}`);
  }
  const exit = await Promise.race([k.exited, new Promise((r) => setTimeout(() => r({ code: null, signal: "TIMEOUT" }), 30_000))]);
  const key = exit.signal ?? `code ${exit.code}`;
  count(key);
  if (key !== "code 0") console.log(`round ${i}: ${key}\n${k.stderr().split("\n").slice(-12).join("\n")}`);
  await k.stop();
  rmSync(hist, { recursive: true, force: true });
}
console.log(`${rounds} rounds, node ${node}: ${JSON.stringify(counts)}`);
process.exit(0);
