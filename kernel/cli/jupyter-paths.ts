/**
 * Where Jupyter looks for kernelspecs, computed without Python so `d2l-ts install` works on a
 * machine where Jupyter lives in some other interpreter (or is not installed yet).
 * The rules follow jupyter_core's `jupyter_data_dir()` and `ENV_JUPYTER_PATH`.
 */
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";

export interface PathEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

export const defaultPathEnv = (): PathEnv => ({ env: process.env, platform: process.platform, home: homedir() });

/** The per-user Jupyter data dir: `$JUPYTER_DATA_DIR`, else the platform default. */
export function userDataDir({ env, platform, home }: PathEnv): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), "jupyter");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "jupyter");
}

export class SysPrefixError extends Error {
  readonly code = "E_NO_SYS_PREFIX";
  constructor(message: string) {
    super(message);
    this.name = "SysPrefixError";
  }
}

/**
 * Jupyter's `sys.prefix` without running Python. The rule, first match wins:
 *  1. an activated environment: `$CONDA_PREFIX`, then `$VIRTUAL_ENV` — the `jupyter` on PATH
 *     belongs to it;
 *  2. the interpreter named in the `#!` line of the `jupyter` executable on PATH
 *     (`#!/usr/bin/python3` gives `/usr`, Debian's prefix; `#!/opt/venv/bin/python` gives
 *     `/opt/venv`); `#!/usr/bin/env python3` is resolved on PATH the same way;
 *  3. otherwise an error that says to use `--prefix DIR` or `--user`.
 * The interpreter's prefix is the parent of its `bin/` directory, taken before symlinks are
 * resolved, because a virtualenv's `bin/python` links to the base interpreter.
 */
export function sysPrefix(pathEnv: PathEnv): string {
  const { env } = pathEnv;
  if (env.CONDA_PREFIX) return env.CONDA_PREFIX;
  if (env.VIRTUAL_ENV) return env.VIRTUAL_ENV;
  const jupyter = which("jupyter", pathEnv);
  if (!jupyter) {
    throw new SysPrefixError(
      "--sys-prefix: no `jupyter` executable on PATH and no activated environment ($CONDA_PREFIX, $VIRTUAL_ENV); " +
        "install Jupyter first, or use --prefix DIR or --user",
    );
  }
  const interpreter = shebangInterpreter(jupyter, pathEnv);
  if (!interpreter) {
    throw new SysPrefixError(
      `--sys-prefix: cannot tell which Python runs ${jupyter} (no #! line naming an interpreter); use --prefix DIR or --user`,
    );
  }
  return dirname(dirname(interpreter));
}

/** First executable named `cmd` on `$PATH`, or null. */
export function which(cmd: string, { env, platform }: PathEnv): string | null {
  const exts = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, cmd + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}

/** The interpreter a script's `#!` line runs, with `/usr/bin/env NAME` resolved on PATH. */
export function shebangInterpreter(script: string, pathEnv: PathEnv): string | null {
  let head: string;
  try {
    head = readFileSync(script).subarray(0, 512).toString("utf8");
  } catch {
    return null;
  }
  if (!head.startsWith("#!")) return null;
  const words = head.slice(2).split("\n", 1)[0].trim().split(/\s+/);
  if (words.length === 0 || !words[0]) return null;
  if (words[0].endsWith("/env")) {
    const name = words.slice(1).find((w) => !w.startsWith("-") && !w.includes("="));
    return name ? which(name, pathEnv) : null;
  }
  return isAbsolute(words[0]) ? words[0] : null;
}
