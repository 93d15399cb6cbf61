/**
 * The built `cf-devices` binary as a user runs it: a real process, real exit codes, stdout and
 * stderr kept apart. The embedded mock keeps state in a temp file between processes; the
 * standalone mock (strict credentials) stands in for the real API.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MockServer, serve } from "@cf-devices/mock/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const TOKEN = "cli-test-token-9f8e7d6c5b4a";
const dir = mkdtempSync(join(tmpdir(), "cf-devices-cli-"));
const STATE = join(dir, "state.json");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Result> {
  return cliOn(process.execPath, [], args, env, input);
}

/** Runs the CLI on a given Node.js executable, with Node options before the script. */
function cliOn(
  node: string,
  nodeArgs: string[],
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      node,
      [...nodeArgs, BIN, ...args],
      {
        env: {
          PATH: process.env.PATH ?? "",
          CF_DEVICES_MOCK_STATE: STATE,
          NO_COLOR: "1",
          XDG_CACHE_HOME: join(dir, "cache"),
          ...env,
        },
        cwd: dir,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? "");
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cf-devices --mock (embedded mock, state in a file)", () => {
  it("lists devices as JSON on stdout, nothing else", async () => {
    const r = await cli(["devices", "list", "--mock", "--json", "--per-page", "5"]);
    expect(r.code).toBe(0);
    const devices = JSON.parse(r.stdout);
    expect(devices).toHaveLength(5);
    expect(devices[0]).toHaveProperty("id");
    expect(devices[0]).toHaveProperty("active_registrations");
  });

  it("streams every page with --all --ndjson", async () => {
    const r = await cli([
      "registrations",
      "list",
      "--mock",
      "--all",
      "--ndjson",
      "--per-page",
      "7",
      "--fields",
      "id",
    ]);
    expect(r.code).toBe(0);
    const ids = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).id);
    expect(ids.length).toBeGreaterThan(7);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps state between commands: revoke, then the registration lists as revoked", async () => {
    const first = await cli([
      "registrations",
      "list",
      "--mock",
      "--per-page",
      "1",
      "--json",
      "--fields",
      "id",
    ]);
    const id = JSON.parse(first.stdout)[0].id as string;
    const revoke = await cli(["registrations", "revoke", id, "--mock", "--yes"]);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toBe("");
    const revoked = await cli([
      "registrations",
      "list",
      "--mock",
      "--status",
      "revoked",
      "--all",
      "--ndjson",
      "--fields",
      "id,revoked_at",
    ]);
    const rows = revoked.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.find((r) => r.id === id)?.revoked_at).toBeTruthy();
  });

  it("adds to a split tunnel list, shows the change, and writes the whole list back", async () => {
    const r = await cli([
      "split-tunnel",
      "include",
      "add",
      "10.42.0.0/16",
      "wiki.corp.example",
      "--description",
      "office",
      "--mock",
      "--yes",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("+ 10.42.0.0/16 (office)");
    expect(r.stderr).toContain("+ wiki.corp.example (office)");
    const list = await cli(["split-tunnel", "include", "get", "--mock", "--json"]);
    const entries = JSON.parse(list.stdout) as { address?: string; host?: string }[];
    expect(entries.some((e) => e.address === "10.42.0.0/16")).toBe(true);
    expect(entries.some((e) => e.host === "wiki.corp.example")).toBe(true);

    const again = await cli([
      "split-tunnel",
      "include",
      "remove",
      "10.42.0.0/16",
      "--mock",
      "--dry-run",
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("- 10.42.0.0/16");
    expect(again.stdout).toMatch(/^PUT .*\/devices\/policy\/include$/m);
  });

  it("creates a profile from a YAML file and reads it back", async () => {
    const file = join(dir, "profile.yaml");
    writeFileSync(
      file,
      'name: Kiosks\nmatch: identity.email == "kiosk@example.com"\nprecedence: 777\ncaptive_portal: 60\n',
    );
    const created = await cli(["profiles", "create", "--file", file, "--mock", "--json"]);
    expect(created.code).toBe(0);
    const profile = JSON.parse(created.stdout);
    expect(profile).toMatchObject({ name: "Kiosks", precedence: 777, captive_portal: 60 });
    const got = await cli([
      "profiles",
      "get",
      profile.policy_id,
      "--mock",
      "--json",
      "--fields",
      "name",
    ]);
    expect(JSON.parse(got.stdout)).toEqual({ name: "Kiosks" });
  });

  it("rejects a body that breaks the spec before sending, naming the field (exit 2)", async () => {
    const r = await cli(
      ["profiles", "create", "--file", "-", "--mock"],
      {},
      JSON.stringify({ name: "x", match: "y", precedence: "high" }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("/precedence");
    expect(r.stdout).toBe("");
  });

  it("prints the API's error codes and the cf-ray id (exit 1)", async () => {
    const r = await cli(["profiles", "get", "00000000-0000-4000-8000-000000000000", "--mock"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/404 from the API/);
    expect(r.stderr).toMatch(/\[\d{4,}\]/);
    expect(r.stderr).toMatch(/cf-ray: \S+/);
  });

  it("refuses a destructive command without a terminal and without --yes (exit 2)", async () => {
    const r = await cli(["devices", "delete", "anything", "--mock"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--yes");
  });
});

/** A Node.js older than 22.13 (no node:sqlite) where Debian keeps its own, if it is one. */
const OLD_NODE = (() => {
  try {
    const version = execFileSync("/usr/bin/node", ["-p", "process.versions.node"], {
      encoding: "utf8",
    }).trim();
    const [major, minor] = version.split(".").map(Number) as [number, number];
    return major < 22 || (major === 22 && minor < 13) ? "/usr/bin/node" : undefined;
  } catch {
    return undefined;
  }
})();

describe("a --mock state file that cannot be used (a user's problem, not a bug)", () => {
  const expectOneLine = (r: Result, pattern: RegExp) => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/bug|^\s+at /m);
  };
  const sqliteAdvice =
    /^error: --mock keeps its data in a state file \(.*fresh\.db\), a SQLite database that needs node:sqlite, built into Node\.js 22\.13 and newer; this is Node\.js [\d.]+\. Upgrade Node\.js, or add --mock-state none /;

  // `--no-experimental-sqlite` takes node:sqlite away, as Node.js before 22.13 has none.
  it("without node:sqlite: one line saying to upgrade Node.js or use --mock-state none (exit 2)", async () => {
    const state = { CF_DEVICES_MOCK_STATE: join(dir, "fresh.db") };
    const list = ["devices", "list", "--mock", "--json", "--per-page", "2"];
    expectOneLine(
      await cliOn(process.execPath, ["--no-experimental-sqlite"], list, state),
      sqliteAdvice,
    );
    const none = await cliOn(
      process.execPath,
      ["--no-experimental-sqlite"],
      [...list, "--mock-state", "none"],
    );
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toHaveLength(2);
  });

  it.skipIf(!OLD_NODE)(
    "on a Node.js older than 22.13 (/usr/bin/node; skipped where there is none): the same line",
    async () => {
      const r = await cliOn(OLD_NODE!, [], ["devices", "list", "--mock", "--json"], {
        CF_DEVICES_MOCK_STATE: join(dir, "fresh.db"),
      });
      expectOneLine(r, sqliteAdvice);
    },
  );

  it("a damaged state file: one line naming it and what to do (exit 2)", async () => {
    const damaged = join(dir, "damaged.db");
    writeFileSync(damaged, "this is not a database\n");
    const r = await cli(["devices", "list", "--mock"], { CF_DEVICES_MOCK_STATE: damaged });
    expectOneLine(r, /^error: cf-devices mock state file .*damaged\.db: .*cf-devices mock reset/);
  });
});

describe("Node's compile cache for the built CLI", () => {
  it("is kept per user, used by the next run, and off with NODE_DISABLE_COMPILE_CACHE", async () => {
    const cacheHome = join(dir, "compile-cache-test");
    const args = ["devices", "list", "--mock", "--json", "--per-page", "3"];
    const first = await cli(args, { XDG_CACHE_HOME: cacheHome });
    expect(first.code).toBe(0);
    const cacheDir = join(cacheHome, "cf-devices", "compile-cache");
    // Node keeps one folder per Node build, with one file per compiled module.
    const [build] = readdirSync(cacheDir);
    expect(build).toMatch(new RegExp(`^${process.version}-${process.arch}-`));
    expect(readdirSync(join(cacheDir, build!)).length).toBeGreaterThan(3);

    // Node says which modules it took from the cache when asked to.
    const second = await cli(args, {
      XDG_CACHE_HOME: cacheHome,
      NODE_DEBUG_NATIVE: "COMPILE_CACHE",
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/code cache for ESM file:.*dist\/run\.js was accepted/);
    expect(second.stderr).toMatch(/code cache for ESM file:.*dist\/mock\.js was accepted/);

    const off = join(dir, "compile-cache-off");
    const third = await cli(args, { XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(third.stdout).toBe(first.stdout);
    expect(() => readdirSync(join(off, "cf-devices"))).toThrow(/ENOENT/);
  });
});

describe("what a command loads", () => {
  // Records every file of dist/ the process loads (a module hook, preloaded through NODE_OPTIONS).
  const hook = join(dir, "record-modules.mjs");
  writeFileSync(
    hook,
    `import { registerHooks } from "node:module";
import { appendFileSync } from "node:fs";
registerHooks({
  load(url, context, next) {
    if (url.startsWith("file:") && url.includes("/dist/")) {
      appendFileSync(process.env.RECORD_MODULES, url.slice(url.lastIndexOf("/dist/") + 6) + "\\n");
    }
    return next(url, context);
  },
});
`,
  );
  const loaded = async (args: string[], env: Record<string, string> = {}) => {
    const record = join(dir, `modules-${args.join("-")}.txt`);
    const r = await cli(args, { NODE_OPTIONS: `--import=${hook}`, RECORD_MODULES: record, ...env });
    return { ...r, modules: readFileSync(record, "utf8").trim().split("\n").sort() };
  };

  it("--version reads bin.js only", async () => {
    const r = await loaded(["--version"]);
    expect(r.code).toBe(0);
    expect(r.modules).toEqual(["bin.js"]);
  });

  it("a --mock call reads the tool, the mock and the validators of its one operation", async () => {
    const r = await loaded(["devices", "list", "--mock", "--json", "--per-page", "2"]);
    expect(r.code).toBe(0);
    expect(r.modules).toEqual([
      "bin.js",
      "mock.js",
      "run.js",
      "types.js",
      "validators/listPhysicalDevices.js",
    ]);
  });

  it("a call to the API does not read the embedded mock", async () => {
    const r = await loaded(["devices", "list", "--account-id", "a".repeat(32)], {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_BASE_URL: "http://127.0.0.1:9/client/v4",
    });
    expect(r.code).not.toBe(0);
    expect(r.modules).toEqual(["bin.js", "run.js", "types.js"]);
  });
});

describe("cf-devices against a server (the standalone mock with strict credentials)", () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await serve({ port: 0, seed: 3, devices: 30, auth: { tokens: [TOKEN] } });
  });
  afterAll(() => server.close());

  const env = () => ({
    CLOUDFLARE_BASE_URL: server.url,
    CLOUDFLARE_ACCOUNT_ID: server.mock.accountId,
    CLOUDFLARE_ZONE_ID: server.mock.zoneId,
  });

  it("works with a token from the environment and never prints it, even with --verbose", async () => {
    const r = await cli(["devices", "list", "--json", "--verbose"], {
      ...env(),
      CLOUDFLARE_API_TOKEN: TOKEN,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it("exits 4 with the API's message when the token is refused", async () => {
    const wrong = "wrong-token-1234567890";
    const r = await cli(["devices", "list"], { ...env(), CLOUDFLARE_API_TOKEN: wrong });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/40[13] from the API/);
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  it("toggles certificate provisioning for the zone", async () => {
    const on = await cli(["certificates", "enable", "--json"], {
      ...env(),
      CLOUDFLARE_API_TOKEN: TOKEN,
    });
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual({ enabled: true });
    const read = await cli(["certificates", "get", "--json"], {
      ...env(),
      CLOUDFLARE_API_TOKEN: TOKEN,
    });
    expect(JSON.parse(read.stdout)).toEqual({ enabled: true });
  });

  it("sends raw calls with `api` and follows cursors with --paginate", async () => {
    const r = await cli(
      [
        "api",
        "GET",
        "/accounts/{account_id}/devices/physical-devices",
        "-f",
        "per_page=4",
        "--paginate",
        "--ndjson",
      ],
      { ...env(), CLOUDFLARE_API_TOKEN: TOKEN },
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(4);
  });
});

describe("bulk commands", () => {
  it("report exactly which items failed and exit 1, after doing the rest", async () => {
    const list = await cli([
      "devices",
      "list",
      "--mock",
      "--per-page",
      "2",
      "--json",
      "--fields",
      "id",
    ]);
    const [a, b] = (JSON.parse(list.stdout) as { id: string }[]).map((d) => d.id);
    const r = await cli([
      "devices",
      "revoke",
      a!,
      "no-such-device",
      b!,
      "--mock",
      "--yes",
      "--json",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("2 request(s) succeeded, 1 failed");
    expect(r.stderr).toContain("✗ no-such-device");
    expect(JSON.parse(r.stdout)).toMatchObject({
      succeeded: 2,
      failed: [{ item: "no-such-device" }],
      not_started: 0,
    });
    const after = await cli([
      "devices",
      "get",
      a!,
      "--mock",
      "--json",
      "--fields",
      "active_registrations",
    ]);
    expect(JSON.parse(after.stdout)).toEqual({ active_registrations: 0 });
  });
});
