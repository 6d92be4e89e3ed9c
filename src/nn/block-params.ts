/**
 * `block.params`: a custom block's own parameters, Gluon style. `this.params.get("weight",
 * [inUnits, units])` creates the parameter on first use and returns the same object afterwards;
 * shapes may hold -1 for sizes a shape function (`shapeStep`) resolves from the first batch.
 */
import { inspect } from "node:util";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import { toInitializer, type InitLike, type Initializer } from "../init/initializer.js";
import { fmtShape } from "./errors.js";
import type { Parameter, ParameterOptions } from "./parameter.js";
import { ParameterDict } from "./parameter-dict.js";

export interface ParamGetOptions {
  /** Initializer that wins over the one given to initialize(), e.g. init.Zeros for a bias. */
  init?: Initializer | InitLike;
  /** False for values training must not change (default true). */
  trainable?: boolean;
}

type Register = (name: string, shape: readonly number[], opts: ParameterOptions) => Parameter;

export class BlockParams {
  readonly #owner: { readonly ref: string; readonly type: string; readonly ownParams: ReadonlyMap<string, Parameter> };
  readonly #register: Register;

  /** @internal made by Block */
  constructor(owner: { readonly ref: string; readonly type: string; readonly ownParams: ReadonlyMap<string, Parameter> }, register: Register) {
    this.#owner = owner;
    this.#register = register;
  }

  /**
   * The parameter `name` of this block, created with `shape` (use -1 for sizes known only from
   * data) on the first call. Asking again with a different known shape is an error.
   */
  get(name: string, shape?: readonly number[], opts: ParamGetOptions = {}): Parameter {
    if (typeof name !== "string" || !/^[A-Za-z_][\w]*$/.test(name)) {
      throw new TypeError(`${this.#owner.ref}.params.get: the name must be an identifier such as "weight", got ${JSON.stringify(name)}`);
    }
    const have = this.#owner.ownParams.get(name);
    if (have) {
      if (shape && (shape.length !== have.shape.length || shape.some((d, i) => d >= 0 && have.shape[i]! >= 0 && d !== have.shape[i]))) {
        throw new RangeError(`${this.#owner.ref}: parameter "${name}" exists with shape ${fmtShape(have.shape)}, asked for ${fmtShape(shape)}`);
      }
      return have;
    }
    if (!shape) throw new RangeError(`${this.#owner.ref}.params.get("${name}"): a new parameter needs a shape, e.g. params.get("${name}", [20, 256])`);
    for (const d of shape) {
      if (!(Number.isInteger(d) && (d > 0 || d === -1))) throw new RangeError(`${this.#owner.ref}.params.get("${name}"): shape must hold positive integers or -1 (unknown), got ${fmtShape(shape)}`);
    }
    return this.#register(name, shape, {
      init: opts.init === undefined ? null : toInitializer(opts.init, `params.get("${name}") init`),
      ...(opts.trainable === undefined ? {} : { trainable: opts.trainable }),
    });
  }

  /** The block's own parameters as a displayable dictionary. */
  toDict(): ParameterDict {
    return new ParameterDict([...this.#owner.ownParams].map(([n, p]) => [n, p] as const), { title: `${this.#owner.type} parameters` });
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return this.toDict()[JUPYTER_DISPLAY]();
  }

  [inspect.custom](): string {
    return this.toDict().toString();
  }
}
