/**
 * A throw-away Jupyter environment for integration tests: our kernelspec installed under a
 * temporary prefix, and every Jupyter directory (data, runtime, config, IPython) pointed into it,
 * so the tests neither depend on nor touch the machine's own Jupyter set-up.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI = join(REPO, "dist", "kernel", "cli.js");
export const FIXTURES = join(REPO, "test", "fixtures");
export const ARTIFACTS = join(REPO, "artifacts");
export const KERNEL_NAME = "d2l-ts";

export interface JupyterEnv {
  /** Temporary root; holds share/jupyter/kernels/d2l-ts, data/, runtime/, config/, work/. */
  root: string;
  /** A scratch directory to run tools in and to copy notebooks to. */
  work: string;
  /** process.env plus the Jupyter variables pointing into `root`. */
  env: NodeJS.ProcessEnv;
  /** kernel.json of the installed spec, as written by `d2l-ts install`. */
  kernelSpecDir: string;
  cleanup(): void;
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.json; npm test does it)`);
}

export function makeJupyterEnv(label: string): JupyterEnv {
  assertBuilt();
  const root = mkdtempSync(join(tmpdir(), `d2l-${label}-`));
  const dirs = { data: join(root, "data"), runtime: join(root, "runtime"), config: join(root, "config"), ipython: join(root, "ipython"), work: join(root, "work") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: join(root, "share", "jupyter"),
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    JUPYTER_CONFIG_DIR: dirs.config,
    IPYTHONDIR: dirs.ipython,
    // ipykernel's debugger prints a frozen-modules warning on every start; it is noise here.
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  // Install through the real CLI, exactly as a user would.
  execFileSync(process.execPath, [CLI, "install", "--prefix", root], { env, stdio: ["ignore", "ignore", "inherit"] });
  const kernelSpecDir = join(root, "share", "jupyter", "kernels", KERNEL_NAME);
  return { root, work: dirs.work, env, kernelSpecDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
