/**
 * Errors of the `np` / `npx` functions. Each names the d2l-ts call (`np.add`), says what was wrong
 * in numpy's words where numpy has them, and what to do; `code` is stable for programs.
 */
import { CodedError } from "../../errors.js";

export type NpErrorCode =
  /** Operand shapes cannot be broadcast together (numpy's ValueError). */
  | "NP_BROADCAST"
  /** An argument has the wrong type (numpy's TypeError). */
  | "NP_ARG_TYPE"
  /** An axis is out of range or repeated (numpy's AxisError). */
  | "NP_AXIS"
  /** Shapes that must agree do not (reshape sizes, matmul core dimensions, concatenate). */
  | "NP_SHAPE"
  /** A value outside what the function accepts (negative size, high <= low, unknown ord). */
  | "NP_VALUE"
  /** An unsupported dtype for this function. */
  | "NP_DTYPE"
  /** tfjs rejected the call; the message says which np function was running. */
  | "NP_BACKEND";

export class NpError extends CodedError {
  declare readonly code: NpErrorCode;
  /** The d2l-ts function that failed, e.g. "np.add". */
  readonly fn: string;
  constructor(code: NpErrorCode, fn: string, message: string, options?: { cause?: unknown }) {
    super(code, `${fn}: ${message}`);
    this.fn = fn;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Shape in numpy's spelling: (2, 3), (4,), (). */
export function fmtShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
