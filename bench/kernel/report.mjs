/** Folds rounds into medians and prints the side-by-side table, ratios and goals. */
import { DISTINCT_CELLS } from "./measure.mjs";
import { median } from "./stats.mjs";

const SUBJECT = "d2l-ts";
const PEERS = ["deno", "tslab", "ipykernel"];
/** Issue #14: resident memory with the type checker warm. */
const RSS_GOAL_MIB = 100;
/** Issue #14: launch to the first cell's result within this factor of Deno's. */
const FIRST_RESULT_DENO_FACTOR = 1.5;
const DISTINCT_LABEL = `${DISTINCT_CELLS} distinct cells \`N + 1\`,`;

export function summarize(rounds) {
  const byKernel = new Map();
  for (const fig of rounds) {
    if (!byKernel.has(fig.kernel)) byKernel.set(fig.kernel, []);
    byKernel.get(fig.kernel).push(fig);
  }
  const out = new Map();
  for (const [kernel, figs] of byKernel) {
    const num = (k) => median(figs.map((f) => f[k]).filter((v) => typeof v === "number"));
    const measured = figs.filter((f) => f.linesBeforeIdle !== undefined);
    out.set(kernel, {
      rounds: figs.length,
      errors: figs.map((f) => f.error).filter(Boolean),
      implementation: figs.find((f) => f.implementation)?.implementation ?? "?",
      trivialShows: figs.find((f) => f.trivialShows)?.trivialShows ?? "?",
      startupMs: num("startupMs"),
      firstCellMs: num("firstCellMs"),
      firstResultMs: num("firstResultMs"),
      trivialP50Ms: num("trivialP50Ms"),
      trivialP95Ms: num("trivialP95Ms"),
      distinctP50Ms: num("distinctP50Ms"),
      firstCompleteMs: num("firstCompleteMs"),
      checkedDistinctP50Ms: num("checkedDistinctP50Ms"),
      completionRounds: figs.filter((f) => f.completionFound).length,
      printMs: num("printMs"),
      printAgainMs: num("printAgainMs"),
      rssEndMiB: num("rssEndMiB"),
      printIdleRounds: measured.filter((f) => f.printIdle).length,
      allBeforeIdleRounds: measured.filter((f) => f.allBeforeIdle).length,
      printRounds: measured.length,
      linesBeforeIdle: num("linesBeforeIdle"),
      linesAfterIdle: num("linesAfterIdle"),
      rssMiB: num("rssMiB"),
      processes: num("processes"),
      /** Per round, in round order, for the paired ratios below the table. */
      perRound: Object.fromEntries(["startupMs", "firstResultMs", "trivialP50Ms"].map((k) => [k, figs.map((f) => f[k])])),
    });
  }
  return out;
}

const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "—");

function goals(s) {
  const me = s.get(SUBJECT);
  const deno = s.get("deno");
  const py = s.get("ipykernel");
  if (!me) return {};
  const mark = (ok) => (ok === undefined ? "?" : ok ? "yes" : "NO");
  const have = (v) => Number.isFinite(v);
  /** d2l-ts's median against `factor` times Deno's, in the same run; "?" without Deno. */
  const vsDeno = (key, factor, text) => ({
    text: deno ? text : `${text} (Deno not run)`,
    met: mark(have(me[key]) && deno && have(deno[key]) ? me[key] <= factor * deno[key] : undefined),
  });
  return {
    startupMs: vsDeno("startupMs", 1, "≤ Deno"),
    firstResultMs: vsDeno("firstResultMs", FIRST_RESULT_DENO_FACTOR, `≤ ${FIRST_RESULT_DENO_FACTOR}× Deno`),
    trivialP50Ms: vsDeno("trivialP50Ms", 1, "≤ Deno"),
    printMs: {
      text: "all lines before idle, ≤ 2× ipykernel",
      met: mark(
        have(me.printMs) && py && have(py.printMs)
          ? me.allBeforeIdleRounds === me.printRounds && me.printRounds > 0 && me.printMs <= 2 * py.printMs
          : me.printRounds > 0 && me.allBeforeIdleRounds < me.printRounds ? false : undefined,
      ),
    },
    rssMiB: { text: `≤ ${RSS_GOAL_MIB} MiB, checker warm`, met: mark(have(me.rssMiB) ? me.rssMiB <= RSS_GOAL_MIB : undefined) },
  };
}

function pad(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
}

