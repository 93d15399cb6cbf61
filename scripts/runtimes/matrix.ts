/**
 * The runtime matrix: the client's smoke test (`smoke.mjs`, against the BUILT packages) on every
 * runtime the client claims, and the mock's Worker build driven under workerd.
 *
 *   node scripts/runtimes/matrix.ts            # pnpm test:runtimes; prints a table, exits 1 on failure
 *   node scripts/runtimes/matrix.ts deno bun   # only these
 *
 * Runtimes come from the registries and are cached in ~/.cache/cf-devices/runtimes (or
 * $CF_DEVICES_RUNTIMES_DIR): Node 20 and 22 (`node@20`, `node@22`), Bun (`@oven/bun-linux-x64`),
 * Deno (`@deno/linux-x64-glibc`), all with npm; Node 24 is the one running this; workerd comes with
 * the `miniflare` devDependency; Chromium is Debian's (`apt-get install chromium`, done by
 * `.ci/run`) driven with `playwright-core`. A missing Chromium is an error, never a skip.
 *
 * Each runtime gets its own mock server on 127.0.0.1 (strict credentials, CORS on for the page)
 * and runs the checks in-process and over HTTP.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { homedir, tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@cf-devices/mock/node";
import { build } from "esbuild";
import { runCommand as run } from "../lib/run-command.ts";
import { SMOKE_EMAIL, SMOKE_KEY, SMOKE_TOKEN } from "./credentials.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));

/** Where runtimes are installed (kept between runs). */
export const RUNTIMES_DIR =
  process.env.CF_DEVICES_RUNTIMES_DIR ??
  join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "cf-devices", "runtimes");
/** Debian's Chromium; another path can be given with $CF_DEVICES_CHROMIUM. */
export const CHROMIUM = process.env.CF_DEVICES_CHROMIUM ?? "/usr/bin/chromium";
/** Flags for headless Chromium on a CI machine without a GPU, sandbox or network. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Check {
  target: string;
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  note?: string;
}

export interface RuntimeResult {
  runtime: string;
  version: string;
  ok: boolean;
  checks: Check[];
  ms: number;
  error?: string;
}

interface NpmRuntime {
  spec: string;
  /** The executable, relative to the install folder. */
  bin: string;
}

function npmRuntimes(): Record<string, NpmRuntime> {
  const arch = process.arch === "arm64" ? "arm64" : "x64";
  if (process.platform !== "linux") {
    throw new Error(`the runtime matrix installs Linux builds; this is ${process.platform}`);
  }
  // Bun's default x64 build needs AVX2; the baseline build runs everywhere.
  const avx2 = arch === "x64" && /\bavx2\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  const bun =
    arch === "arm64" ? "@oven/bun-linux-aarch64" : `@oven/bun-linux-x64${avx2 ? "" : "-baseline"}`;
  return {
    node20: { spec: "node@20", bin: "node_modules/.bin/node" },
    node22: { spec: "node@22", bin: "node_modules/.bin/node" },
    bun: { spec: `${bun}@1`, bin: `node_modules/${bun}/bin/bun` },
    deno: {
      spec: `@deno/linux-${arch}-glibc@2`,
      bin: `node_modules/@deno/linux-${arch}-glibc/deno`,
    },
  };
}

/**
 * Installs the npm-delivered runtimes that are not in the cache yet (in parallel). Returns the
 * path of each executable, and for each runtime whose install failed, npm's output and the
 * command that installs it by hand: one failed download fails that runtime's row, not the others.
 */
export async function installRuntimes(log: (line: string) => void = () => {}) {
  const wanted = npmRuntimes();
  const paths: Record<string, string> = {};
  const errors: Record<string, string> = {};
  await Promise.all(
    Object.entries(wanted).map(async ([name, { spec, bin }]) => {
      const dir = join(RUNTIMES_DIR, name);
      const exe = join(dir, bin);
      if (!existsSync(exe)) {
        log(`installing ${spec} into ${dir}`);
        mkdirSync(dir, { recursive: true });
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const args = [
          "install",
          "--prefix",
          dir,
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          spec,
        ];
        const out = await run(npm, args, { timeoutMs: 300_000 });
        if (out.code !== 0 || !existsSync(exe)) {
          errors[name] =
            `npm install ${spec} failed (exit ${out.code}); install it by hand with \`npm ${args.join(" ")}\`:\n${out.stderr.slice(-2000)}`;
          return;
        }
      }
      paths[name] = exe;
    }),
  );
  return { paths, errors };
}

/** Fails with an actionable message when Chromium is not installed. */
export function checkChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install Debian's package: \`sudo apt-get install -y --no-install-recommends chromium\` (\`bash scripts/dev.sh test\` does this as root or with sudo), or point CF_DEVICES_CHROMIUM at a Chromium binary.`,
    );
  }
  return CHROMIUM;
}

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else latest = Math.max(latest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return latest;
}

export interface Bundles {
  dir: string;
  cli: string;
  worker: string;
  browser: string;
  mockWorker: string;
  warnings: string[];
}

