/**
 * d2l-ts: a neural-network library whose layers initialize their parameters lazily
 * (Dive into Deep Learning, "Deferred Initialization"), over tfjs-core tensors.
 *
 * ```ts
 * import { nn, np } from "d2l-ts";
 * const net = new nn.Sequential().add(new nn.Dense(256, { activation: "relu" }), new nn.Dense(10));
 * net.initialize();                               // shapes still unknown: parameters are "deferred"
 * net.forward(np.random.uniform(0, 1, [2, 20]));  // first batch fixes (256, 20) and (10, 256)
 * ```
 * Importing this module picks the tensor backend (see `backend()`).
 */
import { tf } from "./tensor/tf.js";
import { ready } from "./tensor/backend.js";
import { installTensorDisplay } from "./tensor/display.js";
import { installHostValues } from "./tensor/host-values.js";
import "./nn/display.js";

await ready;
installTensorDisplay();
installHostValues();

/** tfjs-core: every tensor op (tf.matMul, tf.tidy, tf.grad, tf.memory, ...). */
export { tf };
/** Layers, networks, parameters and their errors (Gluon style). */
export * as nn from "./nn/index.js";
/** Initializers: init.Uniform, init.Normal, init.Constant, init.Zeros, init.Xavier, init.Custom. */
export * as init from "./init/index.js";
/** Keras-style face over the same core: keras.Sequential([...]), keras.layers.Dense(...). */
export * as keras from "./keras/index.js";
/**
 * numpy's everyday surface over tfjs tensors: np.array, np.arange, np.add, np.sum(X, axis, keepdims),
 * np.dot, np.linalg.norm, np.random.uniform/normal/randint/seed, ... (README "np and npx").
 */
export { np } from "./tensor/np.js";
/** MXNet's npx operators: npx.relu, npx.sigmoid, npx.softmax, npx.logSoftmax, ... */
export { npx } from "./tensor/np.js";
export { NpError, type NpErrorCode } from "./tensor/np/errors.js";
export { backend, backendNote, type BackendName } from "./tensor/backend.js";
export { tensorRecord } from "./tensor/display.js";
export { ItemError, type NestedList } from "./tensor/host-values.js";
export {
  NnError,
  DeferredInitializationError,
  NotInitializedError,
  ShapeMismatchError,
  ShapeInferenceError,
  ParameterValueError,
} from "./nn/errors.js";
export type { Block, Sequential, Dense, Parameter, ParameterDict, Summary, ShapeReport, InitializeOptions } from "./nn/index.js";
export type { Initializer } from "./init/index.js";
export type { Tensor } from "@tensorflow/tfjs-core";
/** Language of the fixed words in tables, graphs and summaries: setDisplayLanguage("vi"). */
export { setDisplayLanguage, displayLanguage, type DisplayLanguage } from "./display/lang.js";
export { JUPYTER_DISPLAY, isDisplayable, type MimeBundle, type Displayable } from "./display/mime.js";
export type { ParamRow, LayerNode, SummaryRow, ParamState } from "./display/model.js";
