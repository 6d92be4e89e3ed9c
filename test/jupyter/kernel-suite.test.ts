/**
 * Acceptance 2 of the kernel issue: Debian's python3-jupyter-kernel-test suite, with samples for
 * every test it has (see kernel_suite.py), passes against the installed d2l-ts kernelspec.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools, PYTHON } from "../support/tools.js";
import { makeJupyterEnv, type JupyterEnv } from "./jupyter-env.js";
import { describeRun, reapStrays, runTool } from "./run-tool.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Every test jupyter_kernel_test 0.4 has except test_pager (no pager payloads in this kernel). */
const EXPECTED = [
  "test_clear_output",
  "test_completion",
  "test_display_data",
  "test_error",
  "test_execute_result",
  "test_execute_stderr",
  "test_execute_stdout",
  "test_history",
  "test_inspect",
  "test_is_complete",
  "test_kernel_info",
];

/**
 * `unittest -v` lines: "test_x (module.Class.test_x) ... ok" -> { test_x: "ok" }. A failing
 * subtest prints its own indented line; the worst outcome of a test wins.
 */
function parseUnittestVerbose(output: string): Record<string, string> {
  const outcomes: Record<string, string> = {};
  for (const m of output.matchAll(/^\s*(test_\w+) \(.*? \.\.\. (ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$/gm)) {
    if (outcomes[m[1]] === undefined || outcomes[m[1]] === "ok") outcomes[m[1]] = m[2];
  }
  return outcomes;
}

const missing = missingTools("jupyter", "kernelTest");

describe.skipIf(missing.length > 0)("jupyter_kernel_test suite against the d2l-ts kernelspec", () => {
  let jenv: JupyterEnv;
  beforeAll(() => {
    jenv = makeJupyterEnv("kernel-suite");
  });
  afterAll(async () => {
    await reapStrays(jenv.root);
    jenv.cleanup();
  });

  it("runs every test with samples and all pass", async () => {
    const run = await runTool(PYTHON, ["-m", "unittest", "-v", "kernel_suite"], {
      cwd: HERE,
      env: jenv.env,
      timeoutMs: 240_000,
    });
    const report = describeRun("python3 -m unittest -v kernel_suite", run);
    const outcomes = parseUnittestVerbose(run.stderr);
    const allPass = Object.fromEntries(EXPECTED.map((t) => [t, "ok"]));
    expect(outcomes, report).toEqual({ ...allPass, test_pager: expect.stringMatching(/^skipped/) });
    expect(run.status, report).toBe(0);
    expect(run.stderr, report).toMatch(/^OK \(skipped=1\)$/m);
  }, 300_000);

  it("leaves no kernel process behind", async () => {
    expect(await reapStrays(jenv.root)).toEqual([]);
  });
});
