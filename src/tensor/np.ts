/**
 * `np` and `npx` as namespaces; the functions live in ./np/ (one file per family). This file
 * keeps `import { np } from "../tensor/np.js"` working for the rest of the library.
 */
export * as np from "./np/index.js";
export * as npx from "./np/npx.js";
export type { ShapeLike } from "./np/args.js";
