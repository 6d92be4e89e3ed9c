/**
 * Debian's jupyter-server (1.23) with jupyterlab-server (2.16) serving one of the minimal
 * JupyterLab pages (./page: JupyterLab 3.5, ./page4: JupyterLab 4) on a free localhost port with a
 * random token, inside a JupyterEnv so it finds only our kernelspec. `stop()` ends the server's
 * process group and any kernel it left running.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../browser/notebook-server.js";
import { REPO, type JupyterEnv } from "../jupyter/jupyter-env.js";
import { reapStrays, startTool, stopTool } from "../jupyter/run-tool.js";
import { PYTHON } from "../support/tools.js";

export const PAGES = {
  "JupyterLab 3.5": join(REPO, "test", "jupyterlab", "page"),
  "JupyterLab 4": join(REPO, "test", "jupyterlab", "page4"),
} as const;
export type PageName = keyof typeof PAGES;
/** The Python side (d2l_lab_page.py, templates/) lives with the 3.5 page and serves both. */
const SERVER_DIR = PAGES["JupyterLab 3.5"];
export const pageBundle = (page: PageName): string => join(PAGES[page], "build", "bundle.js");

export interface PageOptions {
  theme?: "light" | "dark";
  /** false opens the notebook without a kernel, as a reader opening a saved notebook who does not run it. */
  kernel?: boolean;
  /** true adds JupyterLab's visual debugger (bug button, sidebar); only the JupyterLab 4 page has it. */
  debugger?: boolean;
}

export interface LabServer {
  url: string;
  /** The page showing one notebook (path relative to the served dir). */
  pageUrl(path: string, opts?: PageOptions): string;
  log(): string;
  stop(): Promise<void>;
}

export async function startLabServer(jenv: JupyterEnv, page: PageName, opts: { timeoutMs?: number } = {}): Promise<LabServer> {
  const bundle = pageBundle(page);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: cd ${PAGES[page]} && npm ci --ignore-scripts && npm run build`);
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = startTool(
    PYTHON,
    [
      "-c",
      "import d2l_lab_page; d2l_lab_page.main()",
      "--no-browser",
      `--port=${port}`,
      "--port-retries=0",
      "--ip=127.0.0.1",
      `--ServerApp.token=${token}`,
      `--ServerApp.root_dir=${jenv.work}`,
      // The CI machine runs as root; the flag is harmless otherwise.
      "--allow-root",
    ],
    { env: { ...jenv.env, PYTHONPATH: SERVER_DIR, D2L_LAB_PAGE_BUILD: join(PAGES[page], "build") }, cwd: jenv.work },
  );
  let log = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (log += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (log += d));

  const server: LabServer = {
    url,
    pageUrl: (path, o = {}) => {
      const q = new URLSearchParams({ token, path, theme: o.theme ?? "light" });
      if (o.kernel === false) q.set("kernel", "no");
      if (o.debugger) q.set("debugger", "on");
      return `${url}/d2l-lab?${q}`;
    },
    log: () => log,
    stop: async () => {
      await stopTool(child);
      await reapStrays(jenv.root);
    },
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the JupyterLab page server exited with ${child.exitCode} before serving\n${log}`);
    try {
      const res = await fetch(`${url}/api/status?token=${token}`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the JupyterLab page server did not answer on ${url} within ${opts.timeoutMs ?? 60_000} ms\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
