/**
 * Typed errors of the nn library. Each carries a stable `code` for programs and a message for
 * people that names the layer or parameter involved and says what to do next.
 */
import { CodedError } from "../errors.js";

/** Base class: `code` is stable, `message` is for people. */
export class NnError extends CodedError {}

/** A parameter's shape is not known yet because no batch has passed through the network. */
export class DeferredInitializationError extends NnError {
  readonly parameter: string;
  constructor(parameter: string, shape: readonly number[]) {
    super(
      "E_DEFERRED_INIT",
      `Parameter "${parameter}" has not been initialized yet because its shape ${fmtShape(shape)} is still unknown ` +
        `(deferred initialization). Pass one batch through the network (net.forward(X)), ` +
        `or give the layer its input size (e.g. { inUnits: 20 } / { inChannels: 3 }).`,
    );
    this.parameter = parameter;
  }
}

/** A parameter was used before `initialize()` registered an initializer for it. */
export class NotInitializedError extends NnError {
  readonly parameter: string;
  constructor(parameter: string) {
    super(
      "E_NOT_INITIALIZED",
      `Parameter "${parameter}" has not been initialized. Call net.initialize() first ` +
        `(optionally net.initialize({ init: new init.Xavier() })).`,
    );
    this.parameter = parameter;
  }
}

/**
 * The shape entering a layer does not fit the layer (or its already fixed parameters).
 * A RangeError (the input is out of the layer's range), with the same `code` convention.
 */
export class ShapeMismatchError extends RangeError {
  readonly code = "E_SHAPE_MISMATCH";
  readonly layer: string;
  readonly expected: string;
  readonly got: readonly number[];
  constructor(opts: { layer: string; expected: string; got: readonly number[]; hint: string }) {
    super(`${opts.layer}: expected input of shape ${opts.expected}, got ${fmtShape(opts.got)}. ${opts.hint}`);
    this.name = "ShapeMismatchError";
    this.layer = opts.layer;
    this.expected = opts.expected;
    this.got = opts.got;
  }
}

/** A custom block has no pure shape function, so shapes cannot be inferred without data. */
export class ShapeInferenceError extends NnError {
  readonly layer: string;
  constructor(layer: string, why: string) {
    super("E_SHAPE_INFERENCE", `${layer}: cannot infer shapes without data: ${why}`);
    this.layer = layer;
  }
}

/** Formats a shape as numpy does: (2, 20), with -1 for unknown dimensions. */
export function fmtShape(shape: readonly number[] | null): string {
  if (shape === null) return "(?)";
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * A new value for a parameter (`setData`, `update`, `setAt`) does not fit it: wrong shape, a dtype
 * it cannot take without losing values, an index outside it, or an update that returned no tensor.
 * A RangeError, as ShapeMismatchError; `code` says which.
 */
export class ParameterValueError extends RangeError {
  readonly code: "E_PARAM_SHAPE" | "E_PARAM_DTYPE" | "E_PARAM_INDEX" | "E_PARAM_UPDATE";
  readonly parameter: string;
  constructor(code: ParameterValueError["code"], parameter: string, message: string) {
    super(`Parameter "${parameter}": ${message}`);
    this.name = "ParameterValueError";
    this.code = code;
    this.parameter = parameter;
  }
}
