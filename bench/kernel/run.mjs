#!/usr/bin/env node
/**
 * Kernel benchmark: d2l-ts against tslab and ipykernel, one client, interleaved rounds.
 *
 *   node bench/kernel/run.mjs [--rounds 3] [--cells 50] [--kernels d2l-ts,tslab,ipykernel]
 *                             [--client auto|shared|own] [--json FILE]
 *
 * Rounds are interleaved (each round runs every kernel once) so a busy neighbour on this shared
 * machine skews all kernels alike instead of one.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { kernelDefs } from "./kernels.mjs";
import { measureRound } from "./measure.mjs";
import { killAllLaunched } from "./procs.mjs";
import { render, summarize } from "./report.mjs";
import { chooseOpener } from "./clients.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const defs = kernelDefs(root);

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    cells: { type: "string", default: "50" },
    kernels: { type: "string", default: Object.keys(defs).join(",") },
    client: { type: "string", default: "auto" },
    json: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: node bench/kernel/run.mjs [--rounds N] [--cells N] [--kernels d2l-ts,tslab,ipykernel] [--client auto|shared|own] [--json FILE]");
  process.exit(0);
}
const rounds = Number(values.rounds);
const cells = Number(values.cells);
const wanted = values.kernels.split(",").map((k) => k.trim()).filter(Boolean);
const unknown = wanted.filter((k) => !defs[k]);
if (unknown.length || !(rounds >= 1) || !(cells >= 1)) {
  console.error(`bench: ${unknown.length ? `unknown kernel(s) ${unknown.join(", ")} (known: ${Object.keys(defs).join(", ")})` : "--rounds and --cells must be positive integers"}`);
  process.exit(2);
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killAllLaunched();
    process.exit(130);
  });
}
process.on("exit", killAllLaunched);

const log = (s) => process.stderr.write(`${s}\n`);
const kernels = wanted.filter((k) => {
  const why = defs[k].missing();
  if (why) log(`bench: skipping ${k}: ${why}`);
  return !why;
});
const { open, clientName } = await chooseOpener(values.client, root);
log(`bench: client ${clientName}; kernels ${kernels.join(", ")}; ${rounds} round(s)`);

// The machine may be shared: say how busy it was, since absolute figures move with load.
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const loadBefore = load();
const started = performance.now();
const results = [];
for (let r = 1; r <= rounds; r++) {
  for (const name of kernels) {
    const t = performance.now();
    const fig = await measureRound({ name, def: defs[name], open, cells, log });
    fig.round = r;
    results.push(fig);
    log(`  round ${r} ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s${fig.error ? " (error)" : ""}`);
  }
}

const summary = summarize(results);
console.log(render({ summary, kernels, defs, rounds, cells }));
console.log(`\nclient: ${clientName}; total ${((performance.now() - started) / 1000).toFixed(1)} s; node ${process.version}; ${cpus().length} CPU(s); load average ${loadBefore} before, ${load()} after`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify({ client: clientName, rounds: results, summary: Object.fromEntries(summary) }, null, 2));
  log(`bench: raw figures in ${values.json}`);
}
const failed = kernels.every((k) => (summary.get(k)?.errors.length ?? 1) === rounds);
process.exit(failed ? 1 : 0);
