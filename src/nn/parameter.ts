/**
 * A parameter whose shape may be partly unknown (-1) until the first batch arrives.
 * Its state is a tagged union so that "has an initializer but no shape" cannot be confused
 * with "has data".
 */
import { tf } from "../tensor/tf.js";
import { inspect } from "node:util";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import type { ParamRow, ParamState } from "../display/model.js";
import { fansOf, roleOf, type InitDesc, type Initializer, type ParamRole } from "../init/initializer.js";
import { hooks } from "./display-hooks.js";
import { tr } from "../display/lang.js";
import { DeferredInitializationError, NotInitializedError, ParameterValueError, fmtShape } from "./errors.js";

/** Dtypes a parameter can hold. */
export type ParamDType = "float32" | "int32" | "bool";

type State =
  | { kind: "never-initialized" }
  | { kind: "constant"; value: tf.Variable }
  | { kind: "deferred"; init: Initializer }
  | { kind: "ready"; init: Initializer | null; value: tf.Variable };

/** Anything that gives a parameter its structural path ("0", "trunk.1"). */
export interface ParamOwner {
  readonly path: string;
}

/** Counts state changes anywhere, so blocks can cache "all my parameters are ready". */
export let paramGeneration = 0;

export interface ParameterOptions {
  /** Initializer that wins over the one given to `initialize()` (e.g. Zeros for biases). */
  init?: Initializer | null;
  /** False for running statistics: excluded from gradients. */
  trainable?: boolean;
  /** float32 (default); int32 or bool for non-trainable state such as counters or masks. */
  dtype?: ParamDType;
  /** How a role-dispatching initializer treats it; default from the name ("weight", "bias", ...). */
  role?: ParamRole;
}

export class Parameter {
  /** Name inside its layer ("weight", "bias"). */
  readonly localName: string;
  readonly dtype: ParamDType;
  readonly trainable: boolean;
  /** Per-parameter initializer set by the layer (`weightInit`, `biasInit`), or null. */
  readonly defaultInit: Initializer | null;
  /** What the parameter is for ("weight", "bias", "gamma", ...): initializers dispatch on it. */
  readonly role: ParamRole;
  #shape: number[];
  #grad: tf.Tensor | null = null;
  #state: State = { kind: "never-initialized" };
  #owner: ParamOwner | null = null;

  constructor(localName: string, shape: readonly number[], opts: ParameterOptions = {}) {
    this.localName = localName;
    this.#shape = [...shape];
    this.dtype = opts.dtype ?? "float32";
    this.trainable = opts.trainable ?? true;
    this.defaultInit = opts.init ?? null;
    this.role = opts.role ?? roleOf(localName);
  }

  /**
   * A constant parameter (Gluon's `params.get_constant`): a fixed value, never trained, never
   * touched by `initialize()` (not even with forceReinit), listed with state "constant".
   */
  static constant(localName: string, value: tf.Tensor): Parameter {
    if (!(value instanceof tf.Tensor)) throw new TypeError(`constant "${localName}": expected a tensor (e.g. np.random.uniform(0, 1, [20, 20])), got ${typeof value}`);
    const p = new Parameter(localName, value.shape, { trainable: false, role: "other" });
    p.#state = { kind: "constant", value: tf.variable(tf.cast(value, "float32"), false) };
    paramGeneration++;
    return p;
  }

  /** True for parameters made by `Parameter.constant` / `params.getConstant`. */
  get isConstant(): boolean {
    return this.#state.kind === "constant";
  }

  /** @internal called by the owning layer */
  attach(owner: ParamOwner): void {
    this.#owner ??= owner;
  }

  /** Unique structural name in the network, e.g. "0.weight" or "trunk.1.bias". */
  get name(): string {
    const p = this.#owner?.path ?? "";
    return p ? `${p}.${this.localName}` : this.localName;
  }

  /** Shape with -1 for dimensions not known yet. */
  get shape(): readonly number[] {
    return this.#shape;
  }

  /** "never-initialized" (no initialize() yet), "deferred" (initializer waiting for a shape) or "ready". */
  get state(): ParamState {
    return this.#state.kind;
  }

  /** The registered initializer (null before initialize(), for constants, or after setData()). */
  get initializer(): Initializer | null {
    const s = this.#state;
    return s.kind === "never-initialized" || s.kind === "constant" ? null : s.init;
  }

  /** True when no dimension is -1. */
  get shapeKnown(): boolean {
    return this.#shape.every((d) => d >= 0);
  }

  /** Number of elements, or null while the shape has unknown dimensions. */
  get size(): number | null {
    return this.shapeKnown ? this.#shape.reduce((a, b) => a * b, 1) : null;
  }

