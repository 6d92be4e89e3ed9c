/**
 * What `collectParams()` returns: parameters keyed by unique structural names, each listed once
 * even when layers share it.
 */
import { inspect } from "node:util";
import type { tf } from "../tensor/tf.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import type { ParamRow } from "../display/model.js";
import type { Initializer, InitLike } from "../init/initializer.js";
import { hooks } from "./display-hooks.js";
import { initializeParams } from "./initialize.js";
import type { Parameter } from "./parameter.js";

export class ParameterDict implements Iterable<Parameter> {
  readonly #byName = new Map<string, Parameter>();
  /** Title shown above the table, e.g. "Sequential parameters". */
  readonly title: string;
  readonly #getConstant: ((name: string, value: tf.Tensor) => Parameter) | null;

  /** @param params parameters, or [name, parameter] pairs when names differ from `param.name` */
  constructor(
    params: Iterable<Parameter | readonly [string, Parameter]>,
    opts: { title?: string; getConstant?: (name: string, value: tf.Tensor) => Parameter } = {},
  ) {
    this.title = opts.title ?? "Parameters";
    this.#getConstant = opts.getConstant ?? null;
    for (const item of params) {
      const [name, p] = Array.isArray(item) ? (item as readonly [string, Parameter]) : [(item as Parameter).name, item as Parameter];
      let key = name;
      // A parameter borrowed from a layer outside this network could collide with a local name.
      for (let i = 2; this.#byName.has(key); i++) key = `${name}#${i}`;
      this.#byName.set(key, p);
    }
  }

  /** Number of distinct parameters. */
  get size(): number {
    return this.#byName.size;
  }

  /** The parameter with this unique name; throws a RangeError listing the names otherwise. */
  get(name: string): Parameter {
    const p = this.#byName.get(name);
    if (!p) throw new RangeError(`No parameter named "${name}". Known: ${[...this.#byName.keys()].join(", ") || "(none)"}`);
    return p;
  }

  /**
   * Gluon's `params.get_constant`: the block's constant parameter `name`, created with `value` on
   * the first call (a fixed tensor: no gradient, untouched by initialize()). Only on `block.params`.
   */
  getConstant(name: string, value: tf.Tensor): Parameter {
    if (!this.#getConstant) throw new TypeError(`getConstant("${name}"): only a block's own parameters (this.params) can add constants`);
    return this.#getConstant(name, value);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  keys(): IterableIterator<string> {
    return this.#byName.keys();
  }

  entries(): IterableIterator<[string, Parameter]> {
    return this.#byName.entries();
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return this.#byName.values();
  }

  /**
   * Registers an initializer on these parameters only (see Block.initialize).
   * @param opts.init initializer for parameters without their own (default Uniform(-0.07, 0.07))
   * @param opts.forceReinit reinitialize parameters that already have an initializer or data
   */
  initialize(opts: { init?: Initializer | InitLike; forceReinit?: boolean } = {}): this {
    initializeParams([...this], opts);
    return this;
  }

  /** Plain records for the parameter table. */
  toParamRows(): ParamRow[] {
    return [...this.#byName].map(([name, p]) => p.toParamRow(name));
  }

  toString(): string {
    return hooks.paramTable(this.toParamRows(), { title: this.title })["text/plain"];
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return hooks.paramTable(this.toParamRows(), { title: this.title });
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
