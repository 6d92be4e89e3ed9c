import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { CellCompiler } from "./cell-compiler.js";
import { parseInChunks } from "./chunked-parse.js";
import { onRegistryParse } from "./document-registry.js";
import { typescript, type TS } from "./typescript.js";

// Like the real library's declarations: a Node reference and import, and re-exports.
const FAKE_LIBRARY = `/// <reference types="node" resolution-mode="require"/>
import { inspect } from "node:util";
export declare namespace nn {
  class Sequential {
    add(...layers: Dense[]): this;
    initialize(opts?: { forceReinit?: boolean }): void;
    [inspect.custom](): string;
  }
  class Dense {
    constructor(units: number);
  }
}
export declare const np: { ones(shape: number[]): number[] };
export type { Dense as Layer } from "./fake-more.js";
`;

const CELLS = [
  "const net = new nn.Sequential().add(new nn.Dense(3));\nnet.initialize({ forceReinit: true });\nconsole.log(np.ones([2]).length);",
  "const x: number = np.ones([2]);\nconsole.log(x.toFixed(), nn.Nope);",
  "console.log(undefinedName);\nconst l: Layer = new nn.Dense(1);",
];

let dir: string;
let libraryDts: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "d2l-warm-"));
  libraryDts = path.join(dir, "fake-d2l.d.ts");
  writeFileSync(libraryDts, FAKE_LIBRARY);
  writeFileSync(path.join(dir, "fake-more.d.ts"), "export declare class Dense { constructor(units: number) }\n");
});

function diagnostics(c: CellCompiler): string[][] {
  return CELLS.map((s) => {
    const r = c.check(s, "warn");
    return (r.ok ? r.warnings : r.diagnostics).map((d) => `${d.line}:${d.column} TS${d.code} ${d.message}`);
  });
}

const isDeclaration = (p: string) => p.endsWith(".d.ts") && !path.basename(p).startsWith("__d2l_");

describe("the checker's warm-up in steps", () => {
  // first in this file: the process-wide document registry is still empty
  it("hands every declaration file to the program, so neither it nor the first check parses one", () => {
    const parsed: string[] = [];
    onRegistryParse((p) => parsed.push(p));
    try {
      const c = new CellCompiler({ cwd: dir, libraryDts });
      // A zero budget makes each step one unit of work, so the count does not depend on the
      // machine's speed (with the default 8 ms slices it was ~26-39 here and could drop under 20).
      const steps = c.warmUpCheckerSteps(0);
      let n = 0;
      while (!steps.next().done) n++;
      expect(n).toBeGreaterThan(20);
      expect(parsed.filter(isDeclaration)).toEqual([]);
      diagnostics(c);
      expect(c.complete("np.o", 4).matches).toEqual(["ones"]);
      expect(parsed.filter(isDeclaration)).toEqual([]);
    } finally {
      onRegistryParse(undefined);
    }
  });

  it("gives the diagnostics of a service that parsed everything itself", async () => {
    const c = new CellCompiler({ cwd: dir, libraryDts });
    c.warmUpChecker();
    const sliced = diagnostics(c);
    // fresh modules: a registry of their own, with none of the pre-parsed files
    vi.resetModules();
    const fresh = await import("./cell-compiler.js");
    const plain = diagnostics(new fresh.CellCompiler({ cwd: dir, libraryDts }));
    expect(sliced).toEqual(plain);
    expect(sliced).toEqual([
      [],
      [
        "1:7 TS2322 Type 'number[]' is not assignable to type 'number'.",
        "2:29 TS2339 Property 'Nope' does not exist on type 'typeof nn'.",
      ],
      ["1:13 TS2552 Cannot find name 'undefinedName'. Did you mean 'undefined'?"],
    ]);
  });

  it("lets the thread answer between the program build's files through a poll callback", () => {
    const c = new CellCompiler({ cwd: dir, libraryDts });
    let polls = 0;
    let reentry: unknown;
    c.setPoll(() => {
      polls++;
      // transpiling is what the callback is for; the language service is busy
      expect(c.transpile("const a: number = 1; a", 1).ok).toBe(true);
      try {
        c.check("1", "warn");
      } catch (e) {
        reentry = e;
      }
    }, 0);
    c.warmUpChecker();
    expect(polls).toBeGreaterThan(10);
    expect(String(reentry)).toMatch(/poll callback/);
    c.setPoll(undefined);
    expect(c.check("const s: string = 1", "warn")).toMatchObject({ ok: true, warnings: [{ code: 2322 }] });
  });
});

describe("parsing a large file in slices", () => {
  /** Every node's kind, span and flags (less a cache the incremental parser fills), and the file's parse results. */
  function shape(ts: typeof TS, sf: TS.SourceFile): string {
    const out: string[] = [];
    const cacheFlag = (ts.NodeFlags as unknown as Record<string, number>).HasAggregatedChildData ?? 0;
    const visit = (n: TS.Node): void => {
      out.push(`${n.kind}:${n.pos}-${n.end}:${n.flags & ~cacheFlag}${ts.isIdentifier(n) ? ":" + n.text : ""}`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    out.push(JSON.stringify(sf.parseDiagnostics.map((d) => [d.start, d.code])));
    out.push(JSON.stringify([sf.referencedFiles, sf.libReferenceDirectives, sf.typeReferenceDirectives, !!sf.externalModuleIndicator]));
    return out.join("\n");
  }

  it("gives the tree a whole parse gives, for lib files and nested ambient modules", () => {
    const ts = typescript();
    const require = createRequire(import.meta.url);
    const files = [ts.getDefaultLibFilePath({}).replace(/lib\.d\.ts$/, "lib.es5.d.ts"), require.resolve("@types/node/fs.d.ts")];
    const options: TS.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.ES2022, setExternalModuleIndicator: (f) => void f };
    for (const f of files) {
      const snapshot = ts.ScriptSnapshot.fromString(readFileSync(f, "utf8"));
      const whole = ts.createLanguageServiceSourceFile(f, snapshot, options, "1", false);
      const steps = parseInChunks(ts, f, snapshot, options, "1", 8_000);
      let r = steps.next();
      let slices = 1;
      for (; !r.done; r = steps.next()) slices++;
      expect(slices).toBeGreaterThan(5);
      expect(r.value.text).toBe(whole.text);
      expect(shape(ts, r.value)).toBe(shape(ts, whole));
    }
  });
});
