#!/usr/bin/env node
// The test command: build, run every vitest suite (unit, kernel protocol, Jupyter, browser) on
// this Node, then the kernel, library and notebook suites on each other Node that .ci/run
// installed (.ci/node-versions: Node 22 and 24), and print one closing line
// "N passed, N failed, N skipped" over all of them, which CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isCI } from "./support/ci.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: "inherit", env, cwd: ROOT });

const build = run("npm", ["run", "build"]);
if (build.status !== 0) {
  console.error("build failed: fix the TypeScript errors above");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

/**
 * What runs on the other Node versions: the kernel (unit and black-box, the conformance suite,
 * Jupyter's own restart), the library (unit, both backends compared) and the notebooks (executed by
 * nbconvert, the runner). Left to the main Node: robustness floods/soak/fuzz, the browser,
 * JupyterLab, console and nbconvert-fixture checks, which test Jupyter's tools and the machine more
 * than Node (and would double CI's time). vitest reads these as path prefixes of test files
 * (substrings, hence the trailing slashes). ~2.5 min per Node on the loaded 2-core machine.
 */
const OTHER_NODE_SUITES = ["src/", "kernel/", "test/library/", "test/notebooks/", "test/runner/", "test/jupyter/restart.test.ts", "test/jupyter/kernel-suite.test.ts"];
const NODE_VERSIONS_DIR = join(ROOT, ".ci", "node-versions");
const EXPECTED_OTHER_NODES = ["node22", "node24"];

const reporter = fileURLToPath(new URL("./support/count-reporter.mjs", import.meta.url));
const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
const total = { passed: 0, failed: 0, skipped: 0, failures: [] };

/** One vitest run on the given Node; its counts (test/support/count-reporter.mjs) join the total. */
function vitestRun(label, node, args) {
  // Counted by test/support/count-reporter.mjs: tests, not suites; a test stopped by a failed
  // setup counts as failed (see the reporter for the rules and count-reporter.test.ts for the proof).
  const results = join(ROOT, `.vitest-count-${label}.json`);
  rmSync(results, { force: true });
  const vt = run(node, [vitest, "run", "--reporter=default", `--reporter=${reporter}`, ...args], { ...process.env, D2L_COUNT_FILE: results });
  try {
    const r = JSON.parse(readFileSync(results, "utf8"));
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    total.failures.push(...r.failures.map((f) => `[${label}] ${f}`));
    if (vt.status !== 0 && r.failed === 0) throw new Error(`vitest exited with ${vt.status ?? vt.signal}`);
  } catch (e) {
    total.failed += 1; // vitest ended before reporting (crashed, killed) or failed outside any test
    total.failures.push(`[${label}] ${e.message}`);
  }
}

const extra = process.argv.slice(2);
vitestRun(`node${process.versions.node.split(".")[0]}`, process.execPath, extra);

// Arguments select files of the main run (a developer's focused run): the other Nodes then skip.
if (extra.length === 0) {
  const installed = existsSync(join(NODE_VERSIONS_DIR, "node_modules")) ? readdirSync(join(NODE_VERSIONS_DIR, "node_modules")).filter((d) => /^node\d+$/.test(d)) : [];
  for (const name of EXPECTED_OTHER_NODES) {
    const node = join(NODE_VERSIONS_DIR, "node_modules", name, "bin", "node");
    if (!installed.includes(name) || !existsSync(node)) {
      const hint = `${name} is not installed: npm ci --prefix .ci/node-versions (.ci/run does it)`;
      if (isCI(process.env.CI)) {
        total.failed += 1;
        total.failures.push(`[${name}] ${hint}`);
      } else process.stderr.write(`\n*** SKIPPING the ${name} run: ${hint}\n\n`);
      continue;
    }
    console.log(`\n==> ${name} (${spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()}): ${OTHER_NODE_SUITES.join(" ")}`);
    vitestRun(name, node, ["--project", "main", ...OTHER_NODE_SUITES]);
  }
}

if (total.failures.length > 0) console.log(`\nNot passed:\n${total.failures.map((f) => `  ${f}`).join("\n")}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
