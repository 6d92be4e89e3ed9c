/**
 * `d2l-ts run [paths...] [--out DIR] [--timeout S] [--no-html]`: executes notebooks through the
 * d2l-ts kernel with the TypeScript client (no Python needed) and renders them with nbconvert
 * when Jupyter is installed. Exit status 1 names every notebook, cell and error that failed.
 */
import { parseRunArgs, RUN_USAGE } from "../runner/args.js";
import { RunnerError, RunUsageError } from "../runner/errors.js";
import { runNotebooks } from "../runner/run.js";
import { startSession } from "../runner/session.js";

export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseRunArgs(args);
  } catch (e) {
    if (e instanceof RunUsageError) {
      process.stderr.write(`d2l-ts run: ${e.message}\n${RUN_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(RUN_USAGE + "\n");
    return 0;
  }
  const code = await execute(parsed);
  // Every kernel is stopped by now; a request the client still tracks (a cell that ignored its
  // interrupt) must not keep the command alive, so exit once the output is flushed.
  setTimeout(() => process.exit(code), 200).unref();
  return code;
}

async function execute(parsed: ReturnType<typeof parseRunArgs>): Promise<number> {
  try {
    const report = await runNotebooks({
      paths: parsed.paths,
      outDir: parsed.outDir,
      timeoutS: parsed.timeoutS,
      html: parsed.html,
      startSession,
      handleSigint: true,
    });
    const ok = report.executed.length;
    if (report.failures.length === 0) {
      process.stdout.write(`d2l-ts run: ${ok} notebook${ok === 1 ? "" : "s"} executed, ${report.html.length} rendered to HTML, in ${parsed.outDir}\n`);
      if (report.htmlSkipped) process.stdout.write(report.htmlSkipped + "\n");
      return 0;
    }
    process.stderr.write(`\nd2l-ts run: ${report.failures.length} failure${report.failures.length === 1 ? "" : "s"}:\n`);
    for (const f of report.failures) process.stderr.write(`  ${f.message}\n`);
    return 1;
  } catch (e) {
    if (e instanceof RunnerError) {
      process.stderr.write(`d2l-ts run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
