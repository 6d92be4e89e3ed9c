/**
 * Errors of `d2l-ts run`. Each has a stable `code`, names the notebook (and cell) involved and
 * says what to do next, because the CLI prints the message as the whole explanation.
 */
import { CodedError } from "../../src/errors.js";

export class RunnerError extends CodedError {}

/** Bad command-line arguments; the CLI prints the usage after it. */
export class RunUsageError extends RunnerError {
  constructor(message: string) {
    super("E_RUN_USAGE", message);
  }
}

/** A path given on the command line does not exist or holds no notebook. */
export class NotebookNotFoundError extends RunnerError {
  readonly path: string;
  constructor(path: string, why: string) {
    super("E_NOTEBOOK_NOT_FOUND", `${path}: ${why}. Give .ipynb files or directories that contain some.`);
    this.path = path;
  }
}

/** The file is not a notebook the runner can execute. */
export class NotebookFormatError extends RunnerError {
  readonly file: string;
  constructor(file: string, why: string) {
    super("E_NOTEBOOK_FORMAT", `${file}: ${why}. Open it in Jupyter and save it again as nbformat 4.`);
    this.file = file;
  }
}
