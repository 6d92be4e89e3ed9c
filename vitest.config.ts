import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One tfjs-core in a test process: the library's bundled copy (vendor/tfjs/build.mjs), which has
    // the gradients and chained methods; `npm run build` writes it.
    // Exactly the package: its subpaths (e.g. /package.json) stay the package's own.
    alias: [{ find: /^@tensorflow\/tfjs-core$/, replacement: fileURLToPath(new URL("./dist/vendor/tfjs-core.mjs", import.meta.url)) }],
  },
  test: {
    include: ["src/**/*.test.ts", "kernel/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
