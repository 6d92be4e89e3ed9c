/** The kernel_info_reply content: what frontends show in "About" and use to pick a highlighter. */
import { readFileSync } from "node:fs";
import type { KernelInfoReply } from "../wire/messages.js";
import { PROTOCOL_VERSION } from "../wire/messages.js";

function packageVersion(): string {
  try {
    // dist/kernel/server/kernel-info.js -> package.json three levels up; same depth from sources.
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version?: string };
    if (pkg.version) return pkg.version;
  } catch {
    // fall through
  }
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export const IMPLEMENTATION_VERSION = packageVersion();

export function kernelInfo(opts: { languageVersion: string; backend: string | null }): KernelInfoReply {
  const backend = opts.backend ? `, tensor backend ${opts.backend}` : "";
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "d2l-ts",
    implementation_version: IMPLEMENTATION_VERSION,
    language_info: {
      name: "typescript",
      version: opts.languageVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      codemirror_mode: { name: "javascript", typescript: true },
      nbconvert_exporter: "script",
    },
    // The Jupyter debugger (kernel/debug/); `debugger` is the pre-5.5 spelling JupyterLab still reads.
    debugger: true,
    supported_features: ["debugger"],
    banner: `d2l-ts ${IMPLEMENTATION_VERSION}: TypeScript ${opts.languageVersion} on Node ${process.versions.node}${backend}.\nGlobals: nn, np, init, keras, display, clearOutput, input.`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
      { text: "Dive into Deep Learning", url: "https://d2l.ai/" },
    ],
  };
}
