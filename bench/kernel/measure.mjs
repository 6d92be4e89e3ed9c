/**
 * One round for one kernel: start-up, trivial-cell round-trips, resident memory after warm-up,
 * then the 1,000-line cell. Every figure is taken by the same client for every kernel.
 */
import { percentile } from "./stats.mjs";
import { stderrExcerpt, treeRssMiB } from "./procs.mjs";

const WARMUP_CELLS = 3;
const PRINT_LINES = 1000;
const FIRST_CELL_TIMEOUT_MS = 60_000;
const CELL_TIMEOUT_MS = 10_000;
const PRINT_TIMEOUT_MS = 5_000;
export const DISTINCT_CELLS = 20;

/** Runs a cell that must succeed; rtt = send until both execute_reply and idle arrived. */
async function runOk(session, code, timeoutMs, label) {
  const run = await session.execute(code, { timeoutMs });
  if (!run.reply || !run.idle) {
    const missing = [run.reply ? null : "no execute_reply", run.idle ? null : "no idle status"].filter(Boolean).join(" and ");
    throw new Error(`${label} got ${missing} within ${timeoutMs / 1000} s`);
  }
  const c = run.reply.content;
  if (c.status !== "ok") throw new Error(`${label} failed: ${c.ename ?? c.status}: ${c.evalue ?? ""}`);
  return { run, rtt: Math.max(run.replyAt, run.idleAt) - run.t0 };
}

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
      // The first cell may pay for lazily loaded machinery (a compiler): it gets more time.
      const { run, rtt } = await runOk(session, def.cells.trivial, i === 0 ? FIRST_CELL_TIMEOUT_MS : CELL_TIMEOUT_MS, `trivial cell ${i + 1}`);
      if (i === 0) {
        fig.firstCellMs = rtt;
        // What a user waits for: launch, then the first cell run as soon as the kernel is up.
        fig.firstResultMs = run.t0 + rtt - session.launchedAt;
        fig.trivialShows = resultKind(run);
      }
      if (i >= WARMUP_CELLS) rtts.push(rtt);
    }
    fig.trivialP50Ms = percentile(rtts, 50);
    fig.trivialP95Ms = percentile(rtts, 95);

    // Identical sources may hit a kernel's compile cache; users rarely run the same cell twice.
    // d2l-ts runs cells unchecked while its type checker warms up, which it does once cells stop
    // coming; so these are measured before and again after the tooling is warm.
    const distinct = async (label) => {
      const rtts = [];
      for (let i = 0; i < DISTINCT_CELLS; i++) rtts.push((await runOk(session, def.cells.distinct(i), CELL_TIMEOUT_MS, `${label} cell ${i + 1}`)).rtt);
      return percentile(rtts, 50);
    };
    fig.distinctP50Ms = await distinct("distinct");

    // A completion request waits for whatever a kernel's tooling loads (d2l-ts: the type
    // checker's warm-up; tslab: its language service), so the memory below is that of a kernel
    // whose every part has been used.
    const tc = performance.now();
    const completion = await session.complete(def.cells.completion.code, def.cells.completion.cursor, FIRST_CELL_TIMEOUT_MS);
    fig.firstCompleteMs = performance.now() - tc;
    fig.completionFound = Array.isArray(completion.matches) && completion.matches.some((m) => m.endsWith(def.cells.completion.expect));
    fig.checkedDistinctP50Ms = await distinct("checked distinct");

    const rss = treeRssMiB(session.pid);
    fig.rssMiB = rss.mib;
    fig.processes = rss.processes;

    const run = await session.execute(def.cells.printing, { timeoutMs: PRINT_TIMEOUT_MS, collectAfterIdleMs: 500 });
    fig.printIdle = run.idle;
    fig.printMs = run.idle ? run.idleAt - run.t0 : NaN;
    Object.assign(fig, printingFigures(run));
    if (run.idle) {
      // Same source again: separates the cost of compiling the cell from delivering its output.
      const again = await session.execute(def.cells.printing, { timeoutMs: PRINT_TIMEOUT_MS });
      fig.printAgainMs = again.idle ? again.idleAt - again.t0 : NaN;
    }
    fig.rssEndMiB = treeRssMiB(session.pid).mib;
  } catch (err) {
    fig.error = `${err.message}${session.stderr?.() ? ` (kernel stderr: ${stderrExcerpt(session.stderr())})` : ""}`;
    log(`  ${name}: ${fig.error}`);
  } finally {
    await session.close();
  }
  return fig;
}
