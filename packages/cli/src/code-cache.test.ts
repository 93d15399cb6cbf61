import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CodeCacheOutcome,
  codeCacheDir,
  codeCacheFile,
  runCommandScript,
} from "./code-cache.js";

const dir = mkdtempSync(join(tmpdir(), "cf-devices-code-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A command script shaped like the built one: one function expression taking the module args. */
function script(name: string, body: string): URL {
  const file = join(dir, name);
  writeFileSync(
    file,
    `(function (exports, require, module, __filename, __dirname, __cfImportMetaUrl) {${body}\n})`,
  );
  return pathToFileURL(file);
}

async function run(url: URL, argv: string[], env: Record<string, string | undefined>) {
  let outcome: CodeCacheOutcome | undefined;
  const code = await runCommandScript(url, argv, { env, onCache: (o) => (outcome = o) });
  return { code, outcome: outcome! };
}

describe("codeCacheDir", () => {
  it("is per user, follows XDG_CACHE_HOME and LOCALAPPDATA, and is off when Node's cache is", () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: "/x" }, "linux")).toBe(join("/x", "cf-devices", "v8"));
    expect(codeCacheDir({ LOCALAPPDATA: "C:\\u" }, "win32")).toContain("cf-devices");
    expect(codeCacheDir({}, "win32")).toBeUndefined();
    expect(codeCacheDir({ XDG_CACHE_HOME: "/x", NODE_DISABLE_COMPILE_CACHE: "1" })).toBeUndefined();
  });
});

describe("codeCacheFile", () => {
  it("names the script build, the Node build, the command group and --mock", () => {
    const file = codeCacheFile("/c", "/d/commands-abc123.cjs", ["devices", "list", "--mock"]);
    expect(file).toBe(
      join("/c", `commands-abc123-${process.version}-${process.arch}-devices-mock.bin`),
    );
    expect(codeCacheFile("/c", "/d/commands-abc123.cjs", ["--json", "api", "GET", "/x"])).toMatch(
      /-api\.bin$/,
    );
    // Whatever the command line holds never becomes a path outside the folder.
    expect(codeCacheFile("/c", "/d/commands-abc123.cjs", ["../../etc/passwd"])).toMatch(
      /-other\.bin$/,
    );
  });
});

describe("runCommandScript", () => {
  const env = { XDG_CACHE_HOME: join(dir, "cache") };
  const body = `
    let calls = 0;
    function busy(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
    exports.runFromProcess = async (argv) => { calls++; busy(1000); return argv.includes("--fail") ? 1 : 0; };`;

  it("writes a cache after the first run and uses it on the next", async () => {
    const url = script("commands-first.cjs", body);
    const first = await run(url, ["devices", "list"], env);
    expect(first).toMatchObject({ code: 0, outcome: { used: false, written: true } });
    const stored = readFileSync(first.outcome.file!);
    expect(stored.length).toBeGreaterThan(0);
    if (process.platform !== "win32")
      expect(statSync(first.outcome.file!).mode & 0o777).toBe(0o600);

    // Within one process V8 reuses its own compilation of the same source, so whether a cache
    // file is accepted or rejected is checked across processes (test/process.test.ts).
    const second = await run(url, ["devices", "get", "x", "--fail"], env);
    expect(second).toMatchObject({ code: 1, outcome: { used: true, written: false } });
    expect(second.outcome.file).toBe(first.outcome.file);
  });

  it("writes nothing after a usage error, or when caching is off", async () => {
    const url = script("commands-usage.cjs", "exports.runFromProcess = async () => 2;");
    const usage = await run(url, ["devcies", "list"], env);
    expect(usage).toMatchObject({ code: 2, outcome: { used: false, written: false } });

    const off = await run(url, ["devices"], { ...env, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(off.outcome).toEqual({ file: undefined, used: false, written: false });
    const names = readdirSync(join(dir, "cache", "cf-devices", "v8"));
    expect(names.filter((n) => n.startsWith("commands-usage"))).toEqual([]);
  });

  it("gives the script what a CommonJS module would have", async () => {
    const url = script(
      "commands-args.cjs",
      `exports.runFromProcess = async () =>
         typeof require("node:path").join === "function" &&
         module.exports === exports &&
         __filename.endsWith("commands-args.cjs") &&
         __cfImportMetaUrl.startsWith("file:") ? 0 : 1;`,
    );
    expect((await run(url, ["devices"], env)).code).toBe(0);
  });

  it("says which file lacks runFromProcess", async () => {
    const url = script("commands-empty.cjs", "");
    await expect(run(url, ["devices"], env)).rejects.toThrow(
      /commands-empty\.cjs does not export runFromProcess/,
    );
  });
});
