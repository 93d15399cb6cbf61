/**
 * The registry round trip: the packages as a downstream team gets them from a registry.
 *
 *   node scripts/registry-round-trip.ts          # part of `pnpm test`; exits 1 on any failure
 *   node scripts/registry-round-trip.ts --keep   # keep the temp folders and say where they are
 *   node scripts/registry-round-trip.ts yarn bun # only these package managers
 *
 * 1. Starts Verdaccio (npm `verdaccio@6`) on a free port of 127.0.0.1, with a temp config and
 *    storage, and registers a user on it.
 * 2. Publishes the four BUILT packages to it with the release command of
 *    `.github/workflows/release.yml`: `changeset publish` (here with `--no-git-tag`, so this
 *    checkout gets no tags). `pnpm publish` underneath rewrites `workspace:*` and `publishConfig`.
 * 3. For each of npm, pnpm, yarn 4 (`@yarnpkg/cli-dist`, Plug'n'Play as yarn sets up a new
 *    project) and bun: in a fresh folder outside the workspace, installs ONE package from that
 *    registry (the `@cf-devices` scope points at it; everything else comes from the usual
 *    registry) and uses it:
 *    - types: only `@cf-devices/types` is installed (no runtime dependencies); a program using
 *      `PhysicalDevice`, `paths` and `manifest` type-checks under `node16` and under `bundler`
 *      resolution (skipLibCheck off), and the manifest loads at run time;
 *    - client: calls the API through a recording `fetch` as ES module on Node 20, 22 and 24, and
 *      through `require()` on Node 22 and 24 (yarn's Plug'n'Play: Node 24 only); installs none
 *      of the CLI's or mock's dependencies;
 *    - cli: `npx cf-devices --mock devices list` (each manager's own way to run a bin) lists
 *      devices, and `--version` is the published version;
 *    - mock: `cf-devices-mock --port 0` starts and answers a request in the API's envelope.
 *
 * Tools are installed with npm on first use and cached in ~/.cache/cf-devices/runtimes (or
 * $CF_DEVICES_RUNTIMES_DIR), shared with the runtime matrix: Verdaccio, yarn 4, Node 20 and 22,
 * bun; so is yarn's global folder (yarn-global), from which each run first removes our packages.
 * pnpm must be on PATH (it is under `pnpm test`; `bash scripts/dev.sh` puts it there).
 * The packages must be built (`pnpm build`; `pnpm test` builds before this runs).
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand as run } from "./lib/run-command.ts";
import { installRuntimes, RUNTIMES_DIR } from "./runtimes/matrix.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const PACKAGES = ["types", "client", "mock", "cli"] as const;
type Pkg = (typeof PACKAGES)[number];
const MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
type Manager = (typeof MANAGERS)[number];

/** How many consumer folders install and run at once. */
const CONCURRENCY = Number(process.env.CF_DEVICES_ROUND_TRIP_JOBS) || 4;

