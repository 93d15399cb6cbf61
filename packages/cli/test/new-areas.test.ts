/**
 * The command groups of posture rules and integrations, managed networks, account settings,
 * IP profiles, deployment groups, the global WARP override and override codes: which request
 * each command plans, body checks, confirmation, numbered pages and API-token-only areas.
 * Nothing here needs the mock to answer; `new-areas.mock.test.ts` drives the embedded mock.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { manifest, type OperationId, writeOnlyFields } from "@cf-devices/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areas } from "../src/commands/registry.js";
import { ExitCode } from "../src/errors.js";
import { run } from "./helpers.js";

const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
const ACCOUNT = { CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID };
const BASE = "https://api.cloudflare.com/client/v4";

const NEW_GROUPS = [
  "posture rules",
  "posture integrations",
  "networks",
  "settings",
  "ip-profiles",
  "deployment-groups",
  "resilience",
  "override-codes",
];
const newCommands = areas.filter((a) => NEW_GROUPS.includes(a.group)).flatMap((a) => a.commands);

const bodies = {
  network: { name: "Office", type: "tls", config: { tls_sockaddr: "10.0.0.10:443" } },
  settings: { gateway_proxy_enabled: true, disable_for_time: 3600 },
  rule: {
    name: "Disks encrypted",
    type: "disk_encryption",
    match: [{ platform: "mac" }],
    input: { requireAll: true },
  },
  integration: {
    name: "Workspace ONE",
    type: "workspace_one",
    interval: "10m",
    config: {
      api_url: "https://as123.awmdm.com/API",
      auth_url: "https://na.uemauth.vmwservices.com/connect/token",
      client_id: "client-id",
      client_secret: "not-a-real-secret",
    },
  },
  ipProfile: {
    name: "Engineering",
    match: 'identity.email == "a@example.com"',
    precedence: 100,
    subnet_id: "b70ff985-a4ef-4643-bbbc-4a0ed4fc8415",
  },
  group: {
    name: "Pilot",
    version_config: [{ version: "2026.6.234.0", target_environment: null }],
  },
};

/** argv (and stdin body) that should send each operation, with `ID1` as the object id. */
const cases: [OperationId, string[], unknown?][] = [
  ["listManagedNetworks", ["networks", "list"]],
  ["createManagedNetwork", ["networks", "create", "--file", "-"], bodies.network],
  ["getManagedNetwork", ["networks", "get", "ID1"]],
  ["updateManagedNetwork", ["networks", "update", "ID1", "--file", "-"], { name: "Office 2" }],
  ["deleteManagedNetwork", ["networks", "delete", "ID1"]],
  ["getAccountDeviceSettings", ["settings", "get"]],
  ["replaceAccountDeviceSettings", ["settings", "set", "--file", "-"], bodies.settings],
  ["updateAccountDeviceSettings", ["settings", "patch", "--file", "-"], bodies.settings],
  ["resetAccountDeviceSettings", ["settings", "reset"]],
  ["listPostureRules", ["posture", "rules", "list"]],
  ["createPostureRule", ["posture", "rules", "create", "--file", "-"], bodies.rule],
  ["getPostureRule", ["posture", "rules", "get", "ID1"]],
  ["updatePostureRule", ["posture", "rules", "update", "ID1", "--file", "-"], bodies.rule],
  ["deletePostureRule", ["posture", "rules", "delete", "ID1"]],
  ["listPostureIntegrations", ["posture", "integrations", "list"]],
  [
    "createPostureIntegration",
    ["posture", "integrations", "create", "--file", "-"],
    bodies.integration,
  ],
  ["getPostureIntegration", ["posture", "integrations", "get", "ID1"]],
  [
    "updatePostureIntegration",
    ["posture", "integrations", "update", "ID1", "--file", "-"],
    { interval: "30m" },
  ],
  ["deletePostureIntegration", ["posture", "integrations", "delete", "ID1"]],
  ["getGlobalWarpOverride", ["resilience", "get"]],
  ["setGlobalWarpOverride", ["resilience", "set", "--file", "-"], { disconnect: false }],
  ["listIpProfiles", ["ip-profiles", "list"]],
  ["createIpProfile", ["ip-profiles", "create", "--file", "-"], bodies.ipProfile],
  ["getIpProfile", ["ip-profiles", "get", "ID1"]],
  ["updateIpProfile", ["ip-profiles", "update", "ID1", "--file", "-"], { enabled: false }],
  ["deleteIpProfile", ["ip-profiles", "delete", "ID1"]],
  ["listDeploymentGroups", ["deployment-groups", "list"]],
  ["createDeploymentGroup", ["deployment-groups", "create", "--file", "-"], bodies.group],
  ["getDeploymentGroup", ["deployment-groups", "get", "ID1"]],
  ["updateDeploymentGroup", ["deployment-groups", "update", "ID1", "--file", "-"], { name: "B" }],
  ["deleteDeploymentGroup", ["deployment-groups", "delete", "ID1"]],
  [
    "createOverrideCode",
    ["override-codes", "create", "--file", "-"],
    { type: "uninstall_protection", scope: "account", duration_hours: 4 },
  ],
];

