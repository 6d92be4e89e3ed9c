/** A kernel session driven by the bench's own wire client (see wire-client.mjs). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WireClient, WireError, connectionInfo } from "./wire-client.mjs";
import { freePorts, launch, stderrExcerpt, stop } from "./procs.mjs";

const START_TIMEOUT_MS = 30_000;

function exitAsError(handle) {
  return handle.exited.then(({ code, signal }) => {
    throw new WireError("BENCH_KERNEL_EXITED", `kernel exited (${signal ?? `code ${code}`}) before answering: ${stderrExcerpt(handle.stderr())}`);
  });
}

/**
 * iopub is a PUB/SUB pair: what the kernel publishes before our subscription reaches it is lost.
 * Like jupyter_client, nudge with kernel_info_request until a status message comes back on iopub.
 */
async function awaitIopub(client) {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const seen = client.waitFor((m, ch) => ch === "iopub" && m.header.msg_type === "status", 200, "iopub status");
    await client.send("shell", "kernel_info_request", {});
    try {
      await seen;
      return;
    } catch {
      // not subscribed yet: nudge again
    }
  }
  throw new WireError("BENCH_NO_IOPUB", "no iopub message within 60 s of start-up: is the kernel publishing on iopub_port?");
}

export async function openOwnSession(def) {
  const dir = mkdtempSync(join(tmpdir(), "d2l-bench-"));
  const connectionFile = join(dir, "kernel.json");
  const info = connectionInfo(await freePorts(5));
  writeFileSync(connectionFile, JSON.stringify(info));
  const client = new WireClient(info);
  const launchedAt = performance.now();
  const handle = launch({ argv: def.argv, cwd: def.cwd, env: def.env, connectionFile, dir });
  const close = async () => {
    try {
      await client.send("control", "shutdown_request", { restart: false });
    } catch {
      // socket already gone; stop() kills the tree anyway
    }
    await stop(handle);
    client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const died = exitAsError(handle);
    died.catch(() => {});
    const { msg, t } = await Promise.race([client.kernelInfo(START_TIMEOUT_MS), died]);
    await Promise.race([awaitIopub(client), died]);
    return {
      launchedAt,
      infoAt: t,
      implementation: `${msg.content.implementation} ${msg.content.implementation_version}`,
      pid: handle.pid,
      stderr: handle.stderr,
      execute: (code, opts) => client.execute(code, opts),
      complete: async (code, cursorPos, timeoutMs) => (await client.complete(code, cursorPos, timeoutMs)).msg.content,
      close,
    };
  } catch (err) {
    await close();
    const said = stderrExcerpt(handle.stderr());
    throw new WireError(err.code ?? "BENCH_START", `${err.message}${said && !err.message.includes(said) ? ` (kernel stderr: ${said})` : ""}`);
  }
}
