/**
 * The kernels compared, as kernelspec-style argv lists, and the cells each one gets. The cells
 * are the same program in each language, so the figures compare kernels, not workloads.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const TS_CELLS = {
  trivial: "1 + 1",
  printing: "for (let i = 0; i < 1000; i++) console.log(i)",
  distinct: (i) => `${i} + 1`,
  completion: { code: "Math.ma", cursor: 7, expect: "max" },
};

/**
 * Deno's own binary from npm's per-platform package (`@deno/<platform>`, no install script), as
 * `bench/kernel/deno/package.json` pins it; null where it is not installed.
 */
export function denoBinary(root) {
  const libc = process.platform === "linux" ? "-glibc" : "";
  const file = join(root, "bench/kernel/deno/node_modules/@deno", `${process.platform}-${process.arch}${libc}`, process.platform === "win32" ? "deno.exe" : "deno");
  return existsSync(file) ? file : null;
}

export function kernelDefs(root) {
  const deno = denoBinary(root);
  return {
    "d2l-ts": {
      argv: [process.execPath, join(root, "dist/kernel/cli.js"), "kernel", "--connection-file", "{connection_file}"],
      // What `d2l-ts install` puts in kernel.json's env, as Jupyter would pass it.
      env: JSON.parse(readFileSync(join(root, "kernel/assets/kernelspec.json"), "utf8")).env ?? {},
      cwd: root,
      cells: TS_CELLS,
      missing: () => (existsSync(join(root, "dist/kernel/cli.js")) ? null : "dist/kernel/cli.js not built: run `npx tsc -p tsconfig.json`"),
    },
    tslab: {
      // What `tslab install` writes into its kernel.json, with the devDependency's binary.
      argv: [join(root, "node_modules/.bin/tslab"), "kernel", "--config-path", "{connection_file}"],
      cwd: root,
      cells: TS_CELLS,
      missing: () => (existsSync(join(root, "node_modules/.bin/tslab")) ? null : "node_modules/.bin/tslab missing: run `npm ci`"),
    },
    deno: {
      // What `deno jupyter --install` writes into its kernel.json.
      argv: [deno ?? "deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
      // A cache of its own, so a user's Deno cache neither helps nor hurts the figures.
      env: { DENO_DIR: join(root, "bench/kernel/deno/.deno-dir"), NO_COLOR: "1" },
      cwd: root,
      cells: TS_CELLS,
      missing: () => (deno ? null : "Deno is not installed for the bench: run `npm ci --prefix bench/kernel/deno` (pins Deno 2.9.6 from npm's @deno/<platform> packages)"),
    },
    ipykernel: {
      // Debian's Python: the python3 first on PATH may lack ipykernel.
      argv: ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
      cwd: root,
      cells: {
        trivial: "1 + 1",
        printing: "for i in range(1000): print(i)",
        distinct: (i) => `${i} + 1`,
        completion: { code: "import math; math.fa", cursor: 20, expect: "factorial" },
      },
      missing: () => (existsSync("/usr/bin/python3") ? null : "/usr/bin/python3 missing: apt-get install python3-ipykernel"),
    },
    // Runs nothing: the client's, ZeroMQ's and the machine's share of every figure.
    floor: {
      argv: [process.execPath, join(root, "bench/kernel/floor-kernel.mjs"), "{connection_file}"],
      cwd: root,
      cells: TS_CELLS,
      missing: () => (existsSync(join(root, "dist/kernel/wire/codec.js")) ? null : "dist/kernel/wire/codec.js not built: run `npx tsc -p tsconfig.json`"),
    },
  };
}