/** Bundles the smoke entries and the mock's Worker from the built packages (`dist/`). */
export async function bundleSmoke(): Promise<Bundles> {
  const warnings: string[] = [];
  for (const pkg of ["client", "mock", "types"]) {
    const dist = join(root, "packages", pkg, "dist");
    if (!existsSync(join(dist, "index.js"))) {
      throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` first`);
    }
    if (newest(join(root, "packages", pkg, "src")) > newest(dist)) {
      warnings.push(`packages/${pkg}/dist is older than its sources (run \`pnpm build\`)`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "cf-devices-smoke-"));
  const common = {
    bundle: true,
    format: "esm" as const,
    platform: "neutral" as const,
    mainFields: ["module", "main"],
    target: "es2022",
    logLevel: "error" as const,
  };
  await build({
    ...common,
    entryPoints: {
      "smoke-cli": join(here, "entry-cli.mjs"),
      "smoke-worker": join(here, "entry-worker.mjs"),
      "smoke-browser": join(here, "entry-browser.mjs"),
      "mock-worker": join(root, "packages/mock/dist/worker.js"),
    },
    outdir: dir,
    outExtension: { ".js": ".mjs" },
  });
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>cf-devices smoke</title><body>running…</body><script type="module" src="./smoke-browser.mjs"></script>\n',
  );
  return {
    dir,
    cli: join(dir, "smoke-cli.mjs"),
    worker: join(dir, "smoke-worker.mjs"),
    browser: join(dir, "smoke-browser.mjs"),
    mockWorker: join(dir, "mock-worker.mjs"),
    warnings,
  };
}

/** A mock of the API on 127.0.0.1 that accepts the smoke credentials. */
async function apiMock() {
  return serve({
    port: 0,
    seed: 3,
    devices: 30,
    cors: true,
    faultsFromEnv: false,
    auth: { tokens: [SMOKE_TOKEN], keys: [{ email: SMOKE_EMAIL, key: SMOKE_KEY }] },
  });
}

function parseResult(stdout: string, stderr: string, code: number | null) {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as { runtime: string; version: string; ok: boolean; checks: Check[] };
  } catch {
    throw new Error(`no result (exit ${code}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  }
}

async function viaCommand(command: string, args: string[], env?: NodeJS.ProcessEnv) {
  const server = await apiMock();
  try {
    const out = await run(command, [...args, server.url], {
      timeoutMs: 90_000,
      env: env ?? process.env,
      cwd: tmpdir(),
    });
    return parseResult(out.stdout, out.stderr, out.code);
  } finally {
    await server.close();
  }
}

async function viaWorkerd(bundles: Bundles) {
  const { Miniflare } = await import("miniflare");
  const server = await apiMock();
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundles.worker,
    modulesRoot: bundles.dir,
    compatibilityDate: "2025-06-01",
  });
  try {
    const res = await mf.dispatchFetch(`http://smoke.local/?api=${encodeURIComponent(server.url)}`);
    const result = (await res.json()) as { version: string; ok: boolean; checks: Check[] };
    return { ...result, version: workerdVersion() };
  } finally {
    await mf.dispose();
    await server.close();
  }
}

function workerdVersion(): string {
  try {
    const fromMiniflare = createRequire(createRequire(import.meta.url).resolve("miniflare"));
    return JSON.parse(readFileSync(fromMiniflare.resolve("workerd/package.json"), "utf8")).version;
  } catch {
    return "";
  }
}

/** The mock's own Worker build (with its Durable Object) under workerd, driven by the client. */
async function mockUnderWorkerd(bundles: Bundles) {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundles.mockWorker,
    modulesRoot: bundles.dir,
    compatibilityDate: "2025-06-01",
    host: "127.0.0.1",
    port: 0,
    durableObjects: { MOCK_STATE: "MockDurableObject" },
    bindings: { MOCK_SEED: "3", MOCK_DEVICES: "30", MOCK_API_TOKENS: SMOKE_TOKEN },
  });
  try {
    const url = await mf.ready;
    const api = `${url.origin}/client/v4`;
    const out = await run(process.execPath, [bundles.cli, api, "--tokens-only"], {
      timeoutMs: 90_000,
      cwd: tmpdir(),
    });
    const result = parseResult(out.stdout, out.stderr, out.code);
    // Only the HTTP checks concern the Worker; the in-process ones ran in Node.
    const checks = result.checks.filter((c) => c.target !== "in-process");
    return {
      ...result,
      version: `workerd ${workerdVersion()}, client on Node ${process.versions.node}`,
      ok: checks.every((c) => c.ok),
      checks,
    };
  } finally {
    await mf.dispose();
  }
}

