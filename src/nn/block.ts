/**
 * Block: the base of every layer and network. Holds child blocks and parameters, runs the
 * first-batch machinery (pure shape pass, then atomic initialization of deferred parameters),
 * and keeps intermediate tensors from leaking (every top-level call runs inside tf.tidy).
 *
 * Call a network with `net.forward(X)` or `net.call(X)` (TypeScript classes are not callable).
 * Custom blocks override `forward(x)` and keep their children in fields
 * (`hidden = new nn.Dense(256)`): a child block assigned to a field is registered under the
 * field's name when the tree is first used (no Proxy: it would break `#private` members), as
 * Gluon registers attributes. `this.registerChild(name, block)` registers under any name.
 * Call custom blocks through `call(X)` so the whole pass is one transaction.
 */
import { tf } from "../tensor/tf.js";
import { inspect } from "node:util";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import type { LayerNode, SummaryRow } from "../display/model.js";
import { hooks } from "./display-hooks.js";
import { tr } from "../display/lang.js";
import { NotInitializedError, ShapeInferenceError, ShapeMismatchError, fmtShape } from "./errors.js";
import { initializeParams, type InitializeOptions } from "./initialize.js";
import { Parameter, paramGeneration, type ParameterOptions } from "./parameter.js";
import { ParameterDict } from "./parameter-dict.js";
import { ShapeContext, type LayerShapes } from "./shape-context.js";
import { Summary } from "./summary.js";

/** Parameters finished during the current top-level call, undone if the call fails. */
interface Transaction {
  finished: { param: Parameter; shapeBefore: number[] }[];
}
let active: Transaction | null = null;

/**
 * What `at(i)` returns by default: a block with the weight and bias of Dense and Conv2D, so the
 * chapter's `net.at(0).weight.data()` and `rgnet.at(0).at(1).at(0).bias` type-check. It is a
 * convenience type: `bias` is null at run time for a layer made with `useBias: false`, and a
 * layer without weights has none; pass a type argument to be exact (`net.at<nn.Flatten>(0)`).
 */
export type WeightedLayer = Block & { readonly weight: Parameter; readonly bias: Parameter };

/** Result of `inferShapes`: the output shape and every layer call with its shapes. */
export interface ShapeReport {
  inShape: number[];
  outShape: number[];
  layers: LayerShapes[];
}

export abstract class Block {
  #parent: Block | null = null;
  #localName = "";
  readonly #children = new Map<string, Block>();
  readonly #params = new Map<string, Parameter>();
  /** Field names whose value is a child block this block adopted (so a reassigned field replaces it). */
  readonly #fieldChildren = new Set<string>();
  #readyGen = -1;
  #customForward = false;
  #checkedKey = "";
  /** Input shape of the last successful forward pass (used by displays). */
  lastInputShape: number[] | null = null;
  /** Output shape of the last forward pass through this block (used by displays of custom blocks). */
  lastOutputShape: number[] | null = null;
  /** Training mode (Dropout active, BatchNorm uses batch statistics); set with train()/eval(). */
  training = false;

