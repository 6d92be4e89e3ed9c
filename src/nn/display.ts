/** Connects the nn classes to the renderers of src/display (loaded by the package entry). */
import { networkBundle, networkText } from "../display/network.js";
import { paramTableBundle } from "../display/param-table.js";
import { summaryBundle } from "../display/summary.js";
import { setDisplayHooks } from "./display-hooks.js";

setDisplayHooks({
  paramTable: (rows, opts) => paramTableBundle(rows, opts),
  networkText: (tree) => networkText(tree),
  networkBundle: (tree) => networkBundle(tree),
  summary: (rows, opts) => summaryBundle(rows, opts),
});
