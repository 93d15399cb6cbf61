/**
 * Child processes for the reliability tests: the `cf-devices-mock` and `cf-devices` commands,
 * bundled from the current sources with esbuild (so a test never runs a stale `dist/`), started
 * and stopped by process id only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bundles = new Map<string, Promise<string>>();

/**
 * Resolves `@cf-devices/<pkg>[/sub]` to the package's sources: the `exports` entry's
 * `dist/….js` becomes `src/….ts`, as vitest's alias does for the bare names.
 */
const fromSources: Plugin = {
  name: "cf-devices-sources",
  setup(build) {
    build.onResolve({ filter: /^@cf-devices\/[a-z]+(\/.*)?$/ }, (args) => {
      const [, pkg, sub = ""] = /^@cf-devices\/([a-z]+)(\/.*)?$/.exec(args.path)!;
      const manifest = JSON.parse(
        readFileSync(join(root, "packages", pkg!, "package.json"), "utf8"),
      ) as { exports: Record<string, { default: string }> };
      const target = manifest.exports[`.${sub}`]?.default;
      if (!target) return undefined;
      const source = target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts");
      return { path: join(root, "packages", pkg!, source) };
    });
  },
};

/** An ES module bundle of a package entry (e.g. `mock/src/bin.ts`), built once per process. */
export function bundleEntry(entry: string): Promise<string> {
  const hit = bundles.get(entry);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), "cf-devices-reliability-"));
  const outfile = join(dir, `${entry.replaceAll("/", "-").replace(/\.ts$/, "")}.mjs`);
  const built = build({
    entryPoints: [join(root, "packages", entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
    plugins: [fromSources],
    // CommonJS dependencies (yaml) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  }).then(() => outfile);
  bundles.set(entry, built);
  return built;
}

export interface MockProcess {
  child: ChildProcess;
  /** API base URL, e.g. `http://127.0.0.1:41234/client/v4`. */
  url: string;
  origin: string;
  stderr(): string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts `cf-devices-mock --port 0 …` and resolves once it printed its URL (stdout's first line). */
export async function startMock(args: string[], timeoutMs = 10_000): Promise<MockProcess> {
  const bin = await bundleEntry("mock/src/bin.ts");
  const child = spawn(process.execPath, [bin, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CF_DEVICES_MOCK_FAULTS: "" },
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`no URL within ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // The URL alone is the first line on stdout.
      const match = /^(http:\/\/\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cf-devices-mock exited with ${code} before listening: ${stderr}`));
    });
  });
  return { child, url, origin: new URL(url).origin, stderr: () => stderr, exited };
}

/** Kills every child this module started that is still running (by its own pid). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `cf-devices` command (from the sources) with only the environment given. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  const bin = await bundleEntry("cli/src/bin.ts");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", ...env },
      cwd: options.cwd,
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin!.end(options.stdin ?? "");
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`cf-devices ${args.join(" ")} did not finish in 20 s: ${stderr}`));
    }, 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}
