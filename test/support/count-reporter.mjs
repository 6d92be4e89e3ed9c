// A vitest reporter that counts TESTS for the closing line of `npm test` ("N passed, N failed,
// N skipped"). vitest's own JSON counts failed suites beside failed tests (one failing test in two
// nested describes reads "1 passed, 4 failed") and reports the tests of a describe whose beforeAll
// threw as skipped, so a kernel that does not start would read "0 failed". Here:
//   - a test counts once, by its own result;
//   - a test that did not run because a hook of an enclosing suite (or the file) failed counts as
//     failed, unless it was skipped on purpose (it.skip, skipIf, todo);
//   - a suite or file whose error failed no test (an afterAll that threw, a file that does not
//     import) counts as one failure, and so does each unhandled error.
// The counts are written as JSON to the file named by D2L_COUNT_FILE.
import { writeFileSync } from "node:fs";

/** Counts a finished run; takes vitest's reported tasks (TestModule / TestSuite / TestCase). */
export function tally(testModules, unhandledErrors = []) {
  const out = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const fail = (name) => {
    out.failed++;
    out.failures.push(name);
  };
  // Returns how many of this suite's tests were counted failed because a hook above them threw.
  const visit = (suite, setupFailed) => {
    const errs = suite.errors();
    const broken = setupFailed || errs.length > 0;
    let blamed = 0;
    for (const child of suite.children) {
      if (child.type === "suite") {
        blamed += visit(child, broken);
        continue;
      }
      const state = child.result().state;
      const onPurpose = child.options.mode === "skip" || child.options.mode === "todo";
      if (state === "passed") out.passed++;
      else if (state === "failed") fail(child.fullName);
      else if (broken && !onPurpose) {
        fail(`${child.fullName} (did not run: its setup failed)`);
        blamed++;
      } else out.skipped++;
    }
    if (errs.length > 0 && blamed === 0) fail(`${suite.fullName ?? suite.relativeModuleId ?? suite.moduleId}: ${errs[0].message ?? "error"}`);
    return blamed;
  };
  for (const m of testModules) visit(m, false);
  for (const e of unhandledErrors) fail(`unhandled error: ${e.message ?? e}`);
  return out;
}

export default class CountReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const file = process.env.D2L_COUNT_FILE;
    if (file) writeFileSync(file, JSON.stringify(tally(testModules, unhandledErrors), null, 1));
  }
}
