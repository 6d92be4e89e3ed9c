#!/usr/bin/env node
// Mutation check (`npm run test:mutate`): applies deliberate bugs one at a time, runs the suites
// that claim to guard against each, and reports whether they caught it. Every mutation must be
// caught; a mutation whose target text is gone (the code was rewritten) is reported STALE and
// fails the check too, so it gets updated rather than silently passing. Not part of `npm test`:
// each kernel mutation rebuilds dist/ (the black-box kernel tests run the build), ~1-2 min each.
//
//   node test/mutate.mjs            every mutation
//   node test/mutate.mjs bias idle  only those whose id contains one of the words
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const reporter = join(ROOT, "test", "support", "count-reporter.mjs");
const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");

/**
 * file: where; find: text that must occur exactly once; replace: the bug; build: the suites run
 * the built kernel (dist/), so rebuild; suites: what must fail.
 */
const MUTATIONS = [
  {
    id: "bias-gradient",
    what: "the gradient of a broadcast operand (a bias) is not summed over the axes it was broadcast along",
    file: "src/tensor/gradients.ts",
    find: "if (i < lead || (shape[i - lead] === 1 && dy.shape[i] !== 1)) axes.push(i);",
    replace: "if (i < lead) axes.push(i);",
    suites: ["src/nn/gradient-checks.test.ts"],
  },
  {
    id: "deferred-weight-gradient",
    what: "weights created by the first batch (deferred initialization) are not trainable, so a gradient step gets no weight gradients",
    file: "src/nn/parameter.ts",
    find: "    this.#commit(shape, value, s.init);\n",
    replace: "    this.#commit(shape, value, s.init);\n    (this.#state as unknown as { value: { trainable: boolean } }).value.trainable = false;\n",
    suites: ["src/nn/gradient-checks.test.ts"],
  },
  {
    id: "shape-off-by-one",
    what: "a sliding window's output length loses its + 1 (conv and pooling shapes one too small)",
    file: "src/nn/shapes.ts",
    find: "return Math.floor((size + 2 * pad - kernel) / stride) + 1;",
    replace: "return Math.floor((size + 2 * pad - kernel) / stride);",
    suites: ["src/nn/shapes.test.ts", "src/nn/layers.test.ts"],
  },
  {
    id: "closing-line-count",
    what: "tests stopped by a failed beforeAll count as skipped, not failed, in npm test's closing line",
    file: "test/support/count-reporter.mjs",
    find: "else if (broken && !onPurpose) {",
    replace: "else if (false) {",
    suites: ["test/support/count-reporter.test.ts"],
  },
  {
    id: "output-dropped-before-idle",
    what: "stream text still waiting for the batcher's timer is dropped when the cell ends (instead of published before idle)",
    file: "kernel/server/stream-batcher.ts",
    find: "  flush(): void {\n    if (this.timer !== null) {",
    replace: "  flush(): void {\n    if (this.timer !== null) this.pending = null;\n    if (this.timer !== null) {",
    build: true,
    suites: ["kernel/server/stream-batcher.test.ts", "test/kernel/robustness.test.ts"],
  },
  {
    id: "iopub-first-subscriber",
    what: "shell requests are answered before iopub has a subscriber (jupyter console's first cell hangs)",
    file: "kernel/server/io.ts",
    find: 'if (channel === "shell" && !this.subscribed) await this.firstSubscriber;',
    replace: "",
    build: true,
    suites: ["test/kernel/iopub-join.test.ts"],
  },
  {
    id: "idle-after-next-busy",
    what: "kernel_info's idle waits for its reply to be sent, so the next request's busy can come first",
    file: "kernel/server/io.ts",
    find: 'void this.reply(channel, msg, "kernel_info_reply",',
    replace: 'await this.reply(channel, msg, "kernel_info_reply",',
    build: true,
    suites: ["test/kernel/iopub-join.test.ts"],
  },
];

const run = (cmd, args, extraEnv = {}) => spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...extraEnv }, maxBuffer: 64 * 2 ** 20 });

function build() {
  const r = run("npx", ["tsc", "-p", "tsconfig.json"]);
  return r.status === 0 ? null : (r.stdout + r.stderr).trim();
}

/** Runs suites; returns { failed, passed, failures } from the counting reporter. */
function runSuites(suites, label) {
  const out = join(ROOT, `.vitest-count-mutate-${label}.json`);
  rmSync(out, { force: true });
  const r = run(process.execPath, [vitest, "run", "--project", "main", `--reporter=${reporter}`, ...suites], { D2L_COUNT_FILE: out });
  try {
    const c = JSON.parse(readFileSync(out, "utf8"));
    return { ...c, status: r.status };
  } catch {
    return { passed: 0, failed: 1, failures: [`vitest did not report (exit ${r.status}): ${(r.stderr || r.stdout).slice(-400)}`], status: r.status };
  } finally {
    rmSync(out, { force: true });
  }
}

const words = process.argv.slice(2);
const chosen = MUTATIONS.filter((m) => words.length === 0 || words.some((w) => m.id.includes(w)));
const restore = new Map();
const restoreAll = () => {
  for (const [file, text] of restore) writeFileSync(join(ROOT, file), text);
  restore.clear();
};
process.on("SIGINT", () => {
  restoreAll();
  process.exit(130);
});

const needsBuild = chosen.some((m) => m.build);
if (needsBuild) {
  const err = build();
  if (err) {
    console.error(`the unmutated tree does not build:\n${err}`);
    process.exit(1);
  }
}
// Baseline: the suites must pass before any mutation, or a "caught" means nothing.
const allSuites = [...new Set(chosen.flatMap((m) => m.suites))];
console.log(`baseline: ${allSuites.join(" ")}`);
const base = runSuites(allSuites, "baseline");
if (base.failed > 0 || base.passed === 0) {
  console.error(`baseline is not green (${base.passed} passed, ${base.failed} failed):\n  ${base.failures.join("\n  ")}`);
  process.exit(1);
}

const results = [];
try {
  for (const m of chosen) {
    const path = join(ROOT, m.file);
    const original = readFileSync(path, "utf8");
    const hits = original.split(m.find).length - 1;
    if (hits !== 1) {
      results.push({ m, verdict: "STALE", detail: `target text found ${hits} times in ${m.file}: update this mutation` });
      continue;
    }
    restore.set(m.file, original);
    writeFileSync(path, original.replace(m.find, m.replace));
    try {
      const err = m.build ? build() : null;
      if (err) results.push({ m, verdict: "INVALID", detail: `does not compile: ${err.split("\n")[0]}` });
      else {
        const r = runSuites(m.suites, m.id);
        results.push(r.failed > 0 ? { m, verdict: "caught", detail: `${r.failed} failed: ${r.failures.slice(0, 2).join("; ")}` } : { m, verdict: "SURVIVED", detail: `${r.passed} passed` });
      }
    } finally {
      writeFileSync(path, original);
      restore.delete(m.file);
    }
    process.stdout.write(`${results.at(-1).verdict.padEnd(8)} ${m.id}\n`);
  }
} finally {
  restoreAll();
  if (needsBuild) build();
}

console.log("\nmutation                     verdict   detail");
for (const { m, verdict, detail } of results) console.log(`${m.id.padEnd(28)} ${verdict.padEnd(9)} ${detail.slice(0, 160)}`);
const caught = results.filter((r) => r.verdict === "caught").length;
console.log(`\n${caught} of ${results.length} mutations caught`);
process.exit(caught === results.length && results.length > 0 ? 0 : 1);
