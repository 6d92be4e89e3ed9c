/**
 * `d2l-ts install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name TEXT]`
 *
 * Writes a kernelspec (kernel.json + logos) in pure Node: the kernel must be installable where
 * Jupyter runs under some other Python, and the argv must start the kernel with the very Node
 * that ran the install, from wherever this package lives (global, local, npx cache, checkout).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultPathEnv, sysPrefix, SysPrefixError, userDataDir, type PathEnv } from "./jupyter-paths.js";

export type InstallErrorCode =
  | "E_USAGE"
  | "E_BAD_NAME"
  | "E_NOT_BUILT"
  | "E_NO_SYS_PREFIX"
  | "E_DEST_NOT_KERNELSPEC"
  | "E_WRITE";

export class InstallError extends Error {
  constructor(
    readonly code: InstallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "InstallError";
  }
}

export type InstallScope = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; dir: string };

export interface InstallOptions {
  scope: InstallScope;
  /** Kernelspec directory name; Jupyter treats names case-insensitively and stores them lowercased. */
  name: string;
  displayName?: string;
}

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "message" | "signal";
  /**
   * Set by Jupyter for the kernel. MALLOC_TRIM_THRESHOLD_: glibc keeps memory that TypeScript's
   * warm-up freed (~35 MiB) unless told to hand it back; the kernel runs without it, only larger.
   */
  env?: Record<string, string>;
  metadata: Record<string, unknown>;
}

export const DEFAULT_NAME = "d2l-ts";

const USAGE = `usage: d2l-ts install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name TEXT]

  --user            per-user Jupyter data dir (default): $JUPYTER_DATA_DIR/kernels, else
                    ~/.local/share/jupyter/kernels ($XDG_DATA_HOME honoured; macOS ~/Library/Jupyter)
  --sys-prefix      <prefix>/share/jupyter/kernels of the Python that runs Jupyter:
                    $CONDA_PREFIX, else $VIRTUAL_ENV, else the interpreter in the #! line of
                    \`jupyter\` on PATH (Debian: /usr)
  --prefix DIR      DIR/share/jupyter/kernels (point JUPYTER_PATH at DIR/share/jupyter)
  --name NAME       kernelspec name (default ${DEFAULT_NAME}); letters, digits, '.', '_', '-'
  --display-name T  name shown in the notebook's kernel menu (default "TypeScript (d2l-ts)")`;

/** Parses the command line; returns null for --help. Throws InstallError(E_USAGE) on bad input. */
export function parseInstallArgs(args: string[]): InstallOptions | null {
  let scope: InstallScope | undefined;
  let name = DEFAULT_NAME;
  let displayName: string | undefined;
  const setScope = (next: InstallScope, flag: string) => {
    if (scope) {
      throw new InstallError("E_USAGE", `${flag} conflicts with --${scope.kind}: choose one of --user, --sys-prefix, --prefix DIR`);
    }
    scope = next;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) throw new InstallError("E_USAGE", `${flag} needs a value`);
      i++;
      return next;
    };
    const noValue = () => {
      if (eq > 0) throw new InstallError("E_USAGE", `${flag} takes no value`);
    };
    switch (flag) {
      case "-h":
      case "--help":
        return null;
      case "--user":
        noValue();
        setScope({ kind: "user" }, flag);
        break;
      case "--sys-prefix":
        noValue();
        setScope({ kind: "sys-prefix" }, flag);
        break;
      case "--prefix": {
        const dir = value();
        if (!dir) throw new InstallError("E_USAGE", "--prefix needs a directory");
        setScope({ kind: "prefix", dir: resolve(dir) }, flag);
        break;
      }
      case "--name":
        name = value();
        break;
      case "--display-name":
        displayName = value();
        if (!displayName.trim()) throw new InstallError("E_USAGE", "--display-name must not be empty");
        break;
      default:
        throw new InstallError(
          "E_USAGE",
          arg.startsWith("-") ? `unknown option ${flag}` : `unexpected argument '${arg}' (options only)`,
        );
    }
  }
  if (!/^[a-z0-9._-]+$/i.test(name)) {
    throw new InstallError("E_BAD_NAME", `--name '${name}' is not a valid kernelspec name: use letters, digits, '.', '_' and '-' only`);
  }
  return { scope: scope ?? { kind: "user" }, name: name.toLowerCase(), displayName };
}