  /**
   * The value. Throws DeferredInitializationError while the shape is unknown and
   * NotInitializedError before initialize().
   */
  data(): tf.Variable {
    const s = this.#state;
    if (s.kind === "ready" || s.kind === "constant") return s.value;
    if (s.kind === "deferred") throw new DeferredInitializationError(this.name, this.#shape);
    throw new NotInitializedError(this.name);
  }

  /**
   * The gradient of the last `nn.grad(...)` that reached this parameter; zeros (of the
   * parameter's shape) until then, as in Gluon. Throws like data() before the shape is known.
   */
  grad(): tf.Tensor {
    if (this.#state.kind === "constant") throw new RangeError(`Parameter "${this.name}" is a constant: it has no gradient`);
    const v = this.data();
    return this.#grad ?? tf.zerosLike(v);
  }

  /** @internal stores the gradient of one backward pass (keeps its own copy). */
  setGrad(g: tf.Tensor): void {
    const kept = tf.keep(tf.clone(g));
    this.#grad?.dispose();
    this.#grad = kept;
  }

  /**
   * Initializes this parameter alone (Gluon's `param.initialize`). An `init` given here wins over
   * the layer's own (e.g. Xavier for one weight); without it the layer's own or the default.
   */
  initialize(opts: { init?: Initializer; forceReinit?: boolean } = {}): this {
    if (this.isConstant) return this;
    const init = opts.init ?? this.defaultInit ?? this.initializer;
    if (!init) throw new TypeError(`Parameter "${this.name}": initialize() needs { init } (no initializer registered yet)`);
    if (this.register(init, opts.forceReinit ?? false) === "skipped") {
      process.stderr.write(`Warning: parameter "${this.name}" is already initialized; ignoring initialize(). Pass { forceReinit: true } to reinitialize it.\n`);
    }
    return this;
  }

  /**
   * Replaces the value, like Gluon's `set_data` and Keras' `assign`: `w.setData(np.zeros([10, 20]))`.
   * The shape must match (dimensions still unknown, -1, take the value's); the dtype must be the
   * parameter's, or int32/bool into a float32 parameter (cast). A ready parameter keeps its
   * variable (optimizer state and every layer sharing it see the new value); `value` stays the
   * caller's.
   */
  setData(value: tf.Tensor): void {
    this.#refuseConstant("setData");
    this.#checkValue(value, "setData");
    const s = this.#state;
    if (s.kind === "ready" && s.value.shape.join() === value.shape.join()) {
      tf.tidy(() => s.value.assign(value.dtype === this.dtype ? value : tf.cast(value, this.dtype)));
      return;
    }
    this.#commit(value.shape, tf.tidy(() => tf.clone(tf.cast(value, this.dtype))), s.kind === "never-initialized" || s.kind === "constant" ? null : s.init);
  }

  /**
   * Replaces the value by `fn(value)`, the form of Gluon's `w.data()[:] += 1`:
   * `w.update((w) => w.add(1))`. `fn` runs inside `tf.tidy`, so its temporaries are freed; it must
   * return a tensor of the parameter's shape.
   */
  update(fn: (value: tf.Tensor) => tf.Tensor): void {
    this.#refuseConstant("update");
    const v = this.data();
    tf.tidy(() => {
      const next = fn(v) as unknown;
      if (!(next instanceof tf.Tensor)) {
        throw new ParameterValueError("E_PARAM_UPDATE", this.name, `update(fn): fn must return a tensor (e.g. (w) => w.add(1)), got ${next === null ? "null" : typeof next}`);
      }
      if (next === v) return;
      this.#checkValue(next, "update");
      v.assign(next.dtype === this.dtype ? next : tf.cast(next, this.dtype));
    });
  }

  /**
   * Sets one element, the form of Gluon's `w.data()[0, 0] = 42`: `w.setAt([0, 0], 42)`.
   * One index per dimension; negative indices count from the end, as in numpy.
   */
  setAt(index: readonly number[], value: number | boolean): void {
    this.#refuseConstant("setAt");
    const v = this.data();
    const shape = v.shape;
    const where = `setAt([${index.join(", ")}], ...)`;
    if (index.length !== shape.length) {
      throw new ParameterValueError("E_PARAM_INDEX", this.name, `${where} needs ${shape.length} indices for shape ${fmtShape(shape)}, got ${index.length}`);
    }
    let flat = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      const n = shape[axis]!;
      const i = index[axis]!;
      if (!Number.isInteger(i) || i < -n || i >= n) {
        throw new ParameterValueError("E_PARAM_INDEX", this.name, `${where}: index ${i} is out of range for axis ${axis} of size ${n} (shape ${fmtShape(shape)})`);
      }
      flat = flat * n + (i < 0 ? i + n : i);
    }
    if (typeof value !== "number" && typeof value !== "boolean") {
      throw new ParameterValueError("E_PARAM_UPDATE", this.name, `${where}: the value must be a number, got ${typeof value}`);
    }
    const values = v.dataSync().slice();
    values[flat] = Number(value);
    tf.tidy(() => v.assign(tf.tensor(values, shape, this.dtype)));
  }

  #refuseConstant(op: string): void {
    if (this.#state.kind === "constant") throw new TypeError(`Parameter "${this.name}" is a constant: ${op} cannot change its value`);
  }

  /** Shape (unknown dimensions match anything) and dtype of a new value. */
  #checkValue(value: tf.Tensor, op: string): void {
    const shape = this.#shape;
    if (value.rank !== shape.length || value.shape.some((d, i) => shape[i]! >= 0 && shape[i] !== d)) {
      throw new ParameterValueError("E_PARAM_SHAPE", this.name, `${op} got a value of shape ${fmtShape(value.shape)}, expected ${fmtShape(shape)}; reshape it first (value.reshape([${shape.join(", ")}]))`);
    }
    const castable = value.dtype === this.dtype || (this.dtype === "float32" && (value.dtype === "int32" || value.dtype === "bool"));
    if (!castable) {
      throw new ParameterValueError("E_PARAM_DTYPE", this.name, `${op} got a ${value.dtype} value for a ${this.dtype} parameter, which would lose values; convert it explicitly (value.cast("${this.dtype}"))`);
    }
  }

