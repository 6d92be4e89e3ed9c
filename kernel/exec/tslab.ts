/**
 * What `import * as tslab from "tslab"` gives a cell in this kernel: tslab's public API on top of
 * d2l-ts's display(), so notebooks written for tslab run unchanged.
 */
import { createRequire } from "node:module";
import { display as show, type DisplayHandle } from "./display.js";

export interface Display {
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

type Sink = (bundle: Record<string, unknown>) => void;

function makeDisplay(sink: Sink): Display {
  const one = (mime: string) => (data: string | Uint8Array) => sink({ [mime]: data });
  return {
    javascript: one("application/javascript"),
    html: one("text/html"),
    markdown: one("text/markdown"),
    latex: one("text/latex"),
    svg: one("image/svg+xml"),
    png: one("image/png"),
    jpeg: one("image/jpeg"),
    gif: one("image/gif"),
    pdf: one("application/pdf"),
    text: (s) => sink({ "text/plain": s }),
    raw: (contentType, b) => sink({ [contentType]: b }),
  };
}

/** Each call adds an output below the running cell. */
export const display: Display = makeDisplay((bundle) => {
  show(bundle);
});

/** A display that shows one output and replaces it on every later call. */
export function newDisplay(): Display {
  let handle: DisplayHandle | null = null;
  return makeDisplay((bundle) => {
    if (handle) handle.update(bundle);
    else handle = show(bundle);
  });
}

export function isBrowser(): boolean {
  return false;
}

export function isNode(): boolean {
  return true;
}

export const versions = {
  tslab: "d2l-ts compatibility shim",
  get typescript(): string {
    try {
      return (createRequire(import.meta.url)("typescript/package.json") as { version: string }).version;
    } catch {
      return "unknown";
    }
  },
  node: process.versions.node,
};
