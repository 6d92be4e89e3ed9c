/**
 * The display protocol shared by this library, the d2l-ts kernel and Deno's kernel:
 * an object with a method under `Symbol.for("Jupyter.display")` returns a MIME bundle.
 * A bundle always carries `text/plain` so consoles, CI logs and diffs have something to show.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

export interface MimeBundle {
  "text/plain": string;
  [mime: string]: unknown;
}

export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

export function isDisplayable(value: unknown): value is Displayable {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] === "function"
  );
}
