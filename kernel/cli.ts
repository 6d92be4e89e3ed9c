#!/usr/bin/env node
/**
 * `d2l-ts <command>`: each command lives in its own module under kernel/cli/ and is loaded on
 * demand, so `d2l-ts kernel` pays nothing for the runner and the installer.
 */
import { bundledOr } from "./bundled.js";

const commands: Record<string, { summary: string; load: () => Promise<{ main(args: string[]): Promise<number> }> }> = {
  // The kernel's start-up path as one file where the build made one (kernel/bundled.ts).
  kernel: { summary: "start the kernel: d2l-ts kernel --connection-file FILE [--log-level LEVEL]", load: () => import(bundledOr(new URL("./cli/kernel.js", import.meta.url))) },
  install: { summary: "install the kernelspec: d2l-ts install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name TEXT]", load: () => import("./cli/install.js") },
  run: { summary: "execute notebooks: d2l-ts run [paths...] [--out DIR] [--timeout S]", load: () => import("./cli/run.js") },
};

function usage(): string {
  return ["usage: d2l-ts <command> [options]", "", ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(8)} ${c.summary}`)].join("\n");
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h") {
  console.log(usage());
  process.exit(name ? 0 : 2);
}
const command = commands[name];
if (!command) {
  console.error(`d2l-ts: unknown command '${name}'\n${usage()}`);
  process.exit(2);
}
const mod = await command.load();
process.exitCode = await mod.main(rest);