/** The URL the manifest gives an operation, with the account and `ID1` filled in. */
function expectedUrl(id: OperationId): string {
  const path = manifest[id].path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "account_id" ? ACCOUNT_ID : "ID1",
  );
  return `${BASE}${path}`;
}

describe("request planning (--dry-run)", () => {
  it("covers every operation of the new groups", () => {
    const planned = new Set(cases.map(([id]) => id));
    const reachable = new Set(newCommands.flatMap((c) => c.operations));
    expect([...planned].sort()).toEqual([...reachable].sort());
    expect(planned.size).toBe(32);
  });

  const hideWriteOnly = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value, (key, v) =>
        (writeOnlyFields as readonly string[]).includes(key) ? "[hidden: write-only]" : v,
      ),
    );

  it.each(cases)("%s: %j sends the manifest's method and path", async (id, argv, body) => {
    const r = await run([...argv, "--dry-run"], {
      env: ACCOUNT,
      ...(body === undefined ? {} : { stdin: JSON.stringify(body) }),
    });
    expect(r.stderr).toContain("not sent");
    expect(r.code).toBe(0);
    const [first, ...rest] = r.stdout.split("\n");
    expect(first).toBe(`${manifest[id].method} ${expectedUrl(id)}`);
    // The body as given, but for write-only credentials, which a dry run hides.
    if (body !== undefined) expect(JSON.parse(rest.join("\n"))).toEqual(hideWriteOnly(body));
  });

  it("deletes several objects, one request each", async () => {
    const r = await run(["ip-profiles", "delete", "A", "B", "C", "--dry-run"], { env: ACCOUNT });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(
      ["A", "B", "C"].map(
        (id) => `DELETE ${BASE}/accounts/${ACCOUNT_ID}/devices/ip-profiles/${id}`,
      ),
    );
  });

  it("sends --page and --per-page of numbered lists", async () => {
    const r = await run(
      ["deployment-groups", "list", "--page", "3", "--per-page", "20", "--dry-run"],
      {
        env: ACCOUNT,
      },
    );
    expect(r.stdout).toBe(
      `GET ${BASE}/accounts/${ACCOUNT_ID}/devices/deployment-groups?page=3&per_page=20\n`,
    );
  });

  it("builds the override body from --disconnect and --justification", async () => {
    const r = await run(
      [
        "resilience",
        "set",
        "--disconnect",
        "true",
        "--justification",
        "Incident 4711",
        "--dry-run",
      ],
      { env: ACCOUNT },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf("\n")))).toEqual({
      disconnect: true,
      justification: "Incident 4711",
    });
  });

  it("builds an override code body from --hours and --device", async () => {
    const account = await run(["override-codes", "create", "--hours", "4", "--dry-run"], {
      env: ACCOUNT,
    });
    expect(JSON.parse(account.stdout.slice(account.stdout.indexOf("\n")))).toEqual({
      type: "uninstall_protection",
      scope: "account",
      duration_hours: 4,
    });
    const device = await run(
      ["override-codes", "create", "--hours", "1.5", "--device", "dev-1", "--dry-run"],
      { env: ACCOUNT },
    );
    expect(JSON.parse(device.stdout.slice(device.stdout.indexOf("\n")))).toEqual({
      type: "uninstall_protection",
      scope: "device",
      device_id: "dev-1",
      duration_hours: 1.5,
    });
  });
});

