/**
 * Adapts the project's KernelClient (kernel/client) to the runner's KernelSession: one kernel
 * process per notebook, started in the notebook's directory. Cell timeouts belong to the runner,
 * so the client waits a little longer than they allow; a kernel that dies ends the wait at once.
 */
import { startKernel } from "../client/index.js";
import type { CellOutcome, KernelSession } from "./execute.js";
import type { NbOutput } from "./notebook.js";

/** Beyond the runner's own cell timeout, so the runner's interrupt always comes first. */
const CLIENT_GRACE_MS = 30_000;

export async function startSession(opts: { cwd: string; cellTimeoutMs: number }): Promise<KernelSession> {
  const k = await startKernel({ cwd: opts.cwd });
  const died = k.exited.then(({ code, signal }) => {
    const tail = k.stderr().trim().split("\n").slice(-5).join("\n");
    throw new Error(`the kernel exited (code ${code}, signal ${signal})${tail ? `:\n${tail}` : ""}`);
  });
  died.catch(() => undefined);
  return {
    async execute(code: string): Promise<CellOutcome> {
      // stop_on_error is off: the runner decides what an error means (raises-exception tags).
      const r = await Promise.race([k.client.execute(code, { stop_on_error: false, timeoutMs: opts.cellTimeoutMs + CLIENT_GRACE_MS }), died]);
      const content = r.reply.content as { status: string; execution_count?: number; ename?: string; evalue?: string };
      const status = content.status === "ok" || content.status === "error" ? content.status : "aborted";
      const errorOutput = r.outputs.find((o) => o.output_type === "error");
      return {
        status,
        executionCount: typeof content.execution_count === "number" ? content.execution_count : null,
        outputs: r.outputs as NbOutput[],
        ename: content.ename ?? (errorOutput?.output_type === "error" ? errorOutput.ename : undefined),
        evalue: content.evalue ?? (errorOutput?.output_type === "error" ? errorOutput.evalue : undefined),
      };
    },
    async interrupt() {
      await k.client.interrupt({ timeoutMs: 5_000 });
    },
    stop: () => k.stop(),
  };
}
