#!/usr/bin/env node
// The test command: build, run every vitest suite (unit, kernel protocol, Jupyter, browser),
// then print one closing line "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env: process.env });

const build = run("npm", ["run", "build"]);
if (build.status !== 0) {
  console.error("build failed: fix the TypeScript errors above");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const results = ".vitest-results.json";
rmSync(results, { force: true });
const extra = process.argv.slice(2);
const vt = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}`, ...extra]);

let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(readFileSync(results, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vt.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
