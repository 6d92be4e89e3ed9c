/**
 * The closing line of `npm test` counts tests. A tiny vitest run over the fixture files in
 * test/support/counting/ (a failure in nested describes, a beforeAll that throws, an afterAll that
 * throws, a file that does not import) through the reporter run-all.mjs uses.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

function runFixtures(): { passed: number; failed: number; skipped: number; failures: string[] } {
  const out = join(mkdtempSync(join(tmpdir(), "d2l-count-")), "count.json");
  // The outer vitest's variables would make the inner run think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "TEST" && k !== "NODE_ENV"));
  const r = spawnSync(join(root, "node_modules", ".bin", "vitest"), ["run", "--root", join(here, "counting"), `--reporter=${join(here, "count-reporter.mjs")}`], {
    env: { ...env, D2L_COUNT_FILE: out },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status, r.stderr + r.stdout).toBe(1); // the fixtures fail on purpose
  return JSON.parse(readFileSync(out, "utf8"));
}

describe("the closing line's counter", () => {
  it("counts tests, blames a failed setup on the tests it stopped, and keeps deliberate skips", { timeout: 90_000 }, () => {
    const c = runFixtures();
    expect(c.failures.sort()).toEqual(
      [
        "outer > inner > fails",
        "kernel that does not start > would execute a cell (did not run: its setup failed)",
        "kernel that does not start > deeper > would inspect (did not run: its setup failed)",
        "leaves a process behind: stray kernel",
        "import.case.ts: cannot import",
      ].sort(),
    );
    // nested: 2 passed 1 failed; setup: 1 passed 2 failed 3 skipped; teardown: 1 passed 1 failed; import: 1 failed.
    expect({ passed: c.passed, failed: c.failed, skipped: c.skipped }).toEqual({ passed: 4, failed: 5, skipped: 3 });
  });
});
