/**
 * Typed errors of file input/output. Each names the file (and the parameter, when there is one)
 * and says what to do next; none of them leaves a parameter or a file half-changed.
 */
import { CodedError } from "../errors.js";

/** Base class of the io errors. */
export class IoError extends CodedError {}

/** The file is not a NumPy `.npy`/`.npz` file, is truncated, or holds something we cannot read. */
export class FileFormatError extends IoError {
  readonly file: string;
  constructor(file: string, problem: string, hint = "Write the file again (np.save / npx.save / net.saveParameters) or check that it is the file you meant.") {
    super("E_FILE_FORMAT", `${file}: ${problem}. ${hint}`);
    this.file = file;
  }
}

/** Parameters of the network have no value in the file. */
export class MissingParametersError extends IoError {
  readonly file: string;
  readonly missing: readonly string[];
  constructor(file: string, missing: readonly string[], known: readonly string[]) {
    super(
      "E_MISSING_PARAMETERS",
      `${file} has no value for ${missing.length} parameter(s) of the network: ${missing.join(", ")}. ` +
        `The file holds: ${known.join(", ") || "(nothing)"}. Load a file saved from the same architecture, ` +
        `or pass { allowMissing: true } to keep those parameters as they are. Nothing was loaded.`,
    );
    this.file = file;
    this.missing = missing;
  }
}

/** The file holds values for names the network does not have. */
export class UnexpectedParametersError extends IoError {
  readonly file: string;
  readonly unexpected: readonly string[];
  constructor(file: string, unexpected: readonly string[], known: readonly string[]) {
    super(
      "E_UNEXPECTED_PARAMETERS",
      `${file} holds ${unexpected.length} name(s) the network does not have: ${unexpected.join(", ")}. ` +
        `The network's parameters are: ${known.join(", ") || "(none)"}. Pass { ignoreExtra: true } to skip them. Nothing was loaded.`,
    );
    this.file = file;
    this.unexpected = unexpected;
  }
}

/** A value in the file does not fit the parameter's (partly) known shape. */
export class ParameterShapeError extends IoError {
  readonly file: string;
  readonly parameter: string;
  readonly expected: readonly number[];
  readonly got: readonly number[];
  constructor(file: string, parameter: string, expected: readonly number[], got: readonly number[]) {
    super(
      "E_PARAMETER_SHAPE",
      `${file}: parameter "${parameter}" has shape ${fmt(expected)} in the network but ${fmt(got)} in the file ` +
        `(-1 = not known yet). The file was saved from a different architecture; build the network it was saved from. Nothing was loaded.`,
    );
    this.file = file;
    this.parameter = parameter;
    this.expected = expected;
    this.got = got;
  }
}

function fmt(s: readonly number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}
