#!/usr/bin/env node
// Runs CI several times in a row, each time in a fresh clone of this commit, and keeps the machine's
// cores busy with another process during the runs you name. This is how the README's "CI runs in a
// row" figure is measured (issue #15): a flaky test shows up as one red run among green ones.
//
//   node .ci/streak.mjs [--runs 5] [--busy 2,4] [--out artifacts/ci-streak]
//
// Run as root (.ci/run installs Debian packages). Each run's full log is kept in --out; the summary
// (one line per run: exit status, duration, closing line, load average) goes to --out/summary.md
// and stdout. The busy process is one spinning Node per core, at normal priority, started before
// the clone and stopped after the run.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    busy: { type: "string", default: "2,4" },
    out: { type: "string", default: "artifacts/ci-streak" },
    keep: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const busy = new Set(values.busy.split(",").filter(Boolean).map(Number));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

const repo = resolve(new URL("..", import.meta.url).pathname);
const out = resolve(repo, values.out);
mkdirSync(out, { recursive: true });
const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).stdout.trim();
const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repo, encoding: "utf8" }).stdout.trim();
if (dirty) console.warn(`note: uncommitted changes are not in the clones (they test ${commit})`);

const summary = join(out, "summary.md");
const say = (line) => {
  console.log(line);
  appendFileSync(summary, `${line}\n`);
};
writeFileSync(summary, "");
say(`# ${runs} fresh-clone CI runs of ${commit}, cores busy during run(s) ${[...busy].join(", ") || "none"} (${availableParallelism()} cores)`);
say("");
say("| run | busy | exit | duration | closing line | load average (mean of 30 s samples) |");
say("| --- | --- | --- | --- | --- | --- |");

/** One spinning Node per core: another process keeping the cores busy, as a neighbour would. */
function startBusy() {
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }),
  );
}

let green = 0;
for (let i = 1; i <= runs; i++) {
  const spinners = busy.has(i) ? startBusy() : [];
  const dir = mkdtempSync(join(tmpdir(), `d2l-ci-${i}-`));
  const log = join(out, `run-${i}.log`);
  const loads = [];
  const sampler = setInterval(() => loads.push(loadavg()[0]), 30_000);
  const started = Date.now();
  const status = await new Promise((done) => {
    const clone = spawnSync("git", ["clone", "-q", repo, dir], { stdio: "inherit" });
    if (clone.status !== 0) return done(`clone failed (${clone.status})`);
    const ci = spawn("bash", [".ci/run"], { cwd: dir, env: { ...process.env, CI: "true" }, stdio: ["ignore", "pipe", "pipe"] });
    ci.stdout.on("data", (d) => appendFileSync(log, d));
    ci.stderr.on("data", (d) => appendFileSync(log, d));
    ci.on("close", (code, signal) => done(code ?? signal));
  });
  clearInterval(sampler);
  for (const s of spinners) s.kill("SIGKILL");
  const seconds = Math.round((Date.now() - started) / 1000);
  const text = (() => { try { return readFileSync(log, "utf8"); } catch { return ""; } })();
  const closing = text.match(/^\d+ passed, \d+ failed, \d+ skipped$/gm)?.at(-1) ?? "(no closing line)";
  const meanLoad = loads.length ? (loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1) : "—";
  if (status === 0) green++;
  say(`| ${i} | ${busy.has(i) ? "yes" : "no"} | ${status} | ${Math.floor(seconds / 60)} m ${seconds % 60} s | ${closing} | ${meanLoad} |`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
say("");
say(`${green} of ${runs} runs green`);
process.exit(green === runs ? 0 : 1);
