#!/usr/bin/env node
/**
 * Repro loop for the abort at a shutdown while a cell is stopped at a breakpoint (README, "The
 * abort at a shutdown while a cell is stopped at a breakpoint"): attaches the debugger as
 * JupyterLab does, runs a cell that stops at a breakpoint, then shuts down.
 * `node bench/kernel/shutdown-while-paused.mjs [rounds] [--node PATH]`; output and options:
 * shutdown-loop.mjs.
 */
import { loopArgs, shutdownLoop } from "./shutdown-loop.mjs";

const CODE = "let z = 1;\nz = 2;\nz";

async function stopAtBreakpoint(k) {
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
}

await shutdownLoop({ ...loopArgs(), prepare: stopAtBreakpoint });
