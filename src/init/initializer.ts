/**
 * Initializers turn a (fully known) parameter shape into a tensor. They are registered on
 * parameters by `initialize()` and run later, when the shape becomes known.
 */
import { tf } from "../tensor/tf.js";
import { nextSeed } from "../tensor/random.js";

/** Fan-in/fan-out of a weight, for scaled initializers such as Xavier. */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** What a parameter is for; role-dispatching initializers (Gluon's) treat each role its own way. */
export type ParamRole = "weight" | "bias" | "gamma" | "beta" | "running_mean" | "running_var" | "other";

/** The role a parameter's name implies, as Gluon's initializers read name suffixes. */
export function roleOf(localName: string): ParamRole {
  const n = localName.toLowerCase();
  if (/(weight|kernel)$/.test(n)) return "weight";
  if (/bias$/.test(n)) return "bias";
  if (/gamma$/.test(n)) return "gamma";
  if (/beta$/.test(n)) return "beta";
  if (/(running|moving)_?mean$/.test(n)) return "running_mean";
  if (/(running|moving)_?var$/.test(n)) return "running_var";
  return "other";
}

/** Everything an initializer learns about the parameter it fills (Gluon's `InitDesc`). */
export interface InitDesc {
  /** Structural name in the network, e.g. "0.weight". */
  name: string;
  /** Name inside the layer, e.g. "weight". */
  localName: string;
  /** Fully known shape. */
  shape: readonly number[];
  dtype: "float32" | "int32" | "bool";
  role: ParamRole;
  fans: Fans;
}

/**
 * Base class of all initializers; `describe()` is the name shown in parameter tables.
 *
 * A custom initializer overrides `initWeight(desc, data)` and fills `data` (a Float32Array of
 * the parameter's size, row-major) in place. Other roles keep their rule: biases and betas
 * zeros, gammas ones (Gluon's `_init_bias`, `_init_gamma`, ...), unless overridden too.
 * Built-in initializers override `create` instead.
 */
export abstract class Initializer {
  /** Creates the initial value; `shape` has no -1 left. */
  create(shape: readonly number[], fans: Fans, desc?: InitDesc): tf.Tensor {
    const d: InitDesc = desc ?? { name: "", localName: "", shape, dtype: "float32", role: "weight", fans };
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    switch (d.role) {
      case "weight":
      case "other":
        this.initWeight(d, data);
        break;
      case "bias":
        this.initBias(d, data);
        break;
      case "gamma":
      case "running_var":
        data.fill(1);
        break;
      case "beta":
      case "running_mean":
        data.fill(0);
        break;
      default: {
        const never: never = d.role;
        throw new TypeError(`unknown parameter role ${String(never)}`);
      }
    }
    return tf.tensor(data, [...shape], "float32");
  }
  /** Fills a weight; a custom initializer overrides this (or `create`). */
  protected initWeight(desc: InitDesc, data: Float32Array): void {
    void data;
    throw new TypeError(`${this.describe()}: override initWeight(desc, data) to fill "${desc.name}" (or override create)`);
  }
  /** Fills a bias: zeros unless overridden. */
  protected initBias(desc: InitDesc, data: Float32Array): void {
    void desc;
    data.fill(0);
  }
  /** Human-readable description, e.g. "Uniform(-0.07, 0.07)"; default the class name. */
  describe(): string {
    return `${this.constructor.name}()`;
  }
  toString(): string {
    return this.describe();
  }
}

/** Default fans: weights laid out (out, in, ...kernel) as in Gluon's Dense and Conv2D. */
export function fansOf(shape: readonly number[]): Fans {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** U[-scale, scale] (Gluon's default for weights uses scale 0.07). */
export class Uniform extends Initializer {
  readonly low: number;
  readonly high: number;
  /** `new Uniform(0.07)` samples U[-0.07, 0.07]; `new Uniform({ low, high })` any interval. */
  constructor(scale: number | { low: number; high: number } = 0.07) {
    super();
    const { low, high } = typeof scale === "number" ? { low: -scale, high: scale } : scale;
    if (!(high > low)) throw new RangeError(`init.Uniform: high (${high}) must be greater than low (${low})`);
    this.low = low;
    this.high = high;
  }
  override create(shape: readonly number[]): tf.Tensor {
    return tf.randomUniform([...shape], this.low, this.high, "float32", nextSeed());
  }
  override describe(): string {
    return `Uniform(${this.low}, ${this.high})`;
  }
}

/** N(mean, sigma^2), default sigma 0.01 as in Gluon. */
export class Normal extends Initializer {
  readonly sigma: number;
  readonly mean: number;
  /** `new Normal(0.01)` or Gluon's keyword form `new Normal({ sigma: 0.01, mean: 0 })`. */
  constructor(sigma: number | { sigma?: number; mean?: number } = 0.01, opts: { mean?: number } = {}) {
    super();
    if (typeof sigma === "object") {
      opts = { mean: sigma.mean ?? 0 };
      sigma = sigma.sigma ?? 0.01;
    }
    if (!(sigma >= 0)) throw new RangeError(`init.Normal: sigma must be >= 0, got ${sigma}`);
    this.sigma = sigma;
    this.mean = opts.mean ?? 0;
  }
  override create(shape: readonly number[]): tf.Tensor {
    return tf.randomNormal([...shape], this.mean, this.sigma, "float32", nextSeed());
  }
  override describe(): string {
    return `Normal(${this.mean}, ${this.sigma})`;
  }
}

/** Every element equals `value`. */
export class Constant extends Initializer {
  readonly value: number;
  constructor(value: number) {
    super();
    if (!Number.isFinite(value)) throw new TypeError(`init.Constant: value must be a finite number, got ${value}`);
    this.value = value;
  }
  override create(shape: readonly number[]): tf.Tensor {
    return tf.fill([...shape], this.value, "float32");
  }
  override describe(): string {
    return `Constant(${this.value})`;
  }
}

/** All zeros (the default for biases). */
export class Zeros extends Constant {
  constructor() {
    super(0);
  }
  override describe(): string {
    return "Zeros()";
  }
}

/** All ones (the default for BatchNorm's gamma). */
export class One extends Constant {
  constructor() {
    super(1);
  }
  override describe(): string {
    return "One()";
  }
}

export type XavierOptions = {
  /** "uniform" (Glorot uniform, Keras' default) or "gaussian". */
  rndType?: "uniform" | "gaussian";
  /** Which fan scales the variance: "avg" (Glorot), "in" (LeCun/He) or "out". */
  factorType?: "avg" | "in" | "out";
  magnitude?: number;
};

/** Xavier/Glorot: variance magnitude / fan, fan from `factorType`. */
export class Xavier extends Initializer {
  readonly rndType: "uniform" | "gaussian";
  readonly factorType: "avg" | "in" | "out";
  readonly magnitude: number;
  constructor(opts: XavierOptions = {}) {
    super();
    this.rndType = opts.rndType ?? "uniform";
    this.factorType = opts.factorType ?? "avg";
    this.magnitude = opts.magnitude ?? 3;
    if (!(this.magnitude > 0)) throw new RangeError(`init.Xavier: magnitude must be > 0, got ${this.magnitude}`);
  }
  override create(shape: readonly number[], fans: Fans): tf.Tensor {
    const factor = this.factorType === "in" ? fans.fanIn : this.factorType === "out" ? fans.fanOut : (fans.fanIn + fans.fanOut) / 2;
    const scale = Math.sqrt(this.magnitude / factor);
    return this.rndType === "uniform"
      ? tf.randomUniform([...shape], -scale, scale, "float32", nextSeed())
      : tf.randomNormal([...shape], 0, scale, "float32", nextSeed());
  }
  override describe(): string {
    return `Xavier(${this.rndType}, ${this.factorType}, ${this.magnitude})`;
  }
}

/** What a custom initializer function may return. */
export type InitValue = tf.Tensor | number | ArrayLike<number>;
export type InitFunction = (shape: readonly number[], fans: Fans, desc: InitDesc) => InitValue;

/** Wraps a function `(shape, fans) => Tensor | number | array`, like a Gluon custom initializer. */
export class Custom extends Initializer {
  readonly fn: InitFunction;
  readonly label: string;
  constructor(fn: InitFunction, opts: { name?: string } = {}) {
    super();
    if (typeof fn !== "function") throw new TypeError(`init.Custom: expected a function, got ${typeof fn}`);
    this.fn = fn;
    this.label = opts.name ?? (fn.name || "custom");
  }
  override create(shape: readonly number[], fans: Fans, desc?: InitDesc): tf.Tensor {
    const v = this.fn(shape, fans, desc ?? { name: "", localName: "", shape, dtype: "float32", role: "other", fans });
    const size = shape.reduce((a, b) => a * b, 1);
    if (typeof v === "number") return tf.fill([...shape], v, "float32");
    if (v instanceof tf.Tensor) {
      if (v.size !== size) throw new RangeError(`init.Custom(${this.label}): returned ${v.size} values for shape (${shape.join(", ")}), which needs ${size}`);
      return v.shape.join() === shape.join() ? v : tf.reshape(v, [...shape]);
    }
    if (v.length !== size) throw new RangeError(`init.Custom(${this.label}): returned ${v.length} values for shape (${shape.join(", ")}), which needs ${size}`);
    return tf.tensor(Array.from(v), [...shape], "float32");
  }
  override describe(): string {
    return `Custom(${this.label})`;
  }
}

/** An initializer, or a plain function used as a custom one. */
export type InitLike = Initializer | InitFunction;

export function toInitializer(x: InitLike, what: string): Initializer {
  if (x instanceof Initializer) return x;
  if (typeof x === "function") return new Custom(x);
  throw new TypeError(`${what}: expected an init.* initializer or a function (shape) => values, got ${String(x)}`);
}
