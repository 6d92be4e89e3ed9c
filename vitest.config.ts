import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const ALL = ["src/**/*.test.ts", "kernel/**/*.test.ts", "test/**/*.test.ts"];

export default defineConfig({
  resolve: {
    // One tfjs-core in a test process: the library's bundled copy (vendor/tfjs/build.mjs), which has
    // the gradients and chained methods; `npm run build` writes it.
    // Exactly the package: its subpaths (e.g. /package.json) stay the package's own.
    alias: [{ find: /^@tensorflow\/tfjs-core$/, replacement: fileURLToPath(new URL("./dist/vendor/tfjs-core.mjs", import.meta.url)) }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      // Everything, on the backend the library picks first (wasm).
      { extends: true, test: { name: "main", include: ALL } },
      // The nn and tensor suites again on the CPU fallback (used where wasm cannot load);
      // test/library/backends.test.ts compares the two backends' numbers directly.
      { extends: true, test: { name: "cpu", include: ["src/nn/**/*.test.ts", "src/tensor/**/*.test.ts"], env: { D2L_BACKEND: "cpu" } } },
    ],
  },
});
