#!/usr/bin/env node
// Mutation check (`npm run test:mutate`): applies deliberate bugs one at a time, runs the suites
// that claim to guard against each, and reports whether they caught it. Every mutation must be
// caught; a mutation whose target text is gone (the code was rewritten) is reported STALE and
// fails the check too, so it gets updated rather than silently passing. Not part of `npm test`:
// a mutation that needs a build (the kernel tests run dist/, the library runs the tfjs bundle)
// rebuilds before and after its suites, ~1-2 min each.
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
 * file: where (node_modules too: tfjs' gradients are bundled from there); edits: each `find` must
 * occur exactly once and becomes `replace`; build: what to rebuild so the suites see the bug
 * ("tsc": the kernel tests run dist/; "vendor": the tfjs bundle); suites: what must fail.
 */
const MUTATIONS = [
  {
    id: "bias-gradient",
    what: "the gradient of an Add's broadcast operand (a bias) is halved: tfjs' own Add gradient, as bundled into dist/vendor",
    file: "node_modules/@tensorflow/tfjs-core/dist/gradients/Add_grad.js",
    edits: [
      {
        find: "const reduceAxes = broadcast_util.getReductionAxes(b.shape, outShape);\n            if (reduceAxes.length > 0) {\n                res = sum(res, reduceAxes);",
        replace: "const reduceAxes = broadcast_util.getReductionAxes(b.shape, outShape);\n            if (reduceAxes.length > 0) {\n                res = sum(res, reduceAxes).mul(0.5);",
      },
    ],
    build: "vendor",
    suites: ["src/nn/gradient-checks.test.ts"],
  },
  {
    id: "deferred-weight-gradient",
    what: "nn.grad lists the parameters before the loss creates the deferred weights, so the first step gets no weight gradients",
    file: "src/nn/gradients.ts",
    edits: [
      {
        find: "  const trainable = () => [...net.collectParams().entries()].filter(([, p]) => p.trainable && !p.isConstant);\n",
        replace: "  const trainable = () => [...net.collectParams().entries()].filter(([, p]) => p.trainable && !p.isConstant);\n  const readyAtStart = new Set(trainable().filter(([, p]) => p.state === \"ready\").map(([n]) => n));\n",
      },
      { find: "  const params = trainable();\n", replace: "  const params = trainable().filter(([n]) => readyAtStart.has(n));\n" },
    ],
    suites: ["src/nn/gradient-checks.test.ts"],
  },
  {
    id: "shape-off-by-one",
    what: "a sliding window's output length loses its + 1 (conv and pooling shapes one too small)",
    file: "src/nn/shapes.ts",
    edits: [{ find: "return Math.floor((size + 2 * pad - kernel) / stride) + 1;", replace: "return Math.floor((size + 2 * pad - kernel) / stride);" }],
    suites: ["src/nn/shapes.test.ts", "src/nn/layers.test.ts"],
  },
  {
    id: "closing-line-count",
    what: "tests stopped by a failed beforeAll count as skipped, not failed, in npm test's closing line",
    file: "test/support/count-reporter.mjs",
    edits: [{ find: "else if (broken && !onPurpose) {", replace: "else if (false) {" }],
    suites: ["test/support/count-reporter.test.ts"],
  },
  {
    id: "output-dropped-before-idle",
    what: "stream text still waiting for the batcher's timer is dropped when the cell ends (instead of published before idle)",
    file: "kernel/server/stream-batcher.ts",
    edits: [{ find: "  flush(): void {\n    if (this.timer !== null) {", replace: "  flush(): void {\n    if (this.timer !== null) this.pending = null;\n    if (this.timer !== null) {" }],
    build: "tsc",
    suites: ["kernel/server/stream-batcher.test.ts", "test/kernel/robustness.test.ts"],
  },
  {
    id: "iopub-first-subscriber",
    what: "shell requests are answered before iopub has a subscriber (jupyter console's first cell hangs)",
    file: "kernel/server/io.ts",
    edits: [{ find: 'if (channel === "shell" && !this.subscribed) await this.firstSubscriber;', replace: "" }],
    build: "tsc",
    suites: ["test/kernel/iopub-join.test.ts"],
  },
  {
    id: "idle-after-next-busy",
    what: "kernel_info's idle waits for its reply to be sent, so the next request's busy can come first",
    file: "kernel/server/io.ts",
    edits: [{ find: 'void this.reply(channel, msg, "kernel_info_reply",', replace: 'await this.reply(channel, msg, "kernel_info_reply",' }],
    build: "tsc",
    suites: ["test/kernel/iopub-join.test.ts"],
  },
  {
    id: "send-after-close",
    what: "sends still queued when the kernel closes its sockets go to ZeroMQ anyway (EBADF during the exit aborted Node 22)",
    file: "kernel/server/send-queue.ts",
    edits: [{ find: "(this.closed ? undefined : this.socket.send(frames))", replace: "this.socket.send(frames)" }],
    suites: ["kernel/server/send-queue.test.ts"],
  },
  {
    id: "history-held-whole",
    what: "the kernel reads its whole history file into memory at start-up (11 MiB of heap for 10 MB of history)",
    file: "kernel/server/history.ts",
    edits: [{ find: "      this.session = last + 1;", replace: "      this.session = last + 1;\n      if (this.file) for await (const r of fileRecords(this.file)) this.records.push(r);" }],
    suites: ["kernel/server/history.test.ts"],
  },
  {
    id: "history-session-window",
    what: "the session number is read from the history's last 64 KiB only, even when one long cell fills them (a kernel reuses the last session's number)",
    file: "kernel/server/history-file.ts",
    edits: [{ find: "if (max > 0 || start === 0) return max;", replace: "return max;" }],
    suites: ["kernel/server/history.test.ts"],
  },
];

const run = (cmd, args, extraEnv = {}) => spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...extraEnv }, maxBuffer: 64 * 2 ** 20 });

