/**
 * A kernel session driven by the project's KernelClient (dist/kernel/client), the client the
 * tests and the runner use. Its `startKernel` spawns from a kernelspec-style argv; timing and
 * the split of output at the idle status are taken here from its iopub listener.
 */
import { dirname } from "node:path";
import { processTree, stderrExcerpt, stop as stopTree, track } from "./procs.mjs";

const START_TIMEOUT_MS = 30_000;
/** A kernel may be busy loading lazily after its first reply (a compiler): be patient. */
const IOPUB_TIMEOUT_MS = 60_000;

export function sharedOpener(mod) {
  return async function openSharedSession(def) {
    // Includes writing the connection file (a few ms), the same for every kernel.
    const launchedAt = performance.now();
    const k = await mod.startKernel({ argv: def.argv, cwd: def.cwd, env: { ...process.env, ...def.env }, waitReady: false, reconnectIntervalMs: 10 });
    const handle = track(k.process.pid, k.exited, { dir: dirname(k.connectionFile) });
    const close = async () => {
      // Collected first: once the leader is gone its children are re-parented out of reach.
      handle.tree = processTree(handle.pid);
      await k.stop({ timeoutMs: 1500 }).catch(() => {});
      await stopTree(handle, 0);
    };
    try {
      const died = k.exited.then(({ code, signal }) => {
        throw new Error(`kernel exited (${signal ?? `code ${code}`}) before answering: ${stderrExcerpt(k.stderr())}`);
      });
      died.catch(() => {});
      // The first kernel_info_reply is the start-up figure; waitReady then makes sure iopub is
      // subscribed before any cell runs, so no output is lost to the PUB/SUB join.
      const first = await Promise.race([k.client.request("shell", "kernel_info_request", {}, { timeoutMs: START_TIMEOUT_MS, waitIdle: false }), died]);
      const infoAt = performance.now();
      await Promise.race([k.client.waitReady(IOPUB_TIMEOUT_MS), died]);
      const c = first.reply.content;
      return {
        launchedAt,
        infoAt,
        implementation: `${c.implementation} ${c.implementation_version}`,
        pid: k.process.pid,
        stderr: () => k.stderr(),
        execute: (code, opts) => executeTimed(k.client, code, opts),
        complete: async (code, cursorPos, timeoutMs) => (await k.client.request("shell", "complete_request", { code, cursor_pos: cursorPos }, { timeoutMs })).reply.content,
        close,
      };
    } catch (err) {
      await close();
      const said = stderrExcerpt(k.stderr());
      throw new Error(`${err.message}${said && !err.message.includes(said) ? ` (kernel stderr: ${said})` : ""}`);
    }
  };
}

/**
 * Same result shape as the bench's own client: iopub messages before and after the idle status,
 * with times. A kernel that never reports idle (tslab after a large output) times out here
 * instead of failing the round, so its partial output can still be counted.
 */
async function executeTimed(client, code, { timeoutMs = 10_000, collectAfterIdleMs = 0 } = {}) {
  const seen = [];
  const off = client.onIopubMessage((m) => seen.push([m, performance.now()]));
  const t0 = performance.now();
  const { msgId, result } = client.executeLater(code, { timeoutMs });
  let reply = null;
  let doneAt = null;
  try {
    reply = (await result).reply;
    doneAt = performance.now();
  } catch (err) {
    if (err.code !== "CLIENT_TIMEOUT") throw err;
  }
  if (collectAfterIdleMs > 0) await new Promise((r) => setTimeout(r, collectAfterIdleMs));
  off();
  const iopub = [];
  const late = [];
  let idleAt = null;
  for (const [m, t] of seen) {
    if (m.parent_header?.msg_id !== msgId) continue;
    (idleAt === null ? iopub : late).push(m);
    if (idleAt === null && m.header.msg_type === "status" && m.content.execution_state === "idle") idleAt = t;
  }
  // `result` resolves only with both reply and idle, so doneAt bounds both arrivals.
  return { t0, reply, replyAt: doneAt, idle: idleAt !== null && doneAt !== null, idleAt, iopub, late };
}
