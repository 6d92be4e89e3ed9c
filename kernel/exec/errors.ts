/**
 * Errors the executor raises into user code. Each has a `code` and says what to do next.
 * Their `name` is what the frontend shows as `ename`.
 */

/**
 * The running cell was interrupted (Kernel > Interrupt, or SIGINT). Named "KeyboardInterrupt"
 * like ipykernel's, which Jupyter frontends and nbclient already recognise.
 */
export class InterruptedError extends Error {
  readonly code = "EXEC_INTERRUPTED";
  constructor() {
    super("the cell was interrupted (Kernel > Interrupt); variables defined by earlier cells are kept");
    this.name = "KeyboardInterrupt";
  }
}

/** `process.exit()` inside a cell would kill the kernel without telling the frontend. */
export class ProcessExitError extends Error {
  readonly code = "EXEC_PROCESS_EXIT";
  constructor(exitCode: unknown) {
    super(
      `process.exit(${exitCode === undefined ? "" : String(exitCode)}) is disabled in the d2l-ts kernel: it would kill the kernel ` +
        "behind the notebook's back. Use Kernel > Restart (or Shutdown) in the notebook's menu instead; " +
        "to stop a cell early, throw an error or return.",
    );
    this.name = "ProcessExitError";
  }
}

/** `input()` / `prompt()` when the frontend did not offer stdin, or after the cell finished. */
export class StdinNotAllowedError extends Error {
  readonly code = "EXEC_STDIN_NOT_ALLOWED";
  constructor(reason: "not-allowed" | "finished" | "no-cell") {
    const why =
      reason === "not-allowed"
        ? "this frontend did not allow stdin for the request (allow_stdin=false, as in nbconvert/nbclient runs)"
        : reason === "finished"
          ? "its cell has already finished, so no frontend is waiting to answer"
          : "no cell is running";
    super(`input() cannot ask for a value: ${why}. Set the value in code instead, or run the cell from Notebook, Lab or jupyter console.`);
    this.name = "StdinNotAllowedError";
  }
}

/** The d2l-ts library could not be preloaded; plain TypeScript cells still run. */
export class LibraryLoadError extends Error {
  readonly code = "EXEC_LIBRARY_LOAD";
  constructor(url: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`the d2l-ts library (${url}) could not be preloaded: ${why}. Build it with \`npm run build\` (or reinstall d2l-ts), then restart the kernel.`, { cause });
    this.name = "LibraryLoadError";
  }
}

/** A kernel function (display, input, comms) used outside a running d2l-ts kernel. */
export class NoKernelError extends Error {
  readonly code = "EXEC_NO_KERNEL";
  constructor(what: string) {
    super(`${what} needs the d2l-ts kernel; it is only available inside a notebook cell run by d2l-ts.`);
    this.name = "NoKernelError";
  }
}

/** A bare import that no node_modules above the notebook (or d2l-ts itself) provides. */
export class ModuleNotFoundError extends Error {
  readonly code = "EXEC_MODULE_NOT_FOUND";
  constructor(specifier: string, cwd: string, detail?: string) {
    super(
      `cannot find module '${specifier}' from the notebook directory ${cwd}${detail ? ` (${detail})` : ""}. ` +
        `Install it there with \`npm install ${packageNameOf(specifier)}\`, then run the cell again.`,
    );
    this.name = "ModuleNotFoundError";
  }
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}
