/**
 * Which client drives the kernels. `shared` is the project's KernelClient (built into
 * dist/kernel/client/), `own` the bench's minimal wire client; `auto` prefers the shared one.
 * Whichever is chosen drives every kernel of the run.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openOwnSession } from "./own-session.mjs";
import { sharedOpener } from "./shared-session.mjs";

export class ClientChoiceError extends Error {
  constructor(message) {
    super(message);
    this.name = "ClientChoiceError";
    this.code = "BENCH_CLIENT";
  }
}

export async function chooseOpener(choice, root) {
  const own = { open: openOwnSession, clientName: "bench wire client (bench/kernel/wire-client.mjs)" };
  if (choice === "own") return own;
  if (choice !== "shared" && choice !== "auto") throw new ClientChoiceError(`--client must be auto, shared or own, not '${choice}'`);
  const built = join(root, "dist/kernel/client/index.js");
  if (!existsSync(built)) {
    if (choice === "shared") throw new ClientChoiceError(`${built} is not built: run \`npx tsc -p tsconfig.json\`, or pass --client own`);
    return own;
  }
  const mod = await import(pathToFileURL(built).href);
  return { open: sharedOpener(mod), clientName: "KernelClient (dist/kernel/client)" };
}