function staticServer(dir: string): Promise<Server> {
  const types: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
  };
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? "/", "http://x").pathname.slice(1) || "index.html";
    const file = join(dir, name);
    if (name.includes("..") || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function viaChromium(bundles: Bundles) {
  const executablePath = checkChromium();
  const { chromium } = await import("playwright-core");
  const server = await apiMock();
  const page = await staticServer(bundles.dir);
  const userDataDir = mkdtempSync(join(tmpdir(), "cf-devices-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 60_000,
  });
  const problems: string[] = [];
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    tab.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    const { port } = page.address() as AddressInfo;
    await tab.goto(`http://127.0.0.1:${port}/index.html?api=${encodeURIComponent(server.url)}`);
    try {
      await tab.waitForFunction(() => "__SMOKE_RESULT__" in globalThis, null, { timeout: 60_000 });
    } catch (error) {
      throw new Error(
        `no result from the page: ${(error as Error).message}\n${problems.join("\n")}`,
      );
    }
    const result = (await tab.evaluate(
      () => (globalThis as Record<string, unknown>).__SMOKE_RESULT__,
    )) as {
      version: string;
      ok: boolean;
      checks: Check[];
    };
    return {
      ...result,
      version: `${result.version} (${context.browser()?.version() ?? "headless"})`,
    };
  } finally {
    await context.close();
    await new Promise((resolve) => page.close(resolve));
    await server.close();
  }
}

/** The rows of the matrix, in order. */
export const RUNTIMES = [
  "node20",
  "node22",
  "node24",
  "bun",
  "deno",
  "workerd",
  "chromium",
  "mock-on-workerd",
] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export interface Matrix {
  /** The bundled smoke test, or why it could not be built (then every row fails with it). */
  bundles: Bundles | Error;
  paths: Record<string, string>;
  /** Runtimes whose install failed, with what to run by hand. */
  installErrors: Record<string, string>;
}

/**
 * Installs what is missing and bundles the smoke test: the expensive part, done once. Never
 * throws: what went wrong is kept in the matrix and fails only the rows that need it (a missing
 * Chromium fails the chromium row, a failed `node@20` download the node20 row).
 */
export async function prepareMatrix(log: (line: string) => void = () => {}): Promise<Matrix> {
  const [installed, bundles] = await Promise.all([
    installRuntimes(log),
    bundleSmoke().catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    ),
  ]);
  if (!(bundles instanceof Error))
    for (const warning of bundles.warnings) log(`warning: ${warning}`);
  return { bundles, paths: installed.paths, installErrors: installed.errors };
}

/** Runs one row of the matrix. Never throws: failures are in the result. */
export async function runRuntime(matrix: Matrix, name: RuntimeName): Promise<RuntimeResult> {
  const started = performance.now();
  const { paths } = matrix;
  try {
    if (matrix.bundles instanceof Error) throw matrix.bundles;
    const bundles = matrix.bundles;
    if (matrix.installErrors[name]) throw new Error(matrix.installErrors[name]);
    let result: { version: string; ok: boolean; checks: Check[] };
    switch (name) {
      case "node20":
      case "node22":
        result = await viaCommand(paths[name]!, [bundles.cli]);
        break;
      case "node24":
        if (!process.versions.node.startsWith("24.")) {
          throw new Error(`Node 24 is expected to run the matrix; this is ${process.version}`);
        }
        result = await viaCommand(process.execPath, [bundles.cli]);
        break;
      case "bun":
        result = await viaCommand(paths.bun!, [bundles.cli]);
        break;
      case "deno":
        // Network to the loopback mock only; no other permission (and no prompt).
        result = await viaCommand(
          paths.deno!,
          ["run", "--no-prompt", "--allow-net=127.0.0.1", bundles.cli],
          {
            ...process.env,
            DENO_DIR: join(RUNTIMES_DIR, "deno-cache"),
            DENO_NO_UPDATE_CHECK: "1",
          },
        );
        break;
      case "workerd":
        result = await viaWorkerd(bundles);
        break;
      case "chromium":
        result = await viaChromium(bundles);
        break;
      case "mock-on-workerd":
        result = await mockUnderWorkerd(bundles);
        break;
    }
    return { runtime: name, ...result, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      runtime: name,
      version: "",
      ok: false,
      checks: [],
      ms: Math.round(performance.now() - started),
      error: (error as Error).message,
    };
  }
}

async function main(argv: string[]) {
  const only = argv.filter((a) => (RUNTIMES as readonly string[]).includes(a)) as RuntimeName[];
  const started = performance.now();
  const matrix = await prepareMatrix((line) => console.log(`==> ${line}`));
  const results: RuntimeResult[] = [];
  for (const name of only.length > 0 ? only : RUNTIMES) {
    const result = await runRuntime(matrix, name);
    results.push(result);
    const passed = result.checks.filter((c) => c.ok).length;
    console.log(
      `${result.ok ? "pass" : "FAIL"}  ${name.padEnd(16)} ${result.version.padEnd(44)} ${passed}/${result.checks.length} checks  ${(result.ms / 1000).toFixed(1)} s`,
    );
    if (result.error) console.log(`      ${result.error}`);
    for (const check of result.checks.filter((c) => !c.ok)) {
      console.log(`      [${check.target}] ${check.name}: ${check.error}`);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `runtimes: ${results.length - failed} passed, ${failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(await main(process.argv.slice(2)));
}
