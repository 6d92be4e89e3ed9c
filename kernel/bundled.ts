/**
 * Which file to load for one of the kernel's start-up graphs: the one-file bundle that
 * `npm run build` writes beside a module (kernel/build/bundle.mjs), or the module itself. The
 * bundle is used only while it is at least as new as the module, so a later `tsc` alone (which
 * rewrites every module) never runs stale code; D2L_TS_BUNDLES=0 turns bundles off.
 */
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function bundledOr(moduleUrl: string | URL): string {
  const url = new URL(moduleUrl);
  if (process.env.D2L_TS_BUNDLES === "0" || !url.pathname.endsWith(".js")) return url.href;
  const bundle = new URL(url.href.replace(/\.js$/, ".bundle.js"));
  try {
    if (statSync(fileURLToPath(bundle)).mtimeMs >= statSync(fileURLToPath(url)).mtimeMs) return bundle.href;
  } catch {
    // No bundle (a build by tsc alone) or no module: the module, which reports its own absence.
  }
  return url.href;
}