interface Result {
  manager: Manager | "registry";
  pkg: Pkg | "publish" | "start";
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** Throws with the command's output when it did not exit 0. */
async function must(command: string, args: string[], options: Parameters<typeof run>[2] = {}) {
  const out = await run(command, args, options);
  if (out.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(" ")}\` exited ${out.code}:\n${(out.stderr || out.stdout).trim().slice(-3000)}`,
    );
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installs `spec` with npm into RUNTIMES_DIR/<name> unless `bin` is there; returns its path. */
async function tool(name: string, spec: string, bin: string): Promise<string> {
  const dir = join(RUNTIMES_DIR, name);
  const exe = join(dir, bin);
  if (!existsSync(exe)) {
    mkdirSync(dir, { recursive: true });
    const args = ["install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", spec];
    const out = await run("npm", args, { timeoutMs: 300_000 });
    if (out.code !== 0 || !existsSync(exe)) {
      throw new Error(
        `could not install ${spec} (exit ${out.code}); run \`npm ${args.join(" ")}\` by hand:\n${out.stderr.slice(-2000)}`,
      );
    }
  }
  return exe;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

interface Registry {
  url: string;
  token: string;
  stop: () => Promise<void>;
  log: () => string;
}

/** Starts Verdaccio with its own config and storage in `dir` and registers a user. */
async function startVerdaccio(verdaccio: string, dir: string): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // The @cf-devices scope is served from this registry's storage only (no uplink); consumers
  // take everything else from their usual registry, so nothing else is proxied.
  writeFileSync(
    join(dir, "config.yaml"),
    [
      "storage: ./storage",
      "auth:",
      "  htpasswd:",
      "    file: ./htpasswd",
      "    max_users: 10",
      "uplinks: {}",
      "packages:",
      "  '@cf-devices/*':",
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "web:",
      "  enable: false",
      "max_body_size: 50mb",
      // Node's 5 s default closes idle sockets that clients (yarn) still reuse: ECONNRESET.
      "server:",
      "  keepAliveTimeout: 120",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [verdaccio, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    const done = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([done, sleep(3000)]);
    if (!exited) child.kill("SIGKILL");
  };
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`Verdaccio exited at start:\n${output.slice(-3000)}`);
    if (Date.now() - started > 60_000) {
      await stop();
      throw new Error(`Verdaccio did not answer ${url}-/ping within 60 s:\n${output.slice(-3000)}`);
    }
    const ok = await fetch(`${url}-/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(200);
  }
  const user = "round-trip";
  const res = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: user, password: `pw-${Date.now()}-${Math.random()}` }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string };
  if (!res.ok || !body.token) {
    await stop();
    throw new Error(
      `could not register a user on Verdaccio: ${res.status} ${JSON.stringify(body)}`,
    );
  }
  return { url, token: body.token, stop, log: () => output };
}

/** The npm config line that carries the registry token; written only into temp files. */
const authLine = (registry: Registry) =>
  `${registry.url.replace(/^https?:/, "")}:_authToken=${registry.token}`;

interface Tools {
  yarn: string;
  bun: string;
  node: Record<"20" | "22" | "24", string>;
}

/** A fresh project for one manager and one package, with the scope pointed at the registry. */
function project(work: string, manager: Manager, pkg: Pkg, registry: Registry): string {
  const dir = join(work, `${manager}-${pkg}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: `round-trip-${manager}-${pkg}`, private: true, type: "module" }, null, 2)}\n`,
  );
  writeFileSync(join(dir, ".npmrc"), `@cf-devices:registry=${registry.url}\n`);
  if (manager === "yarn") {
    const origin = registry.url.replace(/\/$/, "");
    writeFileSync(
      join(dir, ".yarnrc.yml"),
      [
        "npmScopes:",
        "  cf-devices:",
        `    npmRegistryServer: "${origin}"`,
        'unsafeHttpWhitelist: ["127.0.0.1"]',
        "enableTelemetry: false",
        "enableImmutableInstalls: false",
        // yarn 4 installs a version only once it is a day old (npmMinimalAgeGate, 1440 minutes);
        // a team that wants a release at once preapproves the scope, as the README says.
        'npmPreapprovedPackages: ["@cf-devices/*"]',
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "yarn.lock"), "");
  }
  if (manager === "bun") {
    writeFileSync(
      join(dir, "bunfig.toml"),
      `[install.scopes]\n"@cf-devices" = "${registry.url}"\n`,
    );
  }
  return dir;
}

/** yarn's global folder (its cache and registry metadata), kept between runs. */
const YARN_GLOBAL = join(RUNTIMES_DIR, "yarn-global");

/**
 * Removes the @cf-devices packages from yarn's kept cache and metadata: every run publishes
 * the same versions anew, and yarn would otherwise install an earlier run's archive of them.
 */
function purgeYarnCache() {
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.includes("cf-devices")) rmSync(path, { force: true });
      else if (
        dir.includes(`${join(YARN_GLOBAL, "metadata")}`) &&
        readFileSync(path, "latin1").includes("@cf-devices/")
      ) {
        rmSync(path, { force: true });
      }
    }
  };
  walk(YARN_GLOBAL);
}

function managerEnv(manager: Manager, work: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false" };
  // Caches of this run only where a manager would otherwise reuse the metadata or tarball of an
  // earlier run's @cf-devices/*@<same version> (a new registry publishes the same versions).
  if (manager === "pnpm") env.npm_config_cache_dir = join(work, "cache", "pnpm");
  if (manager === "yarn") {
    // Kept between runs (typescript is large); purgeYarnCache drops what it holds of ours.
    env.YARN_GLOBAL_FOLDER = YARN_GLOBAL;
    env.YARN_ENABLE_TELEMETRY = "0";
    env.YARN_ENABLE_PROGRESS_BARS = "0";
  }
  if (manager === "bun") env.BUN_INSTALL_CACHE_DIR = join(work, "cache", "bun");
  // Installs are outside the workspace: no `pnpm run` variables from it.
  for (const key of Object.keys(env)) {
    if (key.startsWith("npm_package_") || key === "npm_config_user_agent") delete env[key];
  }
  return env;
}

async function installOnce(
  manager: Manager,
  dir: string,
  tools: Tools,
  env: NodeJS.ProcessEnv,
  specs: string[],
) {
  const options = { cwd: dir, env, timeoutMs: 300_000 };
  switch (manager) {
    case "npm":
      return must(
        "npm",
        ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs],
        options,
      );
    case "pnpm":
      return must("pnpm", ["add", "--reporter=append-only", ...specs], options);
    case "yarn":
      return must(process.execPath, [tools.yarn, "add", ...specs], options);
    case "bun":
      return must(tools.bun, ["add", "--no-progress", ...specs], options);
  }
}

/** A connection that broke mid-install, not an answer: worth one more try. */
const TRANSIENT = /ECONNRESET|socket hang up|ETIMEDOUT|EAI_AGAIN|ECONNREFUSED/;

/** Installs `specs`; tries once more when the first try broke on the network. */
async function install(
  manager: Manager,
  dir: string,
  tools: Tools,
  env: NodeJS.ProcessEnv,
  specs: string[],
) {
  try {
    return await installOnce(manager, dir, tools, env, specs);
  } catch (error) {
    if (!TRANSIENT.test((error as Error).message)) throw error;
    console.log(`    ${manager}: network error while installing ${specs.join(" ")}; trying again`);
    return installOnce(manager, dir, tools, env, specs);
  }
}

/** Runs a package's bin the way users of `manager` do. */
function execBin(manager: Manager, tools: Tools, bin: string, args: string[]): [string, string[]] {
  switch (manager) {
    case "npm":
      return ["npx", ["--no-install", bin, ...args]];
    case "pnpm":
      return ["pnpm", ["exec", bin, ...args]];
    case "yarn":
      return [process.execPath, [tools.yarn, bin, ...args]];
    case "bun":
      return [tools.bun, ["x", bin, ...args]];
  }
}

/**
 * Names of the installed packages (scoped ones as @scope/name): node_modules for npm and bun,
 * which install flat; pnpm's virtual store (node_modules/.pnpm), which holds every package.
 */
function installed(dir: string): string[] {
  const modules = join(dir, "node_modules");
  if (!existsSync(modules)) return [];
  const store = join(modules, ".pnpm");
  if (existsSync(store)) {
    return readdirSync(store)
      .filter((entry) => entry !== "node_modules" && !entry.endsWith(".yaml"))
      .map((entry) => entry.replace(/^(@[^+]+)\+/, "$1/").replace(/^(@?[^@]+)@.*$/, "$1"))
      .sort();
  }
  const out: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      for (const sub of readdirSync(join(modules, entry))) out.push(`${entry}/${sub}`);
    } else out.push(entry);
  }
  return out.sort();
}

/** Names yarn resolved for this project (Plug'n'Play has no node_modules). */
async function yarnInstalled(dir: string, tools: Tools, env: NodeJS.ProcessEnv): Promise<string[]> {
  const out = await must(
    process.execPath,
    [tools.yarn, "info", "--all", "--recursive", "--json", "--name-only"],
    {
      cwd: dir,
      env,
    },
  );
  return out.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string)
    .map((locator) => locator.replace(/^(@?[^@]+)@.*$/, "$1"))
    .filter((name) => !name.startsWith("round-trip-"))
    .sort();
}

const TYPES_PROGRAM = `import { manifest, type PhysicalDevice, type paths } from "@cf-devices/types";

type ListQuery = NonNullable<
  paths["/accounts/{account_id}/devices/physical-devices"]["get"]["parameters"]["query"]
>;
const device: Pick<PhysicalDevice, "id" | "name"> = { id: "d1", name: "laptop" };
const query: ListQuery = { per_page: 10 };
const method: "GET" = manifest.listPhysicalDevices.method;
// @ts-expect-error: not an operation of the API
manifest.noSuchOperation;
// @ts-expect-error: \`id\` is a string
const wrong: PhysicalDevice["id"] = 1;
export { device, method, query, wrong };
`;

function tsconfig(resolution: "node16" | "bundler") {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        module: resolution === "node16" ? "node16" : "esnext",
        moduleResolution: resolution,
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ["check.ts"],
    },
    null,
    2,
  )}\n`;
}

