/**
 * Acceptance 3 of the kernel issue, second half: `jupyter console --kernel d2l-ts` runs cells
 * piped to its stdin. The simple prompt reads one line per cell.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";
import { KERNEL_NAME, makeJupyterEnv, type JupyterEnv } from "./jupyter-env.js";
import { describeRun, reapStrays, runTool } from "./run-tool.js";

const missing = missingTools("jupyter", "console");

describe.skipIf(missing.length > 0)("jupyter console with the d2l-ts kernel", () => {
  let jenv: JupyterEnv;
  beforeAll(() => {
    jenv = makeJupyterEnv("console");
  });
  afterAll(async () => {
    await reapStrays(jenv.root);
    jenv.cleanup();
  });

  it("prints stdout and Out[n] results of piped cells, and the library is preloaded", async () => {
    const input = [
      "const a: number = 6 * 7;",
      "console.log(`answer: ${a}`)",
      "a + 1",
      "new nn.Dense(3).constructor.name",
      "",
    ].join("\n");
    const run = await runTool("jupyter", ["console", "--kernel", KERNEL_NAME, "--simple-prompt"], {
      cwd: jenv.work,
      env: jenv.env,
      input,
      timeoutMs: 90_000,
    });
    const report = describeRun("jupyter console", run);
    expect(run.timedOut, report).toBe(false);
    expect(run.stdout, report).toMatch(/^(In \[\d+\]: )*answer: 42$/m);
    expect(run.stdout, report).toMatch(/Out\[3\]: 43$/m);
    expect(run.stdout, report).toMatch(/Out\[4\]: 'Dense'$/m);
    expect(run.stdout + run.stderr, report).not.toMatch(/Error/);
  }, 120_000);

  it("shows a runtime error with its name and message", async () => {
    const run = await runTool("jupyter", ["console", "--kernel", KERNEL_NAME, "--simple-prompt"], {
      cwd: jenv.work,
      env: jenv.env,
      input: 'throw new RangeError("out of range in cell")\n',
      timeoutMs: 90_000,
    });
    expect(run.stdout + run.stderr, describeRun("jupyter console", run)).toMatch(/RangeError: out of range in cell/);
  }, 120_000);

  it("leaves no kernel process behind", async () => {
    expect(await reapStrays(jenv.root)).toEqual([]);
  });
});
