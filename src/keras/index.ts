/** Keras-style face over the same deferred-initialization core. */
/** keras.layers.Dense / Flatten / Dropout, and Layer, the base of custom layers. */
import * as layers from "./layers.js";
export { layers };
export { Sequential, KerasSequential } from "./sequential.js";
export { KerasDense, type KerasDenseOptions, type KerasLayer } from "./layers.js";
export { Layer, type AddWeightOptions } from "./layer.js";
export { Model } from "./model.js";
import * as initializers from "./initializers.js";
export { initializers };
