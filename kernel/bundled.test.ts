import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { bundledOr } from "./bundled.js";

describe("bundledOr", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "d2l-bundled-"));
  const mod = path.join(dir, "index.js");
  const bundle = path.join(dir, "index.bundle.js");
  const url = pathToFileURL(mod);
  writeFileSync(mod, "export {};");
  writeFileSync(bundle, "export {};");
  const age = (file: string, secondsAgo: number) => utimesSync(file, new Date(Date.now() - secondsAgo * 1000), new Date(Date.now() - secondsAgo * 1000));
  afterEach(() => {
    delete process.env.D2L_TS_BUNDLES;
  });

  it("takes the bundle the build wrote after the module", () => {
    age(mod, 20);
    age(bundle, 10);
    expect(bundledOr(url)).toBe(pathToFileURL(bundle).href);
  });

  it("takes the module once a later tsc rewrote it (the bundle would be stale)", () => {
    age(bundle, 20);
    age(mod, 10);
    expect(bundledOr(url)).toBe(url.href);
  });

  it("takes the module without a bundle, or when D2L_TS_BUNDLES=0", () => {
    age(mod, 20);
    age(bundle, 10);
    process.env.D2L_TS_BUNDLES = "0";
    expect(bundledOr(url)).toBe(url.href);
    delete process.env.D2L_TS_BUNDLES;
    const lone = pathToFileURL(path.join(dir, "alone.js"));
    writeFileSync(lone, "export {};");
    expect(bundledOr(lone)).toBe(lone.href);
  });
});
