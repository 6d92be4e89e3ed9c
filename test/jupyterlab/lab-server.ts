/**
 * Debian's jupyter-server (1.23) with jupyterlab-server (2.16) serving one of the minimal
 * JupyterLab pages (./page: JupyterLab 3.5, ./page4: JupyterLab 4) on a free localhost port with a
 * random token, inside a JupyterEnv so it finds only our kernelspec (started by
 * test/support/jupyter-server.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO, type JupyterEnv } from "../jupyter/jupyter-env.js";
import { startJupyterServer } from "../support/jupyter-server.js";
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
  const server = await startJupyterServer(jenv, {
    what: "the JupyterLab page server",
    command: PYTHON,
    args: ["-c", "import d2l_lab_page; d2l_lab_page.main()"],
    app: "ServerApp",
    env: { ...jenv.env, PYTHONPATH: SERVER_DIR, D2L_LAB_PAGE_BUILD: join(PAGES[page], "build") },
    timeoutMs: opts.timeoutMs,
  });
  return {
    url: server.url,
    pageUrl: (path, o = {}) => {
      const q = new URLSearchParams({ token: server.token, path, theme: o.theme ?? "light" });
      if (o.kernel === false) q.set("kernel", "no");
      if (o.debugger) q.set("debugger", "on");
      return `${server.url}/d2l-lab?${q}`;
    },
    log: server.log,
    stop: server.stop,
  };
}
