/**
 * One round for one kernel: start-up, trivial-cell round-trips, resident memory after warm-up,
 * then the 1,000-line cell. Every figure is taken by the same client for every kernel.
 */
import { percentile } from "./stats.mjs";
import { stderrExcerpt, treeRssMiB } from "./procs.mjs";

const WARMUP_CELLS = 3;
const PRINT_LINES = 1000;

function streamText(msgs) {
  return msgs
    .filter((m) => m.header.msg_type === "stream" && m.content.name === "stdout")
    .map((m) => m.content.text)
    .join("");
}

/** What the trivial cell showed: the spec wants an execute_result carrying "2". */
function resultKind(run) {
  const r = run.iopub.find((m) => m.header.msg_type === "execute_result");
  if (r) return `execute_result ${JSON.stringify(r.content.data?.["text/plain"])}`;
  const out = streamText(run.iopub).trim();
  if (out) return `stdout ${JSON.stringify(out)}`;
  return "nothing";
}

/** Lines 0..999 in order before idle, and how many of them came only after idle. */
function printingFigures(run) {
  const before = streamText(run.iopub).split("\n").filter((l) => l !== "");
  const after = streamText(run.late).split("\n").filter((l) => l !== "");
  const inOrder = before.length === PRINT_LINES && before.every((l, i) => l === String(i));
  return { linesBeforeIdle: before.length, linesAfterIdle: after.length, allBeforeIdle: inOrder && run.idle };
}

/**
 * `open` starts the kernel and returns a session ({ launchedAt, infoAt, execute, pid, close });
 * see clients.mjs. Throws only for failures that make the remaining figures meaningless.
 */
export async function measureRound({ name, def, open, cells, log }) {
  const fig = { kernel: name, error: null };
  let session;
  try {
    session = await open(def);
  } catch (err) {
    fig.error = `start-up failed: ${err.message}`;
    log(`  ${name}: ${fig.error}`);
    return fig;
  }
  try {
    fig.startupMs = session.infoAt - session.launchedAt;
    fig.implementation = session.implementation;

    const rtts = [];
    for (let i = 0; i < WARMUP_CELLS + cells; i++) {
      const run = await session.execute(def.cells.trivial, { timeoutMs: 10_000 });
      if (!run.reply || !run.idle) {
        throw new Error(`trivial cell ${i + 1} got ${run.reply ? "" : "no execute_reply"}${!run.reply && !run.idle ? " and " : ""}${run.idle ? "" : "no idle status"} within 10 s`);
      }
      if (run.reply.content.status !== "ok") {
        const c = run.reply.content;
        throw new Error(`trivial cell ${i + 1} failed: ${c.ename ?? c.status}: ${c.evalue ?? ""}`);
      }
      const rtt = Math.max(run.replyAt, run.idleAt) - run.t0;
      if (i === 0) {
        fig.firstCellMs = rtt;
        fig.trivialShows = resultKind(run);
      }
      if (i >= WARMUP_CELLS) rtts.push(rtt);
    }
    fig.trivialP50Ms = percentile(rtts, 50);
    fig.trivialP95Ms = percentile(rtts, 95);

    const rss = treeRssMiB(session.pid);
    fig.rssMiB = rss.mib;
    fig.processes = rss.processes;

    const run = await session.execute(def.cells.printing, { timeoutMs: 5_000, collectAfterIdleMs: 500 });
    fig.printIdle = run.idle;
    fig.printMs = run.idle ? run.idleAt - run.t0 : NaN;
    Object.assign(fig, printingFigures(run));
  } catch (err) {
    fig.error = `${err.message}${session.stderr?.() ? ` (kernel stderr: ${stderrExcerpt(session.stderr())})` : ""}`;
    log(`  ${name}: ${fig.error}`);
  } finally {
    await session.close();
  }
  return fig;
}
