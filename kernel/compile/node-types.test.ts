import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CellCompiler } from "./cell-compiler.js";
import { onRegistryParse } from "./document-registry.js";
import type { CellLanguageService } from "./language-service.js";
import { NODE_LITE_NAMES } from "./node-lite.js";
import { NODE_GLOBAL_VALUES, mentionsNode } from "./node-types.js";
import { typescript } from "./typescript.js";

let dir: string;
let libraryDts: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "d2l-node-"));
  libraryDts = path.join(dir, "fake-d2l.d.ts");
  // like the real library's declarations, which reference @types/node for `[inspect.custom]`
  writeFileSync(
    libraryDts,
    `/// <reference types="node" resolution-mode="require"/>\nimport { inspect } from "node:util";\nexport declare class Net { run(): number; [inspect.custom](): string }\n`,
  );
});

const compiler = () => new CellCompiler({ cwd: dir, libraryDts });

function programFiles(c: CellCompiler): string[] {
  const ls = (c as unknown as { languageService: CellLanguageService }).languageService.languageService;
  return ls.getProgram()!.getSourceFiles().map((f) => f.fileName);
}
const loadsNode = (c: CellCompiler) => programFiles(c).some((f) => f.includes("/@types/node/"));

function problems(c: CellCompiler, source: string): string[] {
  const r = c.check(source, "warn");
  return (r.ok ? r.warnings : r.diagnostics).map((d) => `TS${d.code} ${d.message}`);
}

describe("@types/node, loaded when a cell needs it", () => {
  // first: no other service of this process has had @types/node parsed yet
  it("can be loaded ahead in small steps, after which a Node cell parses nothing", () => {
    const c = compiler();
    c.warmUpChecker();
    expect(c.needsNodeTypes("console.log(1)")).toBe(false);
    expect(c.needsNodeTypes("import os from 'os'")).toBe(true);
    const steps = c.nodeTypesSteps();
    let n = 0;
    while (!steps.next().done) n++;
    expect(n).toBeGreaterThan(5);
    const parsed: string[] = [];
    onRegistryParse((p) => parsed.push(p));
    try {
      expect(problems(c, "import os from 'os'; os.cpus().length + process.pid")).toEqual([]);
    } finally {
      onRegistryParse(undefined);
    }
    expect(parsed.filter((p) => p.includes("/@types/node/"))).toEqual([]);
  });
  it("checks console, timers and the other common globals without it", () => {
    const c = compiler();
    expect(problems(c, "console.log(1)")).toEqual([]);
    expect(problems(c, "setTimeout(() => {}, 1)")).toEqual([]);
    expect(problems(c, "const t = setInterval(() => {}, 5).unref(); clearInterval(t); console.table([1]); performance.now()")).toEqual([]);
    expect(problems(c, "new TextDecoder().decode(new TextEncoder().encode('é')) + new URL('http://a/?q=1').searchParams.get('q')")).toEqual([]);
    expect(problems(c, "queueMicrotask(() => {}); structuredClone({ a: 1 }).a; new Net().run()")).toEqual([]);
    // real errors stay errors, and do not load Node's types
    expect(problems(c, "prnt(1)")).toEqual(["TS2304 Cannot find name 'prnt'."]);
    expect(problems(c, "console.log(undefinedName)")).toEqual(["TS2552 Cannot find name 'undefinedName'. Did you mean 'undefined'?"]);
    expect(loadsNode(c)).toBe(false);
  });

  it("checks Node modules and globals with it, loaded first", () => {
    const c = compiler();
    expect(problems(c, 'import { readFileSync } from "node:fs"; readFileSync("x", "utf8").length')).toEqual([]);
    expect(loadsNode(c)).toBe(true);
    const d = compiler();
    expect(problems(d, "process.argv.length")).toEqual([]);
    expect(problems(d, "Buffer.from('a').length")).toEqual([]);
  });

  it("loads it rather than show an error the lite declarations caused", () => {
    for (const source of ["performance.mark('m')", "Error.captureStackTrace({})", "console.Console"]) {
      const c = compiler();
      expect(problems(c, source)).toEqual([]);
      expect(loadsNode(c)).toBe(true);
    }
  });

  it("completes process members in a fresh kernel, and offers Node's globals before loading them", () => {
    const c = compiler();
    expect(c.complete("pro", 3).matches).toContain("process");
    expect(loadsNode(c)).toBe(false);
    expect(c.complete("process.", 8).matches).toContain("argv");
    expect(loadsNode(c)).toBe(true);
  });

  it("keeps the committed cells across the switch, which a committed cell's use of Node asks for", () => {
    const c = compiler();
    c.commit("const a = 1;\nfunction twice(n: number) { return 2 * n }", 1);
    expect(problems(c, "twice(a)")).toEqual([]);
    c.commit("const env = process.env", 2);
    expect(c.needsNodeTypes("twice(a)")).toBe(true);
    expect(problems(c, "twice(a) + Object.keys(env).length")).toEqual([]);
    expect(loadsNode(c)).toBe(true);
    expect(c.needsNodeTypes("process")).toBe(false);
  });

});

describe("what counts as a cell needing Node", () => {
  const ts = typescript();
  it("reads names and module specifiers, not members, strings or comments", () => {
    for (const s of ["process.exit()", "let b: Buffer", "require('x')", "import fs from 'fs'", "export * from 'node:path'", "await import('node:os')", "let t: NodeJS.Timeout", "__dirname"])
      expect([s, mentionsNode(ts, s)]).toEqual([s, true]);
    for (const s of ["x.process", "({ process: 1 })", "'process'", "// process the data\n1", "import x from 'lodash'", "console.log(setTimeout)"])
      expect([s, mentionsNode(ts, s)]).toEqual([s, false]);
  });

  it("knows every global the installed @types/node adds", () => {
    const globals = (types: string[]) => {
      const file = path.join(dir, "probe.ts");
      const host = ts.createCompilerHost({});
      const read = host.getSourceFile;
      host.getSourceFile = (f, v) => (f === file ? ts.createSourceFile(f, "export {}; let probe = 1;", v) : read(f, v));
      const program = ts.createProgram([file], { lib: ["lib.es2023.d.ts"], types, typeRoots: [path.dirname(path.dirname(createRequire(import.meta.url).resolve("@types/node/package.json")))] }, host);
      const at = program.getSourceFile(file)!.statements[1];
      return program.getTypeChecker().getSymbolsInScope(at, ts.SymbolFlags.Value).map((s) => s.name);
    };
    const before = new Set(globals([]));
    const added = globals(["node"]).filter((n) => !before.has(n) && !n.startsWith('"') && !n.startsWith("_"));
    const known = new Set([...NODE_GLOBAL_VALUES, ...NODE_LITE_NAMES]);
    expect(added.filter((n) => !known.has(n))).toEqual([]);
  });
});
