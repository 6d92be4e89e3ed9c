/** Initializers for `net.initialize({ init })` and per-layer `weightInit` / `biasInit`. */
export { Initializer, Uniform, Normal, Constant, Zeros, One, Xavier, Custom, fansOf, toInitializer, roleOf } from "./initializer.js";
export type { Fans, InitFunction, InitLike, InitValue, XavierOptions, InitDesc, ParamRole } from "./initializer.js";