function build(kind) {
  const r = kind === "vendor" ? run(process.execPath, [join(ROOT, "vendor", "tfjs", "build.mjs")]) : run("npx", ["tsc", "-p", "tsconfig.json"]);
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

const builds = [...new Set(chosen.map((m) => m.build).filter(Boolean))];
for (const kind of builds) {
  const err = build(kind);
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
    const counts = m.edits.map((e) => original.split(e.find).length - 1);
    if (counts.some((c) => c !== 1)) {
      results.push({ m, verdict: "STALE", detail: `target texts found ${counts.join(", ")} times in ${m.file} (each must be 1): update this mutation` });
      process.stdout.write(`STALE    ${m.id}\n`);
      continue;
    }
    restore.set(m.file, original);
    writeFileSync(path, m.edits.reduce((text, e) => text.replace(e.find, e.replace), original));
    try {
      const err = m.build ? build(m.build) : null;
      if (err) results.push({ m, verdict: "INVALID", detail: `does not compile: ${err.split("\n")[0]}` });
      else {
        const r = runSuites(m.suites, m.id);
        results.push(r.failed > 0 ? { m, verdict: "caught", detail: `${r.failed} failed: ${r.failures.slice(0, 2).join("; ")}` } : { m, verdict: "SURVIVED", detail: `${r.passed} passed` });
      }
    } finally {
      writeFileSync(path, original);
      restore.delete(m.file);
      if (m.build) build(m.build); // the next mutation must see the real build
    }
    process.stdout.write(`${results.at(-1).verdict.padEnd(8)} ${m.id}\n`);
  }
} finally {
  restoreAll();
  for (const kind of builds) build(kind);
}

console.log("\nmutation                     verdict   detail");
for (const { m, verdict, detail } of results) console.log(`${m.id.padEnd(28)} ${verdict.padEnd(9)} ${detail.slice(0, 160)}`);
const caught = results.filter((r) => r.verdict === "caught").length;
console.log(`\n${caught} of ${results.length} mutations caught`);
process.exit(caught === results.length && results.length > 0 ? 0 : 1);
