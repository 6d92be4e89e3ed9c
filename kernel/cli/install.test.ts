import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { missingTools } from "../../test/support/tools.js";
import { InstallError, kernelsDir, main, packageRoot, parseInstallArgs } from "./install.js";
import type { PathEnv } from "./jupyter-paths.js";

const root = packageRoot();
const cli = join(root, "dist", "kernel", "cli.js");
const scratch = mkdtempSync(join(tmpdir(), "d2l-install-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let n = 0;
const freshDir = (label: string) => {
  const dir = join(scratch, `${label}-${n++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

function usageError(args: string[]): InstallError {
  try {
    parseInstallArgs(args);
  } catch (e) {
    if (e instanceof InstallError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(args)} to be rejected`);
}

describe("parseInstallArgs", () => {
  it("defaults to a per-user install named d2l-ts", () => {
    expect(parseInstallArgs([])).toEqual({ scope: { kind: "user" }, name: "d2l-ts", displayName: undefined });
  });

  it("reads every option, in both --opt VALUE and --opt=VALUE forms", () => {
    expect(parseInstallArgs(["--prefix", "rel/dir", "--name", "TS2", "--display-name", "My TS"])).toEqual({
      scope: { kind: "prefix", dir: resolve("rel/dir") },
      name: "ts2",
      displayName: "My TS",
    });
    expect(parseInstallArgs(["--sys-prefix", "--name=x.y_z-1", "--display-name=A = B"])).toEqual({
      scope: { kind: "sys-prefix" },
      name: "x.y_z-1",
      displayName: "A = B",
    });
    expect(parseInstallArgs(["--help"])).toBeNull();
  });

  it("rejects conflicting scopes, unknown options, missing values and bad names with a clear message", () => {
    expect(usageError(["--user", "--sys-prefix"]).message).toMatch(/--sys-prefix conflicts with --user/);
    expect(usageError(["--prefix", "/a", "--user"]).message).toMatch(/conflicts/);
    expect(usageError(["--frobnicate"]).message).toBe("unknown option --frobnicate");
    expect(usageError(["extra"]).message).toMatch(/unexpected argument 'extra'/);
    expect(usageError(["--prefix"]).message).toBe("--prefix needs a value");
    expect(usageError(["--name", "--user"]).message).toBe("--name needs a value");
    expect(usageError(["--user=yes"]).message).toBe("--user takes no value");
    expect(usageError(["--display-name", "  "]).message).toMatch(/must not be empty/);
    const bad = usageError(["--name", "my kernel"]);
    expect(bad.code).toBe("E_BAD_NAME");
    expect(bad.message).toMatch(/'my kernel'/);
  });
});

describe("kernelsDir", () => {
  const linux = (env: NodeJS.ProcessEnv): PathEnv => ({ env, platform: "linux", home: "/home/ada" });

  it("--user follows JUPYTER_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share/jupyter", () => {
    expect(kernelsDir({ kind: "user" }, linux({ JUPYTER_DATA_DIR: "/jd" }))).toBe("/jd/kernels");
    expect(kernelsDir({ kind: "user" }, linux({ XDG_DATA_HOME: "/xdg" }))).toBe("/xdg/jupyter/kernels");
    expect(kernelsDir({ kind: "user" }, linux({}))).toBe("/home/ada/.local/share/jupyter/kernels");
    expect(kernelsDir({ kind: "user" }, { env: {}, platform: "darwin", home: "/Users/ada" })).toBe("/Users/ada/Library/Jupyter/kernels");
  });

  it("--prefix DIR installs under DIR/share/jupyter/kernels", () => {
    expect(kernelsDir({ kind: "prefix", dir: "/opt/x" }, linux({}))).toBe("/opt/x/share/jupyter/kernels");
  });

  it("--sys-prefix uses an activated environment, else the #! interpreter of jupyter on PATH", () => {
    expect(kernelsDir({ kind: "sys-prefix" }, linux({ CONDA_PREFIX: "/conda/envs/a", VIRTUAL_ENV: "/venv" }))).toBe(
      "/conda/envs/a/share/jupyter/kernels",
    );
    expect(kernelsDir({ kind: "sys-prefix" }, linux({ VIRTUAL_ENV: "/venv" }))).toBe("/venv/share/jupyter/kernels");

    const bin = freshDir("bin");
    writeFileSync(join(bin, "jupyter"), "#!/opt/py311/bin/python3.11\nimport sys\n");
    chmodSync(join(bin, "jupyter"), 0o755);
    expect(kernelsDir({ kind: "sys-prefix" }, linux({ PATH: bin }))).toBe("/opt/py311/share/jupyter/kernels");

    // `#!/usr/bin/env python3` resolves python3 on PATH; the venv's bin/python is not followed through its symlink.
    const venv = freshDir("venv");
    mkdirSync(join(venv, "bin"));
    writeFileSync(join(venv, "bin", "python3"), "");
    chmodSync(join(venv, "bin", "python3"), 0o755);
    writeFileSync(join(venv, "bin", "jupyter"), "#!/usr/bin/env python3\n");
    chmodSync(join(venv, "bin", "jupyter"), 0o755);
    expect(kernelsDir({ kind: "sys-prefix" }, linux({ PATH: join(venv, "bin") }))).toBe(join(venv, "share/jupyter/kernels"));
  });

  it("--sys-prefix without jupyter on PATH says what to do instead", () => {
    const empty = freshDir("empty");
    try {
      kernelsDir({ kind: "sys-prefix" }, linux({ PATH: empty }));
      expect.unreachable("should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(InstallError);
      expect((e as InstallError).code).toBe("E_NO_SYS_PREFIX");
      expect((e as InstallError).message).toMatch(/--prefix DIR or --user/);
    }
  });
});

describe("d2l-ts install (main)", () => {
  const out = { log: [] as string[], err: [] as string[] };
  const quiet = () => {
    out.log = [];
    out.err = [];
    vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.log.push(a.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void out.err.push(a.join(" ")));
  };
  afterEach(() => vi.restoreAllMocks());

  it("needs the built CLI that the kernelspec will start", () => {
    expect(existsSync(cli), `${cli} is missing: run npx tsc -p tsconfig.json (npm test does)`).toBe(true);
  });

  it("--prefix writes kernel.json that starts this package's CLI with this Node, plus both logos", async () => {
    const prefix = freshDir("prefix");
    quiet();
    expect(await main(["--prefix", prefix])).toBe(0);
    const dir = join(prefix, "share", "jupyter", "kernels", "d2l-ts");
    expect(out.log.join("\n")).toContain(dir);

    const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
    expect(spec.argv).toEqual([process.execPath, cli, "kernel", "--connection-file", "{connection_file}"]);
    expect(spec.display_name).toBe("TypeScript (d2l-ts)");
    expect(spec.language).toBe("typescript");
    expect(spec.interrupt_mode).toBe("message");
    expect(spec.metadata["d2l-ts"].version).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);

    for (const size of [32, 64]) {
      const png = readFileSync(join(dir, `logo-${size}x${size}.png`));
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(size); // IHDR width
      expect(png.readUInt32BE(20)).toBe(size); // IHDR height
    }
  });

  it("reinstalling replaces the old spec and honours --name / --display-name", async () => {
    const prefix = freshDir("again");
    quiet();
    expect(await main(["--prefix", prefix, "--name", "TSX"])).toBe(0);
    const dir = join(prefix, "share", "jupyter", "kernels", "tsx");
    writeFileSync(join(dir, "stale.txt"), "from an older install");
    expect(await main(["--prefix", prefix, "--name", "tsx", "--display-name", "TS again"])).toBe(0);
    expect(existsSync(join(dir, "stale.txt"))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")).display_name).toBe("TS again");
  });

  it("refuses to replace a directory that is not a kernelspec", async () => {
    const prefix = freshDir("occupied");
    const dir = join(prefix, "share", "jupyter", "kernels", "d2l-ts");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "notes.md"), "mine");
    quiet();
    expect(await main(["--prefix", prefix])).toBe(1);
    expect(out.err.join("\n")).toMatch(/exists and is not a kernelspec/);
    expect(readFileSync(join(dir, "notes.md"), "utf8")).toBe("mine");
  });

  it("exits 2 with a one-line reason on bad options", async () => {
    quiet();
    expect(await main(["--user", "--sys-prefix"])).toBe(2);
    expect(out.err).toHaveLength(1);
    expect(out.err[0]).toMatch(/^d2l-ts install: --sys-prefix conflicts with --user: .*--help/);
  });
});

const noJupyter = missingTools("jupyter").length > 0;

describe.skipIf(noJupyter)("jupyter kernelspec list sees the install", () => {
  const listSpecs = (env: NodeJS.ProcessEnv) =>
    JSON.parse(execFileSync("jupyter", ["kernelspec", "list", "--json"], { env: { ...process.env, ...env }, encoding: "utf8" }))
      .kernelspecs as Record<string, { resource_dir: string; spec: { display_name: string; language: string; argv: string[] } }>;

  it("--prefix DIR with JUPYTER_PATH=DIR/share/jupyter", async () => {
    const prefix = freshDir("listed");
    vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await main(["--prefix", prefix])).toBe(0);
    vi.restoreAllMocks();
    const specs = listSpecs({ JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: freshDir("empty-data") });
    expect(specs["d2l-ts"]?.resource_dir).toBe(join(prefix, "share", "jupyter", "kernels", "d2l-ts"));
    expect(specs["d2l-ts"].spec.display_name).toBe("TypeScript (d2l-ts)");
    expect(specs["d2l-ts"].spec.language).toBe("typescript");
  });

  it("--user with JUPYTER_DATA_DIR, run as the real CLI", () => {
    const data = freshDir("data");
    const env = { ...process.env, JUPYTER_DATA_DIR: data };
    const stdout = execFileSync(process.execPath, [cli, "install", "--user", "--display-name", "TS user"], { env, encoding: "utf8" });
    expect(stdout).toContain(join(data, "kernels", "d2l-ts"));
    const specs = listSpecs({ JUPYTER_DATA_DIR: data });
    expect(specs["d2l-ts"]?.resource_dir).toBe(join(data, "kernels", "d2l-ts"));
    expect(specs["d2l-ts"].spec.display_name).toBe("TS user");
  });
});
