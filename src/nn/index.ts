/**
 * Gluon-style layers with deferred initialization: define a network without input sizes,
 * `initialize()` it, and the first batch fixes every parameter shape.
 */
export { Block, type ShapeReport } from "./block.js";
export { Sequential } from "./sequential.js";
export { Dense, type DenseOptions } from "./dense.js";
export { Conv2D, type Conv2DOptions } from "./conv2d.js";
export { MaxPool2D, AvgPool2D, type PoolOptions } from "./pool.js";
export { BatchNorm, type BatchNormOptions } from "./batchnorm.js";
export { Activation, ACTIVATIONS, type ActivationName } from "./activation.js";
export { Dropout } from "./dropout.js";
export { Flatten } from "./flatten.js";
export { Parameter, type ParameterOptions, type ParamDType } from "./parameter.js";
export { ParameterDict } from "./parameter-dict.js";
export { Summary } from "./summary.js";
export { ShapeContext, type LayerShapes } from "./shape-context.js";
export type { InitializeOptions } from "./initialize.js";
export * from "./errors.js";
export { grad, Gradients, SGD } from "./gradients.js";
