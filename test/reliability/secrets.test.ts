/**
 * Secrets never leak. With a known API token, a known Global API key (+ email) and posture
 * integration credentials (the spec's `writeOnly` config fields), the client,
 * the `cf-devices` command (with `--verbose`, `--dry-run`, `--mock`, and on error paths) and the
 * mock's request log and state are driven through successes and failures; the test fails if
 * either secret appears in any output: stdout, stderr, log lines, error messages,
 * `String(error)`, `JSON.stringify(error)`, stacks, `util.inspect` (what `console.log` prints),
 * `mock.requests`, `/__mock/requests`, `/__mock`, snapshots and state files.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import {
  createClient,
  createDeploymentGroup,
  createDeviceSettingsProfile,
  createIpProfile,
  createManagedNetwork,
  createPostureIntegration,
  getPostureIntegration,
  getRegistration,
  listIpProfiles,
  listPhysicalDevices,
  listPostureIntegrations,
  listRegistrations,
  revokeRegistrations,
  setGlobalWarpOverride,
  setSplitTunnelExcludeList,
  updatePostureIntegration,
} from "@cf-devices/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, serve } from "../../packages/mock/src/node.js";
import { fakeApi } from "./_fake-api.ts";
import { killAll, runCli } from "./_process.ts";

// Distinctive values, so any appearance is found, and never a prefix of ordinary text.
const TOKEN = "tok_Sekr3t-4b1d9c7e2f8a6d3c5b0e9f1a7c4d2e8b6a3f";
const BAD_TOKEN = "tok_Wr0ng-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f";
const EMAIL = "secops@example.com";
const KEY = "gk_Gl0bal-0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8";
// Credentials of posture integrations: accepted by the API, never returned or stored.
const CLIENT_SECRET = "cs_P0sture-7e6d5c4b3a291807f6e5d4c3b2a19080";
const CLIENT_KEY = "ck_Upt1cs-0918273645abcdef0918273645abcdef";
const ACCESS_SECRET = "as_Acc3ss-5a4b3c2d1e0f98877665544332211009";
const SECRETS = [TOKEN, BAD_TOKEN, KEY, CLIENT_SECRET, CLIENT_KEY, ACCESS_SECRET];

const crowdstrike = {
  name: "CrowdStrike",
  type: "crowdstrike_s2s" as const,
  interval: "10m",
  config: {
    api_url: "https://api.crowdstrike.com",
    client_id: "cs-client",
    client_secret: CLIENT_SECRET,
    customer_id: "cs-customer",
  },
};

const dir = mkdtempSync(join(tmpdir(), "cf-devices-secrets-"));
const stateFile = join(dir, "server-state.json");
let server: MockServer;
/** Everything that was printed, logged, thrown or stored, with where it came from. */
const seen: { where: string; text: string }[] = [];
const record = (where: string, text: unknown) =>
  seen.push({ where, text: typeof text === "string" ? text : JSON.stringify(text) });

/** Every way an error is commonly turned into text. */
function recordError(where: string, error: unknown) {
  const e = error as Error;
  record(`${where}: message`, String(e?.message));
  record(`${where}: String()`, String(e));
  record(`${where}: JSON.stringify`, JSON.stringify(e));
  record(`${where}: stack`, String(e?.stack));
  record(`${where}: inspect`, inspect(e, { depth: 6, showHidden: false }));
  record(`${where}: cause`, inspect((e as { cause?: unknown })?.cause, { depth: 6 }));
}

beforeAll(async () => {
  server = await serve({
    port: 0,
    seed: 9,
    devices: 20,
    stateFile,
    faultsFromEnv: false,
    auth: { tokens: [TOKEN], keys: [{ email: EMAIL, key: KEY }] },
  });
});
afterAll(async () => {
  killAll();
  await server.close();
});

