/**
 * HTML rendering of executed notebooks with Jupyter's nbconvert. Optional: without Jupyter the
 * run still succeeds and says how to install it. Debian's /usr/bin/jupyter comes first, because
 * the jupyter first on PATH may belong to another Python without nbconvert.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export const NBCONVERT_HINT = "apt-get install jupyter-nbconvert (Debian/Ubuntu), or pip install nbconvert";

export interface Nbconvert {
  jupyter: string;
  version: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  const onPath = (env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "jupyter"));
  return [...new Set(["/usr/bin/jupyter", ...onPath])].filter(executable);
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: err === null, stdout: String(stdout), stderr: String(stderr) || (err ? err.message : "") });
    });
  });
}

/** The first jupyter whose nbconvert answers, or null. */
export async function findNbconvert(env: NodeJS.ProcessEnv = process.env): Promise<Nbconvert | null> {
  for (const jupyter of candidates(env)) {
    const r = await run(jupyter, ["nbconvert", "--version"], 30_000);
    if (r.ok) return { jupyter, version: r.stdout.trim() };
  }
  return null;
}

/** Writes `<name>.html` next to the executed notebook; returns the HTML path or the error text. */
export async function renderHtml(nbc: Nbconvert, notebook: string, outDir: string): Promise<{ ok: true; html: string } | { ok: false; error: string }> {
  const r = await run(nbc.jupyter, ["nbconvert", "--to", "html", "--output-dir", outDir, notebook], 300_000);
  if (!r.ok) return { ok: false, error: r.stderr.trim().split("\n").slice(-5).join("\n") };
  const base = notebook.replace(/^.*[\\/]/, "").replace(/\.ipynb$/, "");
  return { ok: true, html: join(outDir, `${base}.html`) };
}
