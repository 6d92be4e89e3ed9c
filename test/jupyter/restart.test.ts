/**
 * Restart as Jupyter does it: jupyter_client's KernelManager.restart_kernel keeps the connection
 * file and the ports and starts a new process on them. Ten restarts in a row (graceful and forced
 * alternately, see restart_same_ports.py): each is a new process on the same ports, the old one is
 * gone, the old cell's variable is gone, the execution count starts at 1 again, nothing reports an
 * address in use, and after the last shutdown no process or connection file is left.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools, PYTHON } from "../support/tools.js";
import { KERNEL_NAME, makeJupyterEnv, REPO, type JupyterEnv } from "./jupyter-env.js";
import { describeRun, processesMentioning, reapStrays, runTool } from "./run-tool.js";

const missing = missingTools("jupyter");
const RESTARTS = 10;

interface KernelRecord {
  n: number;
  pid: number;
  previous: number;
  previous_alive: boolean | null;
  connection_file: string;
  connection_file_exists: boolean;
  ports: number[];
  first: { connection_file: string; ports: number[] };
  typeof_before: [number, string | null, string | null];
  define: [number, string | null, string | null];
}
interface ShutdownRecord {
  shutdown: true;
  last_pid: number;
  last_alive: boolean;
  connection_file_exists: boolean;
}

describe.skipIf(missing.length > 0)("restart through jupyter_client on the same connection file", () => {
  let jenv: JupyterEnv;
  beforeAll(() => {
    jenv = makeJupyterEnv("restart");
  });
  afterAll(async () => {
    await reapStrays(jenv.root);
    jenv.cleanup();
  });

  it(`${RESTARTS} restarts in a row: new process, same ports, fresh state, nothing left behind`, async () => {
    const run = await runTool(PYTHON, [join(REPO, "test", "jupyter", "restart_same_ports.py")], {
      env: { ...jenv.env, D2L_TS_KERNEL_NAME: KERNEL_NAME, D2L_TS_RESTARTS: String(RESTARTS) },
      cwd: jenv.work,
      timeoutMs: 240_000,
    });
    const report = describeRun("restart_same_ports.py", run);
    expect(run.timedOut, report).toBe(false);
    expect(run.status, report).toBe(0);
    const records = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as KernelRecord | ShutdownRecord);
    const kernels = records.filter((r): r is KernelRecord => !("shutdown" in r));
    const end = records.find((r): r is ShutdownRecord => "shutdown" in r);
    expect(kernels.map((k) => k.n), report).toEqual([...Array(RESTARTS + 1).keys()]);

    const { connection_file: file, ports } = kernels[0]!.first;
    expect(file.startsWith(jenv.root), file).toBe(true);
    expect(new Set(ports).size).toBe(5);
    for (const k of kernels) {
      expect(k.connection_file, `kernel ${k.n}`).toBe(file);
      expect(k.connection_file_exists, `kernel ${k.n}`).toBe(true);
      expect(k.ports, `kernel ${k.n}`).toEqual(ports);
      // Fresh: the variable the previous kernel defined is unknown, and counting starts again at 1.
      expect(k.typeof_before, `kernel ${k.n}`).toEqual([1, "'undefined'", null]);
      expect(k.define, `kernel ${k.n}`).toEqual([2, String(2 * k.n), null]);
      if (k.n > 0) {
        expect(k.pid, `kernel ${k.n}`).not.toBe(k.previous);
        expect(k.previous_alive, `kernel ${k.n}: the previous process ${k.previous} is still running`).toBe(false);
      }
    }
    expect(new Set(kernels.map((k) => k.pid)).size).toBe(RESTARTS + 1);
    expect(run.stderr, report).not.toMatch(/EADDRINUSE|address already in use/i);

    expect(end, report).toMatchObject({ last_alive: false, connection_file_exists: false });
    expect(processesMentioning(jenv.root)).toEqual([]);
  }, 300_000);
});