  /** Structural path in the network that first adopted this block: "0", "trunk.1"; "" for a root. */
  get path(): string {
    if (!this.#parent) return "";
    const p = this.#parent.path;
    return p ? `${p}.${this.#localName}` : this.#localName;
  }

  /** Class name shown in displays and errors. */
  get type(): string {
    return this.constructor.name;
  }

  /** How errors name this layer: `Dense "0"`. */
  get ref(): string {
    return `${this.type} "${this.path || "(root)"}"`;
  }

  /** One-line description, e.g. "Dense(-1 -> 256, relu)". */
  describe(): string {
    return this.type;
  }

  /**
   * The i-th direct child (negative counts from the end): Gluon's `net[i]`. For a custom block,
   * children come in the order of its fields and registerChild calls.
   */
  at<B extends Block = WeightedLayer>(i: number): B {
    const kids = [...this.#kids().values()];
    const j = i < 0 ? kids.length + i : i;
    const b = kids[j];
    if (!Number.isInteger(i) || !b) throw new RangeError(`${this.ref}.at(${i}): index out of range for ${kids.length} child block${kids.length === 1 ? "" : "s"}`);
    return b as B;
  }

  /** Direct children by name, in registration order (fields adopted on first use). */
  get children(): ReadonlyMap<string, Block> {
    return this.#kids();
  }

  /**
   * Adopts child blocks held in own fields (in field order). Runs at every use of the tree, so a
   * field assigned late or reassigned is seen too; costs one pass over own fields.
   */
  #kids(): Map<string, Block> {
    for (const [key, value] of Object.entries(this)) {
      if (Array.isArray(value) && this.tracksContainers) {
        value.forEach((b, i) => {
          if (b instanceof Block && ![...this.#children.values()].includes(b) && !this.#isAncestor(b)) this.registerChild(`${key}_${i}`, b);
        });
        continue;
      }
      if (!(value instanceof Block)) continue;
      const current = this.#children.get(key);
      if (current === value) continue;
      if (current && this.#fieldChildren.has(key)) {
        this.#children.delete(key); // field reassigned: the new block replaces the old one
      } else if (current || [...this.#children.values()].includes(value) || this.#isAncestor(value)) {
        continue; // registered under another name already, or a back-reference up the tree
      }
      this.registerChild(key, value);
      this.#fieldChildren.add(key);
    }
    return this.#children;
  }

  #isAncestor(b: Block): boolean {
    for (let a: Block | null = this; a; a = a.#parent) if (a === b) return true;
    return false;
  }

  /** Keras models track blocks kept in array fields (as TensorFlow does); Gluon blocks do not. */
  protected get tracksContainers(): boolean {
    return false;
  }

  /**
   * Own fields that hold blocks inside a plain container (Array, Map, Set, object) which were
   * never registered: the library cannot see them, so their parameters are not initialized.
   */
  unregisteredContainers(): string[] {
    const known = new Set(this.#kids().values());
    const blocksIn = (v: unknown): Block[] => {
      const items = Array.isArray(v) ? v : v instanceof Map ? [...v.values()] : v instanceof Set ? [...v] : isPlainObject(v) ? Object.values(v) : [];
      return items.filter((x): x is Block => x instanceof Block);
    };
    return Object.entries(this)
      .filter(([, v]) => blocksIn(v).some((b) => !known.has(b)))
      .map(([k]) => k);
  }

  /** Parameters owned directly by this block, by local name. */
  get ownParams(): ReadonlyMap<string, Parameter> {
    return this.#params;
  }

  /** Adds a child under `name`; the first network to adopt a block names it. Returns the child. */
  registerChild<B extends Block>(name: string, block: B): B {
    if (!(block instanceof Block)) throw new TypeError(`${this.ref}: registerChild("${name}") expects an nn block, got ${String(block)}`);
    for (let b: Block | null = this; b; b = b.#parent) {
      if (b === block) throw new RangeError(`${this.ref}: adding ${block.ref} would make the network contain itself`);
    }
    if (this.#children.has(name)) throw new RangeError(`${this.ref}: a child named "${name}" already exists`);
    if (!/^[^.\s]+$/.test(name)) throw new RangeError(`${this.ref}: registerChild("${name}"): a child name must be non-empty without dots or spaces (dots join structural names)`);
    this.#children.set(name, block);
    if (!block.#parent) {
      block.#parent = this;
      block.#localName = name;
    }
    return block;
  }

  /** Creates a parameter owned by this block (shape may contain -1). */
  protected registerParam(localName: string, shape: readonly number[], opts: ParameterOptions = {}): Parameter {
    const p = new Parameter(localName, shape, opts);
    p.attach(this);
    this.#params.set(localName, p);
    return p;
  }

  /**
   * Makes this block use `other`'s parameter objects (same local names): parameter sharing.
   * `other` is a block or its `params` (Gluon's `Dense(8, params=shared.params)`).
   */
  shareParameters(other: Block | ParameterDict): this {
    const source = other instanceof Block ? [...other.#params] : [...other.entries()];
    const from = other instanceof Block ? other.ref : other.title;
    for (const [name, p] of source) {
      if (!this.#params.has(name)) throw new RangeError(`${this.ref}: cannot share "${name}" from ${from}: no parameter of that name here`);
      this.#params.set(name, p);
    }
    this.onParamsShared();
    return this;
  }

  /**
   * This block's own parameters (not its children's), by local name: Gluon's `net[1].params`.
   * `this.params.getConstant(name, value)` adds a constant parameter.
   */
  get params(): ParameterDict {
    return new ParameterDict([...this.#params], {
      title: tr().paramsOf(this.ref),
      getConstant: (name, value) => {
        const have = this.#params.get(name);
        if (have) {
          if (!have.isConstant) throw new RangeError(`${this.ref}: "${name}" is already a parameter that is not a constant`);
          return have;
        }
        const p = Parameter.constant(name, value);
        p.attach(this);
        this.#params.set(name, p);
        return p;
      },
    });
  }

  /** Layers keep typed fields (this.weight); they refresh them here after shareParameters. */
  protected onParamsShared(): void {}

  /** All distinct parameters of this block and its descendants, in definition order. */
  protected allParams(): Parameter[] {
    const seen = new Set<Parameter>();
    const visit = (b: Block) => {
      for (const p of b.#params.values()) seen.add(p);
      for (const c of b.#kids().values()) visit(c);
    };
    visit(this);
    return [...seen];
  }

  /**
   * Parameters of the network, each once, under unique names such as "0.weight".
   * @param select keep names matching this RegExp, or containing this string
   */
  collectParams(select?: RegExp | string): ParameterDict {
    const all = this.allParams();
    const prefix = this.path ? `${this.path}.` : "";
    const rel = (p: Parameter) => (prefix && p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name);
    const re = typeof select === "string" || select === undefined ? null : new RegExp(select.source, select.flags.replace("g", ""));
    const keep = all.filter((p) => select === undefined || (re ? re.test(rel(p)) : rel(p).includes(select as string)));
    // Names are relative to this block, as in Gluon: net.at(0).collectParams() has "weight".
    const named = keep.map((p): [string, Parameter] => [rel(p), p]);
    return new ParameterDict(named, { title: tr().paramsOf(this.type) });
  }

  /**
   * Registers initializers on all parameters. Parameters whose shapes are already known get their
   * values now; the others become "deferred" and are initialized by the first forward pass,
   * when the input shape fixes their shapes. Calling it again warns and changes nothing unless
   * `forceReinit` is true.
   *
   * @param opts.init initializer for parameters without their own (default `new init.Uniform(0.07)`);
   *   an `init.*` object or a function `(shape) => values`
   * @param opts.forceReinit reinitialize parameters that already have an initializer or data
   * @returns this, for chaining
   */
  initialize(opts: InitializeOptions = {}): this {
    const params = this.allParams();
    warnUnregistered(this);
    initializeParams(params, opts);
    return this;
  }

  /** Sets training mode here and in all descendants. */
  train(mode = true): this {
    this.training = mode;
    for (const c of this.#kids().values()) c.train(mode);
    return this;
  }

  /** Inference mode (same as train(false)). */
  eval(): this {
    return this.train(false);
  }

  /**
   * The pure shape step of this block: output shape for input `x`, recording resolved parameter
   * shapes in `ctx`. Built-in layers implement it; a custom block may override it so that
   * `inferShapes` and displays work without data.
   */
  shapeStep(x: readonly number[], ctx: ShapeContext): number[] {
    void x;
    void ctx;
    throw new ShapeInferenceError(this.ref, "it has a custom forward() and no shapeStep(); override shapeStep to enable shape inference");
  }

  /** @internal runs shapeStep and records the call (children call this, not shapeStep). */
  inferInto(x: readonly number[], ctx: ShapeContext): number[] {
    this.#kids();
    const out = this.shapeStep(x, ctx);
    const params: Record<string, number[]> = {};
    for (const [n, p] of this.#params) params[n] = [...ctx.shapeOf(p)];
    ctx.calls.push({ name: this.path, type: this.type, inShape: [...x], outShape: [...out], params, block: this });
    return out;
  }

  /**
   * Computes every layer's output shape and parameter shapes for an input of `inputShape`
   * (batch dimension first; -1 allowed for the batch) without allocating tensors or
   * initializing anything. Throws ShapeMismatchError naming the first layer that cannot take its input.
   */
  inferShapes(inputShape: readonly (number | null)[]): ShapeReport {
    const x = checkInputShape(this.ref, inputShape);
    const ctx = new ShapeContext();
    const out = this.inferInto(x, ctx);
    return { inShape: x, outShape: out, layers: ctx.calls };
  }

  /** @internal shape pass + atomic initialization of deferred parameters for input shape x. */
  materialize(x: readonly number[], tx: Transaction | null): boolean {
    const ctx = new ShapeContext();
    try {
      this.inferInto(x, ctx);
    } catch (e) {
      if (e instanceof ShapeInferenceError) return false; // custom block: its leaves initialize on the fly
      throw e;
    }
    const pending: Parameter[] = [];
    for (const [p, shape] of ctx.resolved) {
      if (p.state === "never-initialized") throw new NotInitializedError(p.name);
      if (p.state === "deferred") pending.push(p);
      else if (p.shape.join() !== shape.join()) throw new ShapeMismatchError({ layer: this.ref, expected: fmtShape(p.shape), got: shape, hint: `parameter "${p.name}" is fixed` });
    }
    const made: tf.Tensor[] = [];
    try {
      for (const p of pending) made.push(p.create(ctx.resolved.get(p)!));
    } catch (e) {
      for (const t of made) t.dispose();
      throw e;
    }
    pending.forEach((p, i) => {
      const shapeBefore = [...p.shape];
      p.finish(ctx.resolved.get(p)!, made[i]!);
      tx?.finished.push({ param: p, shapeBefore });
    });
    return true;
  }

  #needsPrepare(x: readonly number[]): boolean {
    return this.#readyGen !== paramGeneration || this.#checkedKey !== x.join(",");
  }

  #markPrepared(x: readonly number[]): void {
    if (this.allParams().every((p) => p.state === "ready")) {
      this.#readyGen = paramGeneration;
      this.#checkedKey = x.join(",");
    }
  }

  /**
   * The one entry of a forward pass: shape pass and deferred initialization (all or nothing) on
   * the outermost call, then `body` inside one tidy scope. keras.Model enters through it.
   */
  protected runPass(x: tf.Tensor, body: () => tf.Tensor): tf.Tensor {
    return this.#run(x, body);
  }

  #run(x: tf.Tensor, body: () => tf.Tensor): tf.Tensor {
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${this.ref}: forward expects a tf.Tensor (e.g. np.random.uniform(0, 1, [2, 20])), got ${typeof x}`);
    const prepare = () => {
      // A custom block without shapeStep never becomes inferable; its leaves prepare themselves.
      if (this.#customForward || !this.#needsPrepare(x.shape)) return;
      if (this.materialize(x.shape, active)) this.#markPrepared(x.shape);
      else this.#customForward = true;
    };
    const record = (out: tf.Tensor) => {
      this.lastInputShape = [...x.shape];
      this.lastOutputShape = out instanceof tf.Tensor ? [...out.shape] : null;
      return out;
    };
    if (active) {
      prepare();
      return record(body());
    }
    const tx: Transaction = { finished: [] };
    active = tx;
    try {
      prepare();
      return record(tf.tidy(body));
    } catch (e) {
      for (const f of tx.finished.reverse()) f.param.rollback(f.shapeBefore);
      throw e;
    } finally {
      active = null;
    }
  }

  /**
   * Runs the block on a batch. The first call infers all shapes, initializes deferred
   * parameters (all or none), then computes. Intermediate tensors are disposed; dispose the
   * result yourself (or call inside tf.tidy) in long loops.
   */
  forward(x: tf.Tensor): tf.Tensor {
    return this.#run(x, () => this.compute(x));
  }

  /** Same as forward(x); for custom blocks it makes the whole pass one transaction and one tidy scope. */
  call(x: tf.Tensor): tf.Tensor {
    return this.#run(x, () => this.forward(x));
  }

  /** The computation of a built-in layer; custom blocks override forward() instead. */
  protected compute(x: tf.Tensor): tf.Tensor {
    void x;
    throw new TypeError(`${this.ref}: a custom Block must override forward(x)`);
  }

  /** Plain tree for the network display; shapes from `inputShape` or the last forward pass. */
  toLayerTree(inputShape?: readonly (number | null)[]): LayerNode {
    const shape = inputShape ?? this.lastInputShape;
    let calls: LayerShapes[] = [];
    if (shape) {
      try {
        calls = this.inferShapes(shape).layers;
      } catch (e) {
        if (inputShape) throw e;
      }
    }
    const firstCall = new Map<object, LayerShapes>();
    for (const c of calls) if (!firstCall.has(c.block)) firstCall.set(c.block, c);
    return buildNode(this, firstCall);
  }

  /** Plain rows for the summary table (one per leaf-layer call, in call order). */
  toSummaryRows(inputShape?: readonly (number | null)[]): SummaryRow[] {
    const shape = inputShape ?? this.lastInputShape;
    const counted = new Set<Parameter>();
    const sizeOf = (b: Block) => {
      let n: number | null = 0;
      for (const p of b.#params.values()) {
        if (counted.has(p)) continue;
        counted.add(p);
        n = n === null || p.size === null ? null : n + p.size;
      }
      return n;
    };
    const leaves = (b: Block): Block[] => (b.#kids().size === 0 ? [b] : [...b.#children.values()].flatMap(leaves));
    // A custom forward has no shape pass: each leaf reports the shapes of its last call.
    const fromLastCall = () => leaves(this).map((b) => ({ name: b.path, type: b.type, outShape: shape ? b.lastOutputShape : null, params: sizeOf(b) }));
    if (!shape) return fromLastCall();
    let report: ShapeReport;
    try {
      report = this.inferShapes(shape);
    } catch (e) {
      if (e instanceof ShapeInferenceError && !inputShape) return fromLastCall();
      throw e;
    }
    return report.layers
      .filter((c) => (c.block as Block).#children.size === 0)
      .map((c) => {
        const b = c.block as Block;
        let n: number | null = 0;
        for (const [local, p] of b.#params) {
          if (counted.has(p)) continue;
          counted.add(p);
          n += c.params[local]!.reduce((a, d) => a * d, 1);
        }
        return { name: c.name, type: c.type, outShape: c.outShape, params: n };
      });
  }

  /** A displayable summary: one row per layer with output shape and parameter count. */
  summary(inputShape?: readonly (number | null)[]): Summary {
    const shape = inputShape ? checkInputShape(this.ref, inputShape) : this.lastInputShape;
    const rows = this.toSummaryRows(inputShape ? shape! : undefined);
    return new Summary({
      title: this.type,
      rows,
      inputShape: shape,
      note: shape ? undefined : tr().summaryHint,
    });
  }

  toString(): string {
    return hooks.networkText(this.toLayerTree());
  }

  /** Network graph (SVG when the renderer is loaded) with shapes of the last forward pass. */
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle> {
    return hooks.networkBundle(this.toLayerTree());
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function buildNode(b: Block, calls: Map<object, LayerShapes>): LayerNode {
  const c = calls.get(b);
  const kind = b.children.size === 0 ? "layer" : b.constructor.name === "Sequential" || isSequentialLike(b) ? "sequential" : "block";
  return {
    name: b.path,
    type: b.type,
    label: b.describe(),
    params: [...b.ownParams.values()].map((p) => {
      const row = p.toParamRow();
      const resolved = c?.params[p.localName];
      return resolved && p.state !== "ready" ? { ...row, shape: resolved, size: resolved.reduce((x, y) => x * y, 1) } : row;
    }),
    inShape: c ? c.inShape : calls.size === 0 ? b.lastInputShape : null,
    outShape: c ? c.outShape : calls.size === 0 ? b.lastOutputShape : null,
    children: [...b.children.values()].map((ch) => buildNode(ch, calls)),
    kind,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** MXNet's warning about containers it cannot see, once per field, at initialize(). */
function warnUnregistered(root: Block): void {
  const visit = (b: Block, seen: Set<Block>) => {
    if (seen.has(b)) return;
    seen.add(b);
    for (const field of b.unregisteredContainers()) {
      const v = (b as unknown as Record<string, unknown>)[field];
      const kind = Array.isArray(v) ? "an Array" : v instanceof Map ? "a Map" : v instanceof Set ? "a Set" : "a plain object";
      process.stderr.write(
        `Warning: ${b.ref} keeps blocks in field "${field}" (${kind}) that is an unregistered container: ` +
          `the blocks in it are not registered, so their parameters will not be initialized and collectParams() does not list them. ` +
          `Register each with this.registerChild(name, block), assign each to its own field, or use nn.Sequential.\n`,
      );
    }
    for (const c of b.children.values()) visit(c, seen);
  };
  visit(root, new Set());
}

function isSequentialLike(b: Block): boolean {
  return (b as { sequential?: boolean }).sequential === true;
}

function checkInputShape(ref: string, shape: readonly (number | null)[]): number[] {
  if (!Array.isArray(shape) || shape.length === 0) throw new TypeError(`${ref}: inputShape must be a non-empty array like [2, 20], got ${inspect(shape)}`);
  return shape.map((d, i) => {
    if (d === null || d === -1) {
      if (i === 0) return -1;
    } else if (Number.isInteger(d) && d > 0) return d;
    throw new RangeError(`${ref}: inputShape[${i}] must be a positive integer${i === 0 ? " (or null/-1 for the batch)" : ""}, got ${d}`);
  });
}

