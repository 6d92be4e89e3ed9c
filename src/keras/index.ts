/** Keras-style face over the same deferred-initialization core. */
import * as layers from "./layers.js";
export { layers };
export { Sequential, KerasSequential } from "./sequential.js";
export { KerasDense, type KerasDenseOptions, type KerasLayer } from "./layers.js";
export { Model } from "./model.js";
import * as initializers from "./initializers.js";
export { initializers };
