/**
 * Shape graphs reach the page as <img src="data:image/svg+xml;base64,..."> (the network's
 * text/html). The labels are drawn inside the image, so they are read back from the SVG the
 * image decodes, after checking that the browser could draw it.
 */
import type { Locator } from "playwright-core";

export interface GraphImage {
  /** The browser decoded the image (a broken SVG gives false, or a naturalWidth of 0). */
  decoded: boolean;
  naturalWidth: number;
  alt: string;
  /** Text of every <text> element of the SVG, in document order. */
  labels: string[];
}

export const GRAPH_IMAGE = 'img[src^="data:image/svg+xml"]';

export function readGraphImage(img: Locator): Promise<GraphImage> {
  return img.evaluate(async (el: HTMLImageElement) => {
    const decoded = await el.decode().then(() => true, () => false);
    const b64 = el.src.slice(el.src.indexOf(",") + 1);
    const svg = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    return { decoded, naturalWidth: el.naturalWidth, alt: el.alt, labels: [...doc.querySelectorAll("text")].map((t) => t.textContent ?? "") };
  });
}
