import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isCI } from "./ci.mjs";

/**
 * Integration tests need tools from Debian (Jupyter, Chromium). Outside CI a missing tool
 * skips the test with a loud hint; under CI (any $CI but empty/false/0/no/off, see isCI) a missing tool is a failure.
 */
// ipykernel's debugger prints a frozen-modules warning on every Python start; it is noise in test logs.
process.env.PYDEVD_DISABLE_FILE_VALIDATION ??= "1";

export { isCI };
export const IN_CI = isCI(process.env.CI);

const labBundle = (dir: string) => fileURLToPath(new URL(`../jupyterlab/${dir}/build/bundle.js`, import.meta.url));

export const TOOLS = {
  jupyter: { check: () => has("jupyter", ["--version"]), hint: "apt-get install jupyter-client jupyter-nbconvert python3-nbclient jupyter-notebook jupyter-console python3-ipykernel" },
  kernelTest: { check: () => pyModule("jupyter_kernel_test"), hint: "apt-get install python3-jupyter-kernel-test" },
  nbconvert: { check: () => has("jupyter-nbconvert", ["--version"]), hint: "apt-get install jupyter-nbconvert python3-nbclient" },
  notebook: { check: () => has("jupyter-notebook", ["--version"]), hint: "apt-get install jupyter-notebook" },
  console: { check: () => has("jupyter-console", ["--version"]), hint: "apt-get install jupyter-console" },
  nbsphinx: { check: () => pyModule("nbsphinx"), hint: "apt-get install python3-nbsphinx python3-sphinx" },
  chromium: { check: () => existsSync("/usr/bin/chromium"), hint: "apt-get install chromium" },
  labServer: { check: () => pyModule("jupyter_server") && pyModule("jupyterlab_server"), hint: "apt-get install python3-jupyter-server python3-jupyterlab-server" },
  labPage: { check: () => existsSync(labBundle("page")), hint: "cd test/jupyterlab/page && npm ci --ignore-scripts && npm run build (the JupyterLab 3.5 page the browser check opens)" },
  lab4Page: { check: () => existsSync(labBundle("page4")), hint: "cd test/jupyterlab/page4 && npm ci --ignore-scripts && npm run build (the JupyterLab 4 page the browser check opens)" },
  numpy: { check: () => pyModule("numpy"), hint: "apt-get install python3-numpy" },
} as const;

export type ToolName = keyof typeof TOOLS;

/** Debian's Python, where the Jupyter packages live (the python3 first on PATH is another one). */
export const PYTHON = "/usr/bin/python3";

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function pyModule(name: string): boolean {
  return has(PYTHON, ["-c", `import ${name}`]);
}

/**
 * Returns the names of missing tools. Under CI throws, so the suite fails instead of skipping.
 * Use: `const missing = missingTools("jupyter"); describe.skipIf(missing.length > 0)(...)`.
 */
export function missingTools(...names: ToolName[]): string[] {
  const missing = names.filter((n) => !TOOLS[n].check());
  if (missing.length === 0) return [];
  const hints = missing.map((n) => `  ${n}: ${TOOLS[n].hint}`).join("\n");
  if (IN_CI) throw new Error(`CI=true but required tools are missing:\n${hints}`);
  process.stderr.write(`\n*** SKIPPING integration tests: missing ${missing.join(", ")}. Install with:\n${hints}\n\n`);
  return missing;
}