describe("bad input: exit 2, nothing sent, and what to fix", () => {
  it.each([
    [["networks", "create", "--file", "-"], { name: "Office", type: "tls", config: {} }, "/config"],
    [["posture", "rules", "create", "--file", "-"], { name: "No type" }, "/type"],
    [
      ["posture", "rules", "update", "R", "--file", "-"],
      { ...bodies.rule, match: [{ platform: "amiga" }] },
      "/match/0/platform",
    ],
    [
      ["settings", "patch", "--file", "-"],
      { gateway_proxy_enabled: "yes" },
      "/gateway_proxy_enabled",
    ],
    [["settings", "set", "--file", "-"], { disable_for_time: "an hour" }, "/disable_for_time"],
    [
      ["ip-profiles", "create", "--file", "-"],
      { name: "No subnet", match: "x", precedence: 1 },
      "/subnet_id",
    ],
    [
      ["deployment-groups", "update", "G", "--file", "-"],
      { version_config: "latest" },
      "/version_config",
    ],
    [["resilience", "set", "--file", "-"], { disconnect: "yes" }, "/disconnect"],
    [
      ["override-codes", "create", "--file", "-"],
      { type: "uninstall_protection", scope: "device", duration_hours: 1 },
      "device_id",
    ],
  ] as [string[], unknown, string][])(
    "%j rejects a body that does not match the request schema",
    async (argv, body, pointer) => {
      const r = await run([...argv, "--dry-run"], { env: ACCOUNT, stdin: JSON.stringify(body) });
      expect(r.code).toBe(ExitCode.usage);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("does not match the");
      expect(r.stderr).toContain(pointer);
    },
  );

  it("names the flags when a body built from flags is wrong", async () => {
    const r = await run(["override-codes", "create", "--hours", "0", "--dry-run"], {
      env: ACCOUNT,
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("--hours must be a positive number");
  });

  it("asks for --disconnect (or a file) and refuses both", async () => {
    const none = await run(["resilience", "set", "--dry-run"], { env: ACCOUNT });
    expect(none.code).toBe(ExitCode.usage);
    expect(none.stderr).toContain("--disconnect true");
    const both = await run(
      ["resilience", "set", "--disconnect", "true", "--file", "-", "--dry-run"],
      {
        env: ACCOUNT,
        stdin: '{"disconnect":true}',
      },
    );
    expect(both.code).toBe(ExitCode.usage);
    expect(both.stderr).toContain("not both");
    const bad = await run(["resilience", "set", "--disconnect", "maybe"], { env: ACCOUNT });
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toContain("--disconnect must be one of true, false");
  });

  it("needs the hours of an override code", async () => {
    const r = await run(["override-codes", "create", "--device", "d", "--dry-run"], {
      env: ACCOUNT,
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("--hours N");
  });

  it("needs the id of the object", async () => {
    const r = await run(["posture", "integrations", "get"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("missing INTEGRATION-ID");
  });
});

describe("confirmation", () => {
  const destructive = newCommands.filter((c) => c.destructive);

  it("asks before every delete, update, set, patch and reset, and nothing else", () => {
    const verbs = (list: typeof newCommands) => [
      ...new Set(list.map((c) => c.name.split(" ").at(-1))),
    ];
    expect(verbs(destructive).sort()).toEqual(["delete", "patch", "reset", "set", "update"]);
    expect(verbs(newCommands.filter((c) => !c.destructive)).sort()).toEqual([
      "create",
      "get",
      "list",
    ]);
  });

  const argvOf = (name: string) => cases.find(([, argv]) => argv.join(" ").startsWith(name))!;

  it.each(destructive.map((c) => c.name))(
    "`%s` refuses without a terminal and without --yes",
    async (name) => {
      const [, argv, body] = argvOf(name);
      const r = await run(argv, {
        env: { ...ACCOUNT, CLOUDFLARE_API_TOKEN: "t" },
        ...(body === undefined ? {} : { stdin: JSON.stringify(body) }),
      });
      expect(r.code).toBe(ExitCode.usage);
      expect(r.stderr).toContain("needs confirmation: pass --yes");
    },
  );

  it("says what the override will do, and sends nothing on no", async () => {
    const questions: string[] = [];
    const { main } = await import("../src/main.js");
    const { Readable } = await import("node:stream");
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    let stderr = "";
    const code = await main(["resilience", "set", "--disconnect", "true"], {
      stdout: { write: () => true, isTTY: true },
      stderr: {
        write: (s: string) => {
          stderr += s;
          return true;
        },
        isTTY: true,
      },
      stdin: stdin as never,
      env: { ...ACCOUNT, CLOUDFLARE_API_TOKEN: "t" },
      cwd: process.cwd(),
      ask: async (q) => {
        questions.push(q);
        return "n";
      },
    });
    expect(code).toBe(ExitCode.cancelled);
    expect(questions).toEqual([
      `resilience set: disconnect EVERY WARP device (global WARP override on) in account ${ACCOUNT_ID}? [y/N] `,
    ]);
    expect(stderr).toContain("nothing was sent");
  });
});

describe("help", () => {
  it("marks settings set as deprecated and points to settings patch", async () => {
    const help = await run(["settings", "set", "--help"]);
    expect(help.stdout).toContain("DEPRECATED");
    expect(help.stdout).toContain("cf-devices settings patch");
    const r = await run(["settings", "set", "--file", "-", "--dry-run"], {
      env: ACCOUNT,
      stdin: "{}",
    });
    expect(r.stderr).toContain("warning: Deprecated API (PUT");
  });

  it("takes summaries and descriptions from the manifest", async () => {
    for (const c of newCommands) {
      const r = await run([...c.name.split(" "), "--help"]);
      expect(r.stdout).toContain(c.summary);
      expect(c.operations.map((id) => manifest[id].summary)).toContain(c.summary);
    }
  });

  it("offers --page, --per-page and --all on numbered lists", async () => {
    const r = await run(["ip-profiles", "list", "--help"]);
    expect(r.stdout).toMatch(/--page INTEGER/);
    expect(r.stdout).toMatch(/--per-page INTEGER\s+.*default 50/);
    expect(r.stdout).toContain("--all");
  });
});

// ------------------------------------------------------------------ against a recording server
interface Recorded {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
}

describe("numbered pages and API-token-only areas, against a recording server", () => {
  const TOTAL = 5;
  let server: Server;
  let base: string;
  const requests: Recorded[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, "http://localhost");
      requests.push({ method: req.method!, url, headers: req.headers });
      const page = Number(url.searchParams.get("page") ?? 1);
      const perPage = Number(url.searchParams.get("per_page") ?? 50);
      const all = Array.from({ length: TOTAL }, (_, i) => ({ id: `p${i + 1}`, name: `P${i + 1}` }));
      const result = all.slice((page - 1) * perPage, page * perPage);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          success: true,
          errors: [],
          messages: [],
          result,
          result_info: {
            page,
            per_page: perPage,
            count: result.length,
            total_count: TOTAL,
            total_pages: Math.ceil(TOTAL / perPage),
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = () => ({ ...ACCOUNT, CLOUDFLARE_BASE_URL: base, CLOUDFLARE_API_TOKEN: "t" });

  it("--all follows numbered pages to the last one", async () => {
    requests.length = 0;
    const r = await run(["ip-profiles", "list", "--all", "--per-page", "2", "--json"], {
      env: env(),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((p: { id: string }) => p.id)).toEqual([
      "p1",
      "p2",
      "p3",
      "p4",
      "p5",
    ]);
    expect(requests.map((q) => q.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
    expect(requests[0]!.url.pathname).toBe(`/client/v4/accounts/${ACCOUNT_ID}/devices/ip-profiles`);
  });

  it("says when a numbered list has more pages, and not on the last one", async () => {
    const first = await run(["deployment-groups", "list", "--per-page", "2"], { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split("\n")).toHaveLength(2);
    expect(first.stderr).toContain("add --all");
    const last = await run(["deployment-groups", "list", "--per-page", "2", "--page", "3"], {
      env: env(),
    });
    expect(last.stdout.trim().split("\n")).toHaveLength(1);
    expect(last.stderr).not.toContain("add --all");
  });

  it("refuses the global API key where the API takes only tokens (exit 4), before sending", async () => {
    requests.length = 0;
    const keyEnv = {
      ...ACCOUNT,
      CLOUDFLARE_BASE_URL: base,
      CLOUDFLARE_EMAIL: "a@example.com",
      CLOUDFLARE_API_KEY: "k",
    };
    for (const argv of [
      ["ip-profiles", "list"],
      ["deployment-groups", "get", "G"],
      ["override-codes", "create", "--hours", "1"],
    ]) {
      const r = await run(argv, { env: keyEnv });
      expect(r.code).toBe(ExitCode.auth);
      expect(r.stderr).toContain("needs an API token");
      expect(r.stderr).toContain("CLOUDFLARE_API_TOKEN");
    }
    expect(requests).toEqual([]);
    const networks = await run(["networks", "list"], { env: keyEnv });
    expect(networks.code).toBe(0);
    expect(requests.map((q) => q.headers["x-auth-email"])).toEqual(["a@example.com"]);
  });
});