describe("secrets", () => {
  it("stay out of everything the client produces, on success and failure", async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, d?: unknown) => lines.push(`debug ${m} ${inspect(d)}`),
      warn: (m: string, d?: unknown) => lines.push(`warn ${m} ${inspect(d)}`),
    };
    const base = { baseUrl: server.url, accountId: server.mock.accountId, env: {}, logger };
    const byToken = createClient({ ...base, apiToken: TOKEN });
    const byKey = createClient({ ...base, apiEmail: EMAIL, apiKey: KEY });
    const wrong = createClient({ ...base, apiToken: BAD_TOKEN });
    record("client object", inspect(byToken, { depth: 6, showHidden: true }));
    record("client JSON", JSON.stringify(byToken));

    // Successes: a list with pages, a write, a create.
    const regs = await listRegistrations(byToken, { query: { per_page: 5 } });
    for await (const _ of listPhysicalDevices.paginate(byToken, { query: { per_page: 7 } })) {
      // walk every page
    }
    await setSplitTunnelExcludeList(byKey, { body: [{ address: "10.9.0.0/16" }] });
    await createDeviceSettingsProfile(byKey, {
      body: { name: "secret test", match: "true", precedence: 31337 },
    });
    await revokeRegistrations(byToken, { query: { id: [regs[0]!.id] } });
    await createManagedNetwork(byKey, {
      body: { name: "secret test", type: "tls", config: { tls_sockaddr: "10.0.0.1:443" } },
    });
    await setGlobalWarpOverride(byKey, { body: { disconnect: true, justification: "drill" } });
    await createIpProfile(byToken, {
      body: { name: "secret test", match: "true", precedence: 31337, subnet_id: "s" },
    });
    // Integration credentials go in, and nothing that comes back holds them.
    const integration = await createPostureIntegration(byToken, { body: crowdstrike });
    record("client: created integration", inspect(integration, { depth: 6 }));
    const path = { integration_id: String(integration?.id) };
    record(
      "client: updated integration",
      await updatePostureIntegration(byKey, {
        path,
        body: {
          type: "uptycs",
          config: {
            api_url: "https://uptycs.example.com",
            client_key: CLIENT_KEY,
            client_secret: CLIENT_SECRET,
            customer_id: "u",
          },
        },
      }),
    );
    record(
      "client: tanium integration",
      await createPostureIntegration(byToken, {
        body: {
          name: "Tanium",
          type: "tanium_s2s",
          interval: "15m",
          config: {
            api_url: "https://tanium.example.com",
            client_secret: CLIENT_SECRET,
            access_client_id: "id.access",
            access_client_secret: ACCESS_SECRET,
          },
        },
      }),
    );
    record("client: integration", await getPostureIntegration(byToken, { path }));
    record("client: integrations", await listPostureIntegrations(byToken));

    // Failures of every kind.
    const failures: [string, () => Promise<unknown>][] = [
      ["404", () => getRegistration(byToken, { path: { registration_id: "nope" } })],
      ["403 unknown token", () => listRegistrations(wrong)],
      ["403 key on a token-only operation", () => listRegistrations(byKey)],
      ["403 key on token-only IP profiles", () => listIpProfiles(byKey)],
      [
        "403 key on token-only deployment groups",
        () =>
          createDeploymentGroup(byKey, {
            body: { name: "g", version_config: [{ version: "1", target_environment: null }] },
          }),
      ],
      [
        "400 rule on a managed network",
        () =>
          createManagedNetwork(byKey, {
            body: { name: "bad", type: "tls", config: { tls_sockaddr: "nowhere" } },
          }),
      ],
      ["400 validation", () => listRegistrations(byToken, { query: { per_page: 5000 } })],
      [
        "400 integration config of another type, with its secret",
        () =>
          createPostureIntegration(byToken, {
            body: { ...crowdstrike, type: "workspace_one" },
          }),
      ],
      [
        "400 integration interval, with a secret",
        () => createPostureIntegration(byKey, { body: { ...crowdstrike, interval: "often" } }),
      ],
      [
        "404 integration update with a secret",
        () =>
          updatePostureIntegration(byToken, {
            path: { integration_id: "00000000-0000-4000-8000-000000000000" },
            body: { config: crowdstrike.config },
          }),
      ],
      [
        "connection refused",
        () =>
          listRegistrations(
            createClient({ ...base, apiToken: TOKEN, baseUrl: "http://127.0.0.1:9/client/v4" }),
            {},
            { maxRetries: 1 },
          ),
      ],
      [
        "timeout",
        async () => {
          const hanging = await fakeApi(() => {});
          try {
            return await listRegistrations(
              createClient({ ...base, apiToken: TOKEN, baseUrl: hanging.url }),
              {},
              { timeout: 200 },
            );
          } finally {
            await hanging.close();
          }
        },
      ],
      [
        "a server that echoes the credentials back",
        async () => {
          const echo = await fakeApi((req, res) => {
            res.writeHead(400, { "content-type": "application/json" });
            res.end(
              JSON.stringify({
                success: false,
                errors: [
                  {
                    code: 1000,
                    message: `bad auth: ${req.headers.authorization} ${req.headers["x-auth-key"]}`,
                  },
                ],
                messages: [],
                result: null,
                echo: req.headers,
              }),
            );
          });
          try {
            await listRegistrations(
              createClient({ ...base, apiToken: TOKEN, baseUrl: echo.url }),
            ).catch((e) => recordError("echo (token)", e));
            return await setSplitTunnelExcludeList(
              createClient({ ...base, apiEmail: EMAIL, apiKey: KEY, baseUrl: echo.url }),
              { body: [] },
            );
          } finally {
            await echo.close();
          }
        },
      ],
    ];
    for (const [name, call] of failures) {
      const error = await call().then(
        () => new Error(`${name}: expected a failure`),
        (e: unknown) => e,
      );
      recordError(name, error);
    }
    for (const line of lines) record("logger", line);
    expect(lines.length).toBeGreaterThan(5);
  });

  it("stay out of everything the cf-devices command prints, with --verbose and on errors", async () => {
    const account = server.mock.accountId;
    const tokenEnv = {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_BASE_URL: server.url,
      CLOUDFLARE_ACCOUNT_ID: account,
      HOME: dir,
    };
    const keyEnv = {
      CLOUDFLARE_EMAIL: EMAIL,
      CLOUDFLARE_API_KEY: KEY,
      CLOUDFLARE_BASE_URL: server.url,
      CLOUDFLARE_ACCOUNT_ID: account,
      HOME: dir,
    };
    const profileFile = join(dir, "profile.json");
    writeFileSync(
      profileFile,
      JSON.stringify({ name: "cli secret", match: "true", precedence: 4711 }),
    );
    // Kept apart from the files scanned below: holding the secret is what this input is for.
    const integrationFile = join(
      mkdtempSync(join(tmpdir(), "cf-devices-input-")),
      "integration.json",
    );
    writeFileSync(integrationFile, JSON.stringify(crowdstrike));
    const mockState = join(dir, "cli-mock-state.json");
    // --mock uses the embedded mock's own account; the secrets are in the environment anyway.
    const withoutAccount = (env: Record<string, string>) =>
      Object.fromEntries(Object.entries(env).filter(([k]) => k !== "CLOUDFLARE_ACCOUNT_ID"));
    const mockTokenEnv = withoutAccount(tokenEnv);
    const mockKeyEnv = withoutAccount(keyEnv);
    const runs: [string, string[], Record<string, string>][] = [
      ["list --verbose", ["devices", "list", "--verbose"], tokenEnv],
      [
        "api --paginate --verbose",
        ["api", "GET", "/accounts/{account_id}/devices/registrations", "--paginate", "--verbose"],
        tokenEnv,
      ],
      [
        "create --verbose (key)",
        ["profiles", "create", "--file", profileFile, "--verbose", "--yes"],
        keyEnv,
      ],
      [
        "split-tunnel add --verbose",
        ["split-tunnel", "exclude", "add", "10.77.0.0/16", "--verbose", "--yes"],
        keyEnv,
      ],
      [
        "revoke --dry-run --verbose",
        [
          "registrations",
          "revoke",
          "00000000-0000-4000-8000-000000000001",
          "--dry-run",
          "--verbose",
        ],
        tokenEnv,
      ],
      [
        "api POST integration --file --verbose",
        [
          "api",
          "POST",
          "/accounts/{account_id}/devices/posture/integration",
          "--file",
          integrationFile,
          "--verbose",
          "--yes",
        ],
        tokenEnv,
      ],
      [
        "api POST integration --mock --verbose",
        [
          "api",
          "POST",
          "/accounts/{account_id}/devices/posture/integration",
          "--file",
          integrationFile,
          "--mock",
          "--mock-state",
          mockState,
          "--verbose",
          "--yes",
        ],
        mockTokenEnv,
      ],
      ["404 --verbose", ["registrations", "get", "no-such-registration", "--verbose"], tokenEnv],
      ["403 key on token-only --verbose", ["registrations", "list", "--verbose"], keyEnv],
      [
        "403 unknown token --verbose",
        ["devices", "list", "--verbose"],
        { ...tokenEnv, CLOUDFLARE_API_TOKEN: BAD_TOKEN },
      ],
      [
        "connection refused --verbose",
        ["devices", "list", "--verbose"],
        { ...tokenEnv, CLOUDFLARE_BASE_URL: "http://127.0.0.1:9/client/v4" },
      ],
      ["usage error", ["devices", "list", "--per-page", "lots", "--verbose"], tokenEnv],
      [
        "--mock --verbose",
        [
          "split-tunnel",
          "exclude",
          "add",
          "10.88.0.0/16",
          "--mock",
          "--mock-state",
          mockState,
          "--verbose",
          "--yes",
        ],
        mockTokenEnv,
      ],
      [
        "--mock list --json",
        ["devices", "list", "--mock", "--mock-state", mockState, "--json"],
        mockKeyEnv,
      ],
    ];
    const codes: Record<string, number | null> = {};
    for (const [name, args, env] of runs) {
      const result = await runCli(args, env);
      codes[name] = result.code;
      record(`cli ${name}: stdout`, result.stdout);
      record(`cli ${name}: stderr`, result.stderr);
    }
    // The runs did what they say (so the outputs checked are the real ones).
    expect(codes).toMatchObject({
      "list --verbose": 0,
      "api --paginate --verbose": 0,
      "create --verbose (key)": 0,
      "split-tunnel add --verbose": 0,
      "revoke --dry-run --verbose": 0,
      "api POST integration --file --verbose": 0,
      "api POST integration --mock --verbose": 0,
      "404 --verbose": 1,
      "403 key on token-only --verbose": 4,
      "403 unknown token --verbose": 4,
      "connection refused --verbose": 1,
      "usage error": 2,
      "--mock --verbose": 0,
      "--mock list --json": 0,
    });
    record("cli mock state file", readFileSync(mockState, "utf8"));
  }, 60_000);

  it("stay out of the mock's request log, admin API, snapshots and state files", async () => {
    record("mock.requests", server.mock.requests);
    for (const path of ["/__mock/requests", "/__mock", "/__mock/state"]) {
      record(path, await (await fetch(`${server.origin}${path}`)).text());
    }
    record("snapshot", server.mock.snapshot());
    await server.close();
    for (const file of readdirSync(dir)) {
      if (file.endsWith(".json")) record(`file ${file}`, readFileSync(join(dir, file), "utf8"));
    }
    // The log did see the requests, with their credentials redacted.
    const log = server.mock.requests;
    expect(log.length).toBeGreaterThan(10);
    expect(log.some((r) => r.headers.authorization === "Bearer [redacted]")).toBe(true);
    expect(log.some((r) => r.headers["x-auth-key"] === "[redacted]")).toBe(true);
    // It saw the integration credentials too, as redacted fields.
    const sent = log.filter(
      (r) => r.operationId === "createPostureIntegration" && r.status === 200,
    );
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent[0]!.body).toMatchObject({ config: { client_secret: "[redacted]" } });
  });

  it("(the check itself) found no secret anywhere", () => {
    expect(seen.length).toBeGreaterThan(50);
    const leaks = seen
      .filter(({ text }) => SECRETS.some((s) => text.includes(s)))
      .map(({ where, text }) => {
        const secret = SECRETS.find((s) => text.includes(s))!;
        const at = text.indexOf(secret);
        return `${where}: …${text.slice(Math.max(0, at - 80), at + secret.length + 20)}…`;
      });
    expect(leaks).toEqual([]);
  });
});
