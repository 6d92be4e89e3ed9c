#!/usr/bin/env node
// The test command: build, run every vitest suite (unit, kernel protocol, Jupyter, browser),
// then print one closing line "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env: process.env });

const build = run("npm", ["run", "build"]);
if (build.status !== 0) {
  console.error("build failed: fix the TypeScript errors above");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// Counted by test/support/count-reporter.mjs: tests, not suites; a test stopped by a failed
// setup counts as failed (see the reporter for the rules and count-reporter.test.ts for the proof).
const results = ".vitest-count.json";
rmSync(results, { force: true });
const extra = process.argv.slice(2);
const reporter = fileURLToPath(new URL("./support/count-reporter.mjs", import.meta.url));
const vt = spawnSync("npx", ["vitest", "run", "--reporter=default", `--reporter=${reporter}`, ...extra], {
  stdio: "inherit",
  env: { ...process.env, D2L_COUNT_FILE: results },
});

let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(readFileSync(results, "utf8"));
  ({ passed, failed, skipped } = r);
  if (r.failures.length > 0) console.log(`\nNot passed:\n${r.failures.map((f) => `  ${f}`).join("\n")}`);
} catch {
  failed = 1; // vitest ended before reporting (crashed or killed)
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vt.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