/** The client against a recording fetch: a found device, then a 404 as NotFoundError. */
function clientProgram(format: "esm" | "cjs") {
  const load =
    format === "esm"
      ? 'import { createClient, getPhysicalDevice, NotFoundError } from "@cf-devices/client";'
      : 'const { createClient, getPhysicalDevice, NotFoundError } = require("@cf-devices/client");';
  const body = `
const seen = [];
const envelope = (result, errors = []) => ({ success: errors.length === 0, errors, messages: [], result });
const fetch = async (input, init) => {
  const request = new Request(input, init);
  seen.push(\`\${request.method} \${new URL(request.url).pathname} \${request.headers.get("authorization")}\`);
  if (request.url.endsWith("/d1")) return Response.json(envelope({ id: "d1", name: "laptop" }));
  return Response.json(envelope(null, [{ code: 1001, message: "not found" }]), { status: 404 });
};
const client = createClient({ apiToken: "round-trip-token", accountId: "acc1", fetch, maxRetries: 0 });
const device = await getPhysicalDevice(client, { path: { device_id: "d1" } });
if (device?.name !== "laptop") throw new Error(\`unexpected result: \${JSON.stringify(device)}\`);
let caught;
try {
  await getPhysicalDevice(client, { path: { device_id: "d2" } });
} catch (error) {
  caught = error;
}
if (!(caught instanceof NotFoundError)) throw new Error(\`expected a NotFoundError, got \${caught}\`);
const want = "GET /client/v4/accounts/acc1/devices/physical-devices/d1 Bearer round-trip-token";
if (seen[0] !== want) throw new Error(\`unexpected request: \${seen[0]}\`);
console.log(\`ok \${process.version}\`);
`;
  return format === "esm"
    ? `${load}\n${body}`
    : `${load}\n(async () => {${body}})().catch((error) => { console.error(error); process.exitCode = 1; });\n`;
}

