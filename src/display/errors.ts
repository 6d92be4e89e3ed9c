import { CodedError } from "../errors.js";

/** Errors raised by the renderers when the records they are given are inconsistent. */
export class DisplayError extends CodedError {}

/** The tensor record's value count does not match the product of its shape. */
export class TensorRecordError extends DisplayError {
  constructor(shape: readonly number[], count: number) {
    super(
      "E_DISPLAY_TENSOR_SIZE",
      `Cannot display tensor: shape (${shape.join(", ")}) needs ${shape.reduce((a, b) => a * b, 1)} values ` +
        `but ${count} were given. Pass the tensor's dataSync() values together with its own shape.`,
    );
  }
}

/** Graphviz (viz-js) failed to lay out the network graph. */
export class GraphLayoutError extends DisplayError {
  constructor(network: string, detail: string) {
    super(
      "E_DISPLAY_GRAPH_LAYOUT",
      `Could not draw the shape graph of ${network}: ${detail}. ` +
        `The text/plain form is still available (networkText); please report the network that triggers this.`,
    );
  }
}
