/**
 * Runs the command code of the built CLI (one CommonJS script, `dist/commands-<hash>.cjs`) with a
 * V8 code cache that is written after a command has run.
 *
 * Why not just Node's compile cache (`module.enableCompileCache()`, which `bin.ts` also turns
 * on)? Node writes that cache right after compiling a file, so it holds only the top-level code:
 * every function a command calls is still compiled from source on every run, and for a short
 * command against the embedded mock that compiling is most of the CLI's own start-up. A cache
 * taken from `vm.Script#createCachedData()` after the command ran holds those functions too.
 *
 * - One cache per command group and mode (`devices`, `devices --mock`, `api`, …), since each
 *   compiles different code; written when missing or when V8 rejects it (another Node version or
 *   V8 flags), never on a run that could use it, because serializing costs more than it saves,
 *   and not after a usage error.
 * - Kept per user (`$XDG_CACHE_HOME/cf-devices/v8`, `~/.cache/…`, or `%LOCALAPPDATA%` on Windows),
 *   not in a shared temporary folder: a code cache is code.
 * - The script's file name carries a hash of its content and the cache's name carries the file
 *   name, so a rebuilt CLI never meets a cache of an older build (V8 itself checks only the
 *   source length).
 * - Written atomically (temporary file + rename); any failure to read or write it is ignored.
 *   `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's.
 */
import { createRequire } from "node:module";
import { ExitCode } from "./errors.js";

// Through require: these built-ins are loaded with Node already, and an ESM import would read
// all their exports.
const require = createRequire(import.meta.url);
const fs = require("node:fs") as typeof import("node:fs");
const path = require("node:path") as typeof import("node:path");
const vm = require("node:vm") as typeof import("node:vm");
const { fileURLToPath } = require("node:url") as typeof import("node:url");
const { homedir } = require("node:os") as typeof import("node:os");

type Env = Record<string, string | undefined>;

/** Where the caches live, or undefined when caching is off or there is no per-user folder. */
export function codeCacheDir(env: Env, platform: string = process.platform): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (platform === "win32") {
    return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, "cf-devices", "v8") : undefined;
  }
  let home: string | undefined;
  try {
    home = env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  } catch {
    return undefined;
  }
  return path.join(home, "cf-devices", "v8");
}

/** The cache file for a command line: one per script build, Node build, and command group. */
export function codeCacheFile(dir: string, scriptFile: string, argv: readonly string[]): string {
  const group = argv.find((a) => !a.startsWith("-")) ?? "none";
  const safeGroup = /^[a-z][a-z0-9-]{0,40}$/.test(group) ? group : "other";
  const mode = argv.includes("--mock") ? "-mock" : "";
  const node = `${process.version}-${process.arch}`;
  return path.join(dir, `${path.basename(scriptFile, ".cjs")}-${node}-${safeGroup}${mode}.bin`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, data, { mode: 0o600 });
    fs.renameSync(temp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(temp);
    } catch {
      // nothing was written
    }
    return false;
  }
}

/** What {@link runCommandScript} did with the cache (for tests). */
export interface CodeCacheOutcome {
  file: string | undefined;
  /** A cache was read and V8 accepted it. */
  used: boolean;
  /** A new cache was written after the run. */
  written: boolean;
}

/**
 * Loads the command script, runs `runFromProcess(argv)` from it, and writes the code cache when
 * there was none to use. Returns the exit code.
 */
export async function runCommandScript(
  scriptUrl: URL,
  argv: string[],
  options: { env?: Env; onCache?: (outcome: CodeCacheOutcome) => void } = {},
): Promise<number> {
  const file = fileURLToPath(scriptUrl);
  const source = fs.readFileSync(file, "utf8");
  const dir = codeCacheDir(options.env ?? process.env);
  const cacheFile = dir ? codeCacheFile(dir, file, argv) : undefined;
  const cached = readCache(cacheFile);
  // The file is one function expression (see scripts/build.mjs) taking, in order: exports,
  // require, module, __filename, __dirname, and import.meta.url.
  const script = new vm.Script(source, {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  const used = cached !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as { runFromProcess?: (argv: string[]) => Promise<number> } };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
    scriptUrl.href,
  );
  const run = module.exports.runFromProcess;
  if (typeof run !== "function") throw new Error(`${file} does not export runFromProcess`);
  const code = await run(argv);
  let written = false;
  // Not after a usage error: a mistyped command would leave a cache named after the typo.
  if (cacheFile && !used && code !== ExitCode.usage) {
    try {
      written = writeCache(cacheFile, script.createCachedData());
    } catch {
      // a runtime without V8 code caches
    }
  }
  options.onCache?.({ file: cacheFile, used, written });
  return code;
}