/** Starts `cf-devices-mock --port 0 --quiet` and asks it for the physical devices. */
async function checkMockServer(
  command: string,
  args: string[],
  dir: string,
  env: NodeJS.ProcessEnv,
) {
  const child = spawn(command, [...args, "--port", "0", "--quiet"], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  try {
    const started = Date.now();
    let base = "";
    while (!base) {
      base = stdout.match(/https?:\/\/\S+/)?.[0] ?? "";
      if (base) break;
      if (exited) throw new Error(`cf-devices-mock exited before printing a URL:\n${stderr}`);
      if (Date.now() - started > 30_000)
        throw new Error(`cf-devices-mock printed no URL in 30 s:\n${stderr}`);
      await sleep(100);
    }
    const admin = (await fetch(`${new URL(base).origin}/__mock`)
      .then((r) => r.json())
      .catch(() => null)) as {
      result?: { accounts?: { id: string }[] };
      accounts?: { id: string }[];
    } | null;
    const account = (admin?.result?.accounts ?? admin?.accounts)?.[0]?.id;
    if (!account)
      throw new Error(`the mock's admin API named no account: ${JSON.stringify(admin)}`);
    const url = `${base}/accounts/${account}/devices/physical-devices`;
    const res = await fetch(url, { headers: { authorization: "Bearer round-trip" } });
    const body = (await res.json()) as { success?: boolean; result?: unknown[] };
    if (
      !res.ok ||
      body.success !== true ||
      !Array.isArray(body.result) ||
      body.result.length === 0
    ) {
      throw new Error(`GET ${url} -> ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    }
  } finally {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
    }
  }
}

async function consumer(
  manager: Manager,
  pkg: Pkg,
  ctx: { work: string; registry: Registry; tools: Tools; version: string; typescript: string },
  record: (name: string, fn: () => Promise<void>) => Promise<boolean>,
) {
  const { work, registry, tools, version } = ctx;
  const dir = project(work, manager, pkg, registry);
  const env = managerEnv(manager, work);
  const spec = `@cf-devices/${pkg}@${version}`;
  const extra = pkg === "types" ? [`typescript@${ctx.typescript}`] : [];
  const ok = await record(
    `install ${spec}${extra.length ? ` (+ ${extra.join(" ")})` : ""}`,
    async () => {
      await install(manager, dir, tools, env, [spec, ...extra]);
    },
  );
  if (!ok) return;
  const names = async () => (manager === "yarn" ? yarnInstalled(dir, tools, env) : installed(dir));
  const node = (file: string, major: "20" | "22" | "24") =>
    manager === "yarn"
      ? must(process.execPath, [tools.yarn, "node", file], { cwd: dir, env })
      : must(tools.node[major], [file], { cwd: dir, env });

  if (pkg === "types") {
    await record("no runtime dependencies", async () => {
      const got = (await names()).filter((n) => n !== "typescript" && n !== "@types/node");
      if (got.join(" ") !== "@cf-devices/types") throw new Error(`installed: ${got.join(" ")}`);
    });
    writeFileSync(join(dir, "check.ts"), TYPES_PROGRAM);
    for (const resolution of ["node16", "bundler"] as const) {
      writeFileSync(join(dir, `tsconfig.${resolution}.json`), tsconfig(resolution));
      await record(`tsc under ${resolution} resolution`, async () => {
        const [command, args] = execBin(manager, tools, "tsc", [
          "-p",
          `tsconfig.${resolution}.json`,
        ]);
        await must(command, args, { cwd: dir, env });
      });
    }
    writeFileSync(
      join(dir, "manifest.mjs"),
      'import { manifest } from "@cf-devices/types";\nif (manifest.listPhysicalDevices?.method !== "GET") throw new Error("no listPhysicalDevices in the manifest");\n',
    );
    await record("the manifest loads at run time", async () => {
      await node("manifest.mjs", "24");
    });
  }

  if (pkg === "client") {
    await record("none of the CLI's or mock's dependencies", async () => {
      const got = await names();
      const unwanted = got.filter((n) =>
        ["hono", "yaml", "@hono/node-server", "@cf-devices/mock", "@cf-devices/cli"].includes(n),
      );
      if (unwanted.length > 0)
        throw new Error(`installed ${unwanted.join(", ")} (all: ${got.join(" ")})`);
      if (!got.includes("openapi-fetch"))
        throw new Error(`openapi-fetch missing (all: ${got.join(" ")})`);
    });
    writeFileSync(join(dir, "client.mjs"), clientProgram("esm"));
    writeFileSync(join(dir, "client.cjs"), clientProgram("cjs"));
    const majors = manager === "yarn" ? (["24"] as const) : (["20", "22", "24"] as const);
    for (const major of majors) {
      await record(`import on Node ${major}`, async () => {
        await node("client.mjs", major);
      });
      if (major !== "20") {
        await record(`require() on Node ${major}`, async () => {
          await node("client.cjs", major);
        });
      }
    }
  }

  if (pkg === "cli") {
    await record("cf-devices --mock devices list", async () => {
      const [command, args] = execBin(manager, tools, "cf-devices", ["--mock", "devices", "list"]);
      const out = await must(command, args, { cwd: dir, env });
      const rows = out.stdout.split("\n").filter((l) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(l));
      if (rows.length === 0) throw new Error(`no devices listed:\n${out.stdout.slice(0, 500)}`);
    });
    await record("cf-devices --version", async () => {
      const [command, args] = execBin(manager, tools, "cf-devices", ["--version"]);
      const out = await must(command, args, { cwd: dir, env });
      if (out.stdout.trim() !== version)
        throw new Error(`printed "${out.stdout.trim()}", published ${version}`);
    });
  }

  if (pkg === "mock") {
    await record("only @cf-devices/types besides", async () => {
      const got = (await names()).filter((n) => n !== "@cf-devices/mock");
      if (got.join(" ") !== "@cf-devices/types") throw new Error(`installed: ${got.join(" ")}`);
    });
    await record("cf-devices-mock answers a request", async () => {
      // The bin itself where there is one, so that the process group is the server's.
      const [command, args] =
        manager === "yarn"
          ? execBin(manager, tools, "cf-devices-mock", [])
          : [tools.node["24"], [join(dir, "node_modules/@cf-devices/mock/dist/bin.js")]];
      if (manager !== "yarn" && !existsSync(join(dir, "node_modules/.bin/cf-devices-mock"))) {
        throw new Error("node_modules/.bin/cf-devices-mock was not linked");
      }
      await checkMockServer(command, args, dir, env);
    });
  }
}

async function main(argv: string[]): Promise<number> {
  const keep = argv.includes("--keep");
  const only = MANAGERS.filter((m) => argv.includes(m));
  const unknown = argv.filter(
    (a) => a !== "--keep" && !(MANAGERS as readonly string[]).includes(a),
  );
  if (unknown.length > 0) {
    console.error(
      `registry-round-trip: unknown argument ${unknown.join(" ")}; takes --keep and any of ${MANAGERS.join(", ")}`,
    );
    return 2;
  }
  const managers = only.length > 0 ? only : [...MANAGERS];
  const started = performance.now();
  const results: Result[] = [];
  const print = (r: Result) => {
    const where = `${r.manager} ${r.pkg}`.padEnd(16);
    console.log(`${r.ok ? "pass" : "FAIL"}  ${where} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`);
    if (r.error) console.log(r.error.replace(/^/gm, "      "));
  };
  const record = async (
    manager: Result["manager"],
    pkg: Result["pkg"],
    name: string,
    fn: () => Promise<void>,
  ) => {
    const t = performance.now();
    try {
      await fn();
      const r = { manager, pkg, name, ok: true, ms: performance.now() - t };
      results.push(r);
      print(r);
      return true;
    } catch (error) {
      const r = {
        manager,
        pkg,
        name,
        ok: false,
        ms: performance.now() - t,
        error: (error as Error).message,
      };
      results.push(r);
      print(r);
      return false;
    }
  };

  const work = mkdtempSync(join(tmpdir(), "cf-devices-round-trip-"));
  let registry: Registry | undefined;
  try {
    for (const name of PACKAGES) {
      if (!existsSync(join(root, "packages", name, "dist", "index.js"))) {
        throw new Error(`packages/${name}/dist is missing: run \`pnpm build\` first`);
      }
    }
    const pnpmVersion = await run("pnpm", ["--version"]);
    if (pnpmVersion.code !== 0) {
      throw new Error(
        "pnpm is not on PATH: run this through `pnpm test` or `bash scripts/dev.sh exec node scripts/registry-round-trip.ts`",
      );
    }
    const version = JSON.parse(readFileSync(join(root, "packages/types/package.json"), "utf8"))
      .version as string;
    const typescript = (
      readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").match(
        /^\s+typescript:\s*(\S+)/m,
      )?.[1] ?? "5"
    ).replace(/^["']|["']$/g, "");

    console.log("==> tools (cached in", RUNTIMES_DIR, ")");
    const [verdaccio, yarn, runtimes] = await Promise.all([
      tool("verdaccio", "verdaccio@6", "node_modules/verdaccio/bin/verdaccio"),
      tool("yarn4", "@yarnpkg/cli-dist@4", "node_modules/@yarnpkg/cli-dist/bin/yarn.js"),
      installRuntimes((line) => console.log(`    ${line}`)),
    ]);
    const missing = ["node20", "node22", "bun"].filter((n) => !runtimes.paths[n]);
    if (missing.length > 0) {
      throw new Error(missing.map((n) => runtimes.errors[n]).join("\n"));
    }
    const tools: Tools = {
      yarn,
      bun: runtimes.paths.bun!,
      node: { "20": runtimes.paths.node20!, "22": runtimes.paths.node22!, "24": process.execPath },
    };

    console.log("==> Verdaccio");
    const started = performance.now();
    registry = await startVerdaccio(verdaccio, join(work, "registry"));
    const reg = registry;
    console.log(`    ${reg.url} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    console.log("==> changeset publish --no-git-tag");
    const published = await record(
      "registry",
      "publish",
      `changeset publish of ${PACKAGES.length} packages`,
      async () => {
        // A user config of its own, naming only this registry: a token the user has for the real
        // registry is never in reach, so a mistake here cannot publish anywhere else.
        const userconfig = join(work, "publish.npmrc");
        writeFileSync(
          userconfig,
          `registry=${reg.url}\n@cf-devices:registry=${reg.url}\n${authLine(reg)}\n`,
        );
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          npm_config_registry: reg.url,
          "npm_config_@cf-devices:registry": reg.url,
          npm_config_userconfig: userconfig,
        };
        const out = await must(
          join(root, "node_modules/.bin/changeset"),
          ["publish", "--no-git-tag"],
          {
            cwd: root,
            env,
            timeoutMs: 300_000,
          },
        );
        for (const name of PACKAGES) {
          const res = await fetch(`${reg.url}@cf-devices%2f${name}`);
          const doc = (await res.json().catch(() => ({}))) as {
            versions?: Record<string, unknown>;
          };
          if (!doc.versions?.[version]) {
            throw new Error(
              `@cf-devices/${name}@${version} is not on the registry:\n${out.stdout}\n${out.stderr}`,
            );
          }
        }
      },
    );
    if (!published) throw new Error("nothing to install: the publish failed");

    console.log(
      `==> install one package at a time with ${managers.join(", ")} (${CONCURRENCY} at a time)`,
    );
    if (managers.includes("yarn")) purgeYarnCache();
    // The types jobs first: installing typescript and type-checking twice makes them the longest.
    const jobs = PACKAGES.flatMap((pkg) => managers.map((manager) => ({ manager, pkg })));
    await pool(jobs, CONCURRENCY, ({ manager, pkg }) =>
      consumer(manager, pkg, { work, registry: reg, tools, version, typescript }, (name, fn) =>
        record(manager, pkg, name, fn),
      ),
    );
  } catch (error) {
    await record("registry", "start", "set-up", async () => {
      throw error;
    });
  } finally {
    await registry?.stop();
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `registry round trip: ${results.length - failed} passed, ${failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(await main(process.argv.slice(2)));
}
