#!/usr/bin/env node
/**
 * `npm run build`'s last step: the kernel's start-up graphs as one file each, next to the modules
 * they come from (so every `new URL(..., import.meta.url)` inside resolves as before):
 *
 *   dist/kernel/cli/kernel.bundle.js         `d2l-ts kernel` up to starting the io worker
 *   dist/kernel/server/io-worker.bundle.js   the io worker (sockets, heartbeat, compiler service)
 *   dist/kernel/compile/index.bundle.js      the cell compiler (TypeScript itself stays outside)
 *   dist/kernel/exec/index.bundle.js         the executor, with tslab.bundle.js sharing its chunk
 *
 * Node 20's ES module loader costs a few ms per module on this machine (more when it is busy):
 * ~25 modules per graph made the executor's import alone 70-110 ms, 10-20 ms bundled. npm
 * packages stay external. The kernel uses a bundle only while it is newer than the module it was
 * built from (kernel/bundled.ts), so a later `tsc` alone falls back to the plain modules.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = join(dirname(fileURLToPath(import.meta.url)), "../../dist/kernel");
const common = { bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", legalComments: "none", logLevel: "warning" };

for (const dir of ["cli", "server", "compile", "exec"]) {
  for (const f of readdirSync(join(dist, dir))) if (/\.bundle[.-]/.test(f)) rmSync(join(dist, dir, f));
}
const require = createRequire(import.meta.url);
const tsVersion = JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const vendor = join(dist, "../vendor");
mkdirSync(vendor, { recursive: true });
for (const f of readdirSync(vendor)) if (/^typescript-.*\.min\.cjs$/.test(f)) rmSync(join(vendor, f));
await Promise.all([
  build({ entryPoints: [require.resolve("typescript")], outfile: join(vendor, `typescript-${tsVersion}.min.cjs`), minify: true, format: "cjs", platform: "node", target: "node20", legalComments: "inline", logLevel: "warning" }),
  build({ ...common, entryPoints: [join(dist, "cli/kernel.js")], outfile: join(dist, "cli/kernel.bundle.js") }),
  build({ ...common, entryPoints: [join(dist, "server/io-worker.js")], outfile: join(dist, "server/io-worker.bundle.js") }),
  build({ ...common, entryPoints: [join(dist, "compile/index.js")], outfile: join(dist, "compile/index.bundle.js") }),
  // One chunk shared by both entries: a cell's `import "tslab"` must reach the executor's own
  // display and outbox, not a second copy of them.
  build({ ...common, entryPoints: [join(dist, "exec/index.js"), join(dist, "exec/tslab.js")], outdir: join(dist, "exec"), splitting: true, entryNames: "[name].bundle", chunkNames: "shared.bundle-[hash]" }),
]);
process.stdout.write(`bundled the kernel's start-up, io worker, cell compiler and executor into dist/kernel/*/*.bundle.js; minified TypeScript ${tsVersion} into dist/vendor\n`);
