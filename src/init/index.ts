/** Initializers for `net.initialize({ init })` and per-layer `weightInit` / `biasInit`. */
export { Initializer, Uniform, Normal, Constant, Zeros, One, Xavier, Custom, fansOf, toInitializer } from "./initializer.js";
export type { Fans, InitFunction, InitLike, InitValue, XavierOptions } from "./initializer.js";