export function render({ summary, kernels, defs, rounds, cells }) {
  const lines = [];
  const present = kernels.filter((k) => summary.has(k));
  const peers = PEERS.filter((p) => present.includes(p) && present.includes(SUBJECT));
  const g = goals(summary);
  lines.push(`Kernel benchmark: medians of ${rounds} round(s); ${cells} trivial cells per round after 3 warm-up cells; one client for all kernels.`);
  lines.push("");
  lines.push("Cells each kernel got:");
  for (const k of present) {
    const c = defs[k].cells;
    lines.push(`  ${k.padEnd(10)} trivial ${JSON.stringify(c.trivial)}; distinct ${JSON.stringify(c.distinct(0))} .. ${JSON.stringify(c.distinct(DISTINCT_CELLS - 1))}; printing ${JSON.stringify(c.printing)}`);
  }
  lines.push("");
  const header = ["", ...present, ...peers.map((p) => `${SUBJECT}/${p}`), ...(summary.has(SUBJECT) ? ["goal for d2l-ts", "met"] : [])];
  const row = (label, key, digits = 1) => {
    const vals = present.map((k) => fmt(summary.get(k)[key], digits));
    const ratios = peers.map((p) => ratio(summary.get(SUBJECT)[key], summary.get(p)[key]));
    const goal = summary.has(SUBJECT) ? [g[key]?.text ?? "", g[key]?.met ?? ""] : [];
    return [label, ...vals, ...ratios, ...goal];
  };
  const rows = [
    header,
    row("start-up to kernel_info_reply (ms)", "startupMs", 0),
    row("first trivial cell (ms)", "firstCellMs", 1),
    row("launch to first cell's result (ms)", "firstResultMs", 0),
    row("trivial cell p50 (ms)", "trivialP50Ms", 2),
    row("trivial cell p95 (ms)", "trivialP95Ms", 2),
    row(`${DISTINCT_LABEL} p50 (ms)`, "distinctP50Ms", 2),
    row("first completion request (ms)", "firstCompleteMs", 0),
    ["  rounds where it offered the expected name", ...present.map((k) => `${summary.get(k).completionRounds}/${summary.get(k).rounds}`), ...peers.map(() => ""), ...(summary.has(SUBJECT) ? ["", ""] : [])],
    row(`  then ${DISTINCT_LABEL} p50 (ms)`, "checkedDistinctP50Ms", 2),
    row("1,000-line cell, send to idle (ms)", "printMs", 1),
    ["  lines before idle / after idle", ...present.map((k) => `${fmt(summary.get(k).linesBeforeIdle, 0)} / ${fmt(summary.get(k).linesAfterIdle, 0)}`), ...peers.map(() => ""), ...(summary.has(SUBJECT) ? ["", ""] : [])],
    ["  rounds: idle reported / all 1,000 lines before idle", ...present.map((k) => { const s = summary.get(k); return `${s.printIdleRounds}/${s.printRounds} / ${s.allBeforeIdleRounds}/${s.printRounds}`; }), ...peers.map(() => ""), ...(summary.has(SUBJECT) ? ["", ""] : [])],
    row("  same cell run again, send to idle (ms)", "printAgainMs", 1),
    row("RSS after all of the above, process tree (MiB)", "rssMiB", 0),
    row("  RSS at the end of the round (MiB)", "rssEndMiB", 0),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)));
  lines.push(pad(rows[0], widths));
  lines.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(1)) lines.push(pad(r, widths));
  const me = summary.get(SUBJECT);
  const deno = summary.get("deno");
  if (me && deno) {
    // Rounds are interleaved, so a round's two kernels met about the same machine load.
    lines.push("\nd2l-ts / Deno in each round (a busy neighbour moves both):");
    for (const [key, label] of [["startupMs", "start-up"], ["firstResultMs", "launch to first result"], ["trivialP50Ms", "trivial cell p50"]]) {
      const pairs = me.perRound[key].map((v, i) => (Number.isFinite(v) && Number.isFinite(deno.perRound[key][i]) ? v / deno.perRound[key][i] : NaN));
      const ok = pairs.filter(Number.isFinite);
      lines.push(`  ${label.padEnd(24)} ${pairs.map((r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : "—")).join(" ")}  (median ${ok.length ? `${median(ok).toFixed(2)}×` : "—"})`);
    }
  }
  lines.push("");
  for (const k of present) {
    const s = summary.get(k);
    lines.push(`${k}: ${s.implementation}; trivial cell showed ${s.trivialShows}; ${fmt(s.processes, 0)} process(es) in the tree`);
    for (const e of new Set(s.errors)) lines.push(`  error: ${e}`);
  }
  return lines.join("\n");
}