  /** @internal registers an initializer; initializes at once when the shape is known. */
  register(init: Initializer, force: boolean): "registered" | "skipped" | "constant" {
    const s = this.#state;
    if (s.kind === "constant") return "constant";
    if (s.kind !== "never-initialized" && !force) return "skipped";
    if (s.kind === "ready" || this.shapeKnown) {
      this.#commit(this.#shape, this.create(this.#shape, init), init);
    } else {
      this.#state = { kind: "deferred", init };
      paramGeneration++;
    }
    return "registered";
  }

  /** @internal runs the registered initializer for `shape` without touching this parameter. */
  create(shape: readonly number[], init?: Initializer): tf.Tensor {
    const i = init ?? this.initializer;
    if (!i) throw new NotInitializedError(this.name);
    const desc: InitDesc = { name: this.name, localName: this.localName, shape: [...shape], dtype: this.dtype, role: this.role, fans: fansOf(shape) };
    const t = tf.tidy(() => i.create(shape, desc.fans, desc));
    if (t.shape.join() !== shape.join()) {
      t.dispose();
      throw new RangeError(`Parameter "${this.name}": initializer ${i.describe()} returned shape ${fmtShape(t.shape)}, expected ${fmtShape(shape)}`);
    }
    return t;
  }

  /** @internal finishes deferred initialization with a value made by create(). */
  finish(shape: readonly number[], value: tf.Tensor): void {
    const s = this.#state;
    if (s.kind !== "deferred") throw new Error(`Parameter "${this.name}" is ${s.kind}, not deferred`);
    this.#commit(shape, value, s.init);
  }

  /** @internal undoes finish() when the forward pass that triggered it failed. */
  rollback(shapeBefore: readonly number[]): void {
    const s = this.#state;
    if (s.kind !== "ready" || !s.init) return;
    s.value.dispose();
    this.#shape = [...shapeBefore];
    this.#state = { kind: "deferred", init: s.init };
    paramGeneration++;
  }

  #commit(shape: readonly number[], value: tf.Tensor, init: Initializer | null): void {
    const old = this.#state.kind === "ready" ? this.#state.value : null;
    this.#grad?.dispose();
    this.#grad = null;
    const v = tf.variable(value, this.trainable, undefined, this.dtype);
    value.dispose();
    old?.dispose();
    this.#shape = [...shape];
    this.#state = { kind: "ready", init, value: v };
    paramGeneration++;
  }

  /** Plain record for the parameter table display. */
  toParamRow(name = this.name): ParamRow {
    const init = this.initializer;
    return { name, shape: [...this.#shape], dtype: this.dtype, state: this.state, size: this.size, init: init ? init.describe() : null };
  }

  toString(): string {
    return `Parameter ${this.name} (shape=${fmtShape(this.#shape)}, dtype=${this.dtype}, state=${this.state})`;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return hooks.paramTable([this.toParamRow()], { title: tr().parameterTitle(this.name) });
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
