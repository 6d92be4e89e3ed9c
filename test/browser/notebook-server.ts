/**
 * Debian's classic Notebook (jupyter-notebook 6) serving a scratch directory, started by
 * test/support/jupyter-server.ts (free localhost port, random token, only our kernelspec).
 */
import type { JupyterEnv } from "../jupyter/jupyter-env.js";
import { startJupyterServer, type JupyterServer } from "../support/jupyter-server.js";

export interface NotebookServer extends JupyterServer {
  /** URL that opens a notebook (path relative to the served dir) already authenticated. */
  notebookUrl(path: string): string;
}

export async function startNotebookServer(jenv: JupyterEnv, opts: { timeoutMs?: number } = {}): Promise<NotebookServer> {
  const server = await startJupyterServer(jenv, { what: "jupyter-notebook", command: "jupyter-notebook", app: "NotebookApp", timeoutMs: opts.timeoutMs });
  return { ...server, notebookUrl: (path) => `${server.url}/notebooks/${encodeURI(path)}?token=${server.token}` };
}