/** The `kernels` directory a scope installs into. */
export function kernelsDir(scope: InstallScope, pathEnv: PathEnv = defaultPathEnv()): string {
  switch (scope.kind) {
    case "user":
      return join(userDataDir(pathEnv), "kernels");
    case "prefix":
      return join(scope.dir, "share", "jupyter", "kernels");
    case "sys-prefix":
      try {
        return join(sysPrefix(pathEnv), "share", "jupyter", "kernels");
      } catch (e) {
        if (e instanceof SysPrefixError) throw new InstallError("E_NO_SYS_PREFIX", e.message);
        throw e;
      }
  }
}

/** This package's root: the nearest directory above this module whose package.json names d2l-ts. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === "d2l-ts") return dir;
      } catch {
        // unreadable package.json of some other package: keep walking up
      }
    }
    if (dirname(dir) === dir) throw new InstallError("E_NOT_BUILT", `cannot find the d2l-ts package.json above ${from}`);
  }
}

/** The kernelspec for this package; `argv[0]` is the running Node, `argv[1]` the built CLI. */
export function buildKernelSpec(root: string, displayName?: string): KernelSpec {
  const cli = join(root, "dist", "kernel", "cli.js");
  if (!existsSync(cli)) {
    throw new InstallError("E_NOT_BUILT", `${cli} does not exist: build the package first (npm install, or npx tsc -p tsconfig.json in ${root})`);
  }
  const template = JSON.parse(readFileSync(join(root, "kernel", "assets", "kernelspec.json"), "utf8")) as Omit<KernelSpec, "argv">;
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  return {
    argv: [process.execPath, cli, "kernel", "--connection-file", "{connection_file}"],
    display_name: displayName ?? template.display_name,
    language: template.language,
    interrupt_mode: template.interrupt_mode,
    ...(template.env ? { env: template.env } : {}),
    metadata: { ...template.metadata, "d2l-ts": { ...(template.metadata["d2l-ts"] as object), version } },
  };
}

export const LOGOS = ["logo-32x32.png", "logo-64x64.png"] as const;

/** Installs the kernelspec and returns the directory written. Replaces an earlier install. */
export function install(options: InstallOptions, pathEnv: PathEnv = defaultPathEnv()): { dir: string; spec: KernelSpec } {
  const root = packageRoot();
  const spec = buildKernelSpec(root, options.displayName);
  const dir = join(kernelsDir(options.scope, pathEnv), options.name);
  try {
    if (existsSync(dir)) {
      // Replace only something that is a kernelspec (or empty): never wipe an unrelated directory.
      const entries = readdirSync(dir);
      if (entries.length > 0 && !entries.includes("kernel.json")) {
        throw new InstallError("E_DEST_NOT_KERNELSPEC", `${dir} exists and is not a kernelspec (no kernel.json): move it away or pick another --name`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
    for (const logo of LOGOS) copyFileSync(join(root, "kernel", "assets", logo), join(dir, logo));
  } catch (e) {
    if (e instanceof InstallError) throw e;
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === "EACCES" || err.code === "EPERM" ? ": permission denied; use --user, --prefix DIR, or run as a user who may write there" : "";
    throw new InstallError("E_WRITE", `cannot write the kernelspec to ${dir}${hint || `: ${err.message}`}`);
  }
  return { dir, spec };
}

export async function main(args: string[]): Promise<number> {
  try {
    const options = parseInstallArgs(args);
    if (!options) {
      console.log(USAGE);
      return 0;
    }
    const { dir, spec } = install(options);
    console.log(`Installed kernelspec ${options.name} ("${spec.display_name}") in ${dir}`);
    if (options.scope.kind === "prefix") {
      console.log(`Jupyter finds it when JUPYTER_PATH includes ${join(options.scope.dir, "share", "jupyter")}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof InstallError) {
      const help = e.code === "E_USAGE" ? " (see d2l-ts install --help)" : "";
      console.error(`d2l-ts install: ${e.message}${help}`);
      return e.code === "E_USAGE" || e.code === "E_BAD_NAME" ? 2 : 1;
    }
    throw e;
  }
}
