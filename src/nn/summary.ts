import { inspect } from "node:util";
import { JUPYTER_DISPLAY, type MimeBundle } from "../display/mime.js";
import type { SummaryRow } from "../display/model.js";
import { hooks } from "./display-hooks.js";

/** What `net.summary(shape?)` returns: layer rows with output shapes and parameter counts. */
export class Summary {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
  /** Input shape the rows were computed for, or null when unknown. */
  readonly inputShape: readonly number[] | null;
  readonly note: string | undefined;

  constructor(opts: { title: string; rows: readonly SummaryRow[]; inputShape: readonly number[] | null; note?: string }) {
    this.title = opts.title;
    this.rows = opts.rows;
    this.inputShape = opts.inputShape;
    this.note = opts.note;
  }

  /** Total parameter count, or null while any layer's count is unknown. */
  get totalParams(): number | null {
    let n = 0;
    for (const r of this.rows) {
      if (r.params === null) return null;
      n += r.params;
    }
    return n;
  }

  toString(): string {
    return this[JUPYTER_DISPLAY]()["text/plain"];
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return hooks.summary(this.rows, { inputShape: this.inputShape, ...(this.note ? { note: this.note } : {}) });
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
