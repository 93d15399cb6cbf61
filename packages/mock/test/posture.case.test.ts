/**
 * Posture rules and posture integrations, run against every target (in-process `mock.fetch` and
 * a real HTTP port) like `mock.case.test.ts`: seeded data, CRUD and 404s, the rule input checked
 * per type, integration references, match platforms, and integration credentials that never come
 * back out (responses, the request log, snapshots, state files).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMock, type MockState } from "../src/index.js";
import { loadMockState, serve } from "../src/node.js";
import { validateRequestBody } from "../src/validate.js";
import { type Call, client, type Harness, targets } from "./helpers.js";

interface Rule {
  id: string;
  name: string;
  type: string;
  description?: string;
  input?: Record<string, unknown>;
  match?: { platform?: string }[];
  schedule?: string;
  expiration?: string;
  enabled: boolean;
}
interface Integration {
  id: string;
  name: string;
  type: string;
  interval: string;
  config: Record<string, unknown>;
}

const RULES = "/devices/posture";
const INTEGRATIONS = "/devices/posture/integration";
/** Credentials sent in these tests; none may come back out anywhere. */
const SECRET = "s3cr3t-9f8e7d6c5b4a";
const KEY = "k3y-1a2b3c4d5e6f";
const ACCESS = "acc3ss-0a9b8c7d6e5f";

const workspaceOne = {
  name: "Workspace ONE",
  type: "workspace_one",
  interval: "10m",
  config: {
    api_url: "https://as1.awmdm.example.com/api",
    auth_url: "https://na.uemauth.example.com/connect/token",
    client_id: "ws1-client",
    client_secret: SECRET,
  },
};

/** A first error's code, message and pointer, for compact expectations. */
const firstError = (res: Call) => ({
  status: res.status,
  code: res.body.errors[0]?.code,
  pointer: res.body.errors[0]?.source?.pointer,
  message: res.body.errors[0]?.message,
});

for (const target of targets) {
  describe(`posture (${target.name})`, () => {
    let h: Harness;
    let c: ReturnType<typeof client>;

    beforeAll(async () => {
      h = await target.start({ seed: 42, devices: 20 });
      c = client(h);
    });
    afterAll(() => h.close());
    beforeEach(() => h.mock.reset());

    const rules = async () => (await c.get<Rule[]>(c.account(RULES))).body.result;
    const integrations = async () =>
      (await c.get<Integration[]>(c.account(INTEGRATIONS))).body.result;
    const createRule = (body: unknown) => c.call<Rule>("POST", c.account(RULES), { body });
    const createIntegration = (body: unknown) =>
      c.call<Integration>("POST", c.account(INTEGRATIONS), { body });

    describe("seeded data", () => {
      it("has rules of several types, some checking integrations that exist", async () => {
        const seeded = await rules();
        expect(new Set(seeded.map((r) => r.type)).size).toBeGreaterThanOrEqual(6);
        const ids = new Set((await integrations()).map((i) => i.id));
        const referring = seeded.filter((r) => typeof r.input?.connection_id === "string");
        expect(referring.length).toBeGreaterThanOrEqual(2);
        for (const rule of referring)
          expect(ids.has(rule.input!.connection_id as string)).toBe(true);
        expect(seeded.every((r) => r.enabled)).toBe(true);
      });

      it("is the same for the same seed, on every account, and different for another", async () => {
        const a = createMock({ seed: 42, devices: 0, accounts: 2 }).snapshot();
        const b = createMock({ seed: 42, devices: 0, accounts: 2 }).snapshot();
        const other = createMock({ seed: 43, devices: 0 }).snapshot();
        expect(b.accounts.map((x) => x.posture_rules)).toEqual(
          a.accounts.map((x) => x.posture_rules),
        );
        expect(a.accounts[1]!.posture_rules![0]!.id).not.toBe(a.accounts[0]!.posture_rules![0]!.id);
        expect(other.accounts[0]!.posture_integrations![0]!.id).not.toBe(
          a.accounts[0]!.posture_integrations![0]!.id,
        );
      });

      it("leaves the devices as they were without posture data (own random stream)", async () => {
        const mock = createMock({ seed: 42, devices: 20 });
        expect(mock.snapshot().accounts[0]!.devices).toEqual(
          h.mock.snapshot().accounts[0]!.devices,
        );
      });
    });

    describe("rules: CRUD", () => {
      it("creates, reads back, lists, replaces and deletes a rule, then answers 404", async () => {
        const created = await createRule({
          name: "Corp config file",
          type: "file",
          description: "Present on every Mac",
          input: { operating_system: "mac", path: "/etc/corp.conf", exists: true },
          match: [{ platform: "mac" }],
          schedule: "10m",
          expiration: "2h",
        });
        expect(created.status).toBe(200);
        const rule = created.body.result;
        expect(rule).toMatchObject({
          name: "Corp config file",
          type: "file",
          description: "Present on every Mac",
          input: { operating_system: "mac", path: "/etc/corp.conf", exists: true },
          match: [{ platform: "mac" }],
          schedule: "10m",
          expiration: "2h",
          enabled: true,
        });
        expect(rule.id).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );

        const got = await c.get<Rule>(c.account(`${RULES}/${rule.id}`));
        expect(got.body.result).toEqual(rule);
        expect((await rules()).map((r) => r.id)).toContain(rule.id);

        // PUT replaces: what the body leaves out is gone, and the type may change.
        const replaced = await c.call<Rule>("PUT", c.account(`${RULES}/${rule.id}`), {
          body: {
            name: "Firewall",
            type: "firewall",
            input: { enabled: true, operating_system: "mac" },
          },
        });
        expect(replaced.status).toBe(200);
        expect(replaced.body.result).toEqual({
          id: rule.id,
          name: "Firewall",
          type: "firewall",
          input: { enabled: true, operating_system: "mac" },
          enabled: true,
        });
        expect((await c.get<Rule>(c.account(`${RULES}/${rule.id}`))).body.result).toEqual(
          replaced.body.result,
        );

        const deleted = await c.call("DELETE", c.account(`${RULES}/${rule.id}`));
        expect(deleted.status).toBe(200);
        expect(deleted.body.result).toEqual({ id: rule.id });
        for (const method of ["GET", "DELETE"]) {
          expect(firstError(await c.call(method, c.account(`${RULES}/${rule.id}`)))).toMatchObject({
            status: 404,
            code: 2018,
            pointer: "/path/rule_id",
          });
        }
        const put = await c.call("PUT", c.account(`${RULES}/${rule.id}`), {
          body: { name: "x", type: "warp" },
        });
        expect(firstError(put)).toMatchObject({ status: 404, code: 2018 });
        expect((await rules()).map((r) => r.id)).not.toContain(rule.id);
      });

      it("keeps only the fields of the type's input shape", async () => {
        const res = await createRule({
          name: "Disks",
          type: "disk_encryption",
          // `path` belongs to other shapes, `surprise` to none.
          input: { requireAll: true, checkDisks: ["C"], path: "/x", surprise: 1 },
        });
        expect(res.status).toBe(200);
        expect(res.body.result.input).toEqual({ requireAll: true, checkDisks: ["C"] });
      });

      it("stores no input for the types that take none, and an empty one when nothing is required", async () => {
        const warp = await createRule({ name: "WARP", type: "warp" });
        expect(warp.body.result).not.toHaveProperty("input");
        const gateway = await createRule({ name: "Gateway", type: "gateway", input: {} });
        expect(gateway.status).toBe(200);
        expect(gateway.body.result).not.toHaveProperty("input");
        const antivirus = await createRule({ name: "AV", type: "antivirus" });
        expect(antivirus.body.result.input).toEqual({});
      });

      it("computes enabled: false only for Kolide rules that still count issues", async () => {
        const kolide = (await integrations()).find((i) => i.type === "kolide")!;
        const old = await createRule({
          name: "Old Kolide",
          type: "kolide",
          input: { connection_id: kolide.id, issue_count: "0", countOperator: "==" },
        });
        expect(old.body.result.enabled).toBe(false);
        const current = await createRule({
          name: "Kolide",
          type: "kolide",
          input: { connection_id: kolide.id, auth_state: ["Good"] },
        });
        expect(current.body.result.enabled).toBe(true);
      });
    });

    describe("rules: input checked per type", () => {
      const cases: [string, string, unknown, string, RegExp][] = [
        [
          "file without path",
          "file",
          { operating_system: "mac" },
          "/input/path",
          /input\.path is required when type is file/,
        ],
        ["file without input", "file", undefined, "/input", /input is required when type is file/],
        [
          "a valid file input for a firewall rule",
          "firewall",
          { operating_system: "windows", path: "C:\\corp" },
          "/input/enabled",
          /input\.enabled is required when type is firewall/,
        ],
        [
          "firewall on linux",
          "firewall",
          { enabled: true, operating_system: "linux" },
          "/input/operating_system",
          /must be one of: windows, mac/,
        ],
        [
          "os_version without operator",
          "os_version",
          { operating_system: "windows", version: "10" },
          "/input/operator",
          /input\.operator is required/,
        ],
        [
          "bad comparison",
          "os_version",
          { operating_system: "windows", version: "10", operator: "~=" },
          "/input/operator",
          /must be one of: <, <=, >, >=, ==/,
        ],
        [
          "unique client id on windows",
          "unique_client_id",
          { id: "list", operating_system: "windows" },
          "/input/operating_system",
          /android, ios, chromeos/,
        ],
        [
          "certificate key usage",
          "client_certificate_v2",
          {
            certificate_id: "c",
            check_private_key: true,
            operating_system: "mac",
            extended_key_usage: ["serverAuth"],
          },
          "/input/extended_key_usage/0",
          /clientAuth, emailProtection/,
        ],
        [
          "custom score as text",
          "custom_s2s",
          { connection_id: "x", operator: ">", score: "high" },
          "/input/score",
          /input\.score must be a number/,
        ],
        [
          "input for a gateway rule",
          "gateway",
          { operating_system: "mac" },
          "/input",
          /input is not used when type is gateway/,
        ],
        [
          "intune without compliance",
          "intune",
          { connection_id: "x" },
          "/input/compliance_status",
          /compliance_status is required/,
        ],
      ];
      it.each(cases)(
        "refuses %s, naming the field",
        async (_name, type, input, pointer, message) => {
          // Nothing changes, the id sequence included.
          const before = h.mock.snapshot();
          const res = await createRule({
            name: "r",
            type,
            ...(input === undefined ? {} : { input }),
          });
          expect(firstError(res)).toMatchObject({ status: 400, code: 2001, pointer });
          expect(res.body.errors[0]!.message).toMatch(message);
          expect(h.mock.snapshot()).toEqual(before);
        },
      );

      it("checks the replacement body of PUT the same way", async () => {
        const [rule] = await rules();
        const res = await c.call("PUT", c.account(`${RULES}/${rule!.id}`), {
          body: { name: "r", type: "serial_number", input: {} },
        });
        expect(firstError(res)).toMatchObject({ status: 400, code: 2001, pointer: "/input/id" });
        expect((await c.get<Rule>(c.account(`${RULES}/${rule!.id}`))).body.result).toEqual(rule);
      });

      it("reports the same problems through validateRequestBody", () => {
        expect(
          validateRequestBody("createPostureRule", {
            name: "r",
            type: "file",
            input: { operating_system: "mac" },
          }),
        ).toEqual([
          { pointer: "/input/path", message: "input.path is required when type is file" },
        ]);
        expect(
          validateRequestBody("createPostureIntegration", {
            ...workspaceOne,
            config: { client_id: "x" },
          }),
        ).toEqual([
          {
            pointer: "/config/api_url",
            message: "config.api_url is required when type is workspace_one",
          },
        ]);
        expect(validateRequestBody("createPostureRule", { name: "r", type: "warp" })).toEqual([]);
      });

      it("checks schedule and expiration durations", async () => {
        for (const [field, value] of [
          ["schedule", "30s"],
          ["schedule", "5 minutes"],
          ["expiration", "0h"],
          ["expiration", "soon"],
        ]) {
          const res = await createRule({ name: "r", type: "warp", [field!]: value });
          expect(firstError(res), `${field}=${value}`).toMatchObject({
            status: 400,
            code: 2044,
            pointer: `/${field}`,
          });
        }
        const ok = await createRule({ name: "r", type: "warp", schedule: "1m", expiration: "" });
        expect(ok.status).toBe(200);
      });
    });

    describe("rules: integration references", () => {
      it("needs the integration named in connection_id to exist, and to be of the rule's provider", async () => {
        const missing = await createRule({
          name: "WS1",
          type: "workspace_one",
          input: {
            connection_id: "00000000-0000-4000-8000-000000000000",
            compliance_status: "compliant",
          },
        });
        expect(firstError(missing)).toMatchObject({
          status: 400,
          code: 2040,
          pointer: "/input/connection_id",
        });
        expect(missing.body.errors[0]!.message).toContain("00000000-0000-4000-8000-000000000000");

        const crowdstrike = (await integrations()).find((i) => i.type === "crowdstrike_s2s")!;
        const mismatch = await createRule({
          name: "WS1",
          type: "workspace_one",
          input: { connection_id: crowdstrike.id, compliance_status: "compliant" },
        });
        expect(firstError(mismatch)).toMatchObject({
          status: 400,
          code: 2041,
          pointer: "/input/connection_id",
        });

        const integration = (await createIntegration(workspaceOne)).body.result;
        const ok = await createRule({
          name: "WS1",
          type: "workspace_one",
          input: { connection_id: integration.id, compliance_status: "compliant" },
        });
        expect(ok.status).toBe(200);
        expect(ok.body.result.input).toEqual({
          connection_id: integration.id,
          compliance_status: "compliant",
        });
      });

      it("keeps an integration that rules use: no delete, no change of type", async () => {
        const integration = (await createIntegration(workspaceOne)).body.result;
        const rule = (
          await createRule({
            name: "WS1 compliant",
            type: "workspace_one",
            input: { connection_id: integration.id, compliance_status: "compliant" },
          })
        ).body.result;
        const path = c.account(`${INTEGRATIONS}/${integration.id}`);

        const del = await c.call("DELETE", path);
        expect(firstError(del)).toMatchObject({
          status: 400,
          code: 2042,
          pointer: "/path/integration_id",
        });
        expect(del.body.errors[0]!.message).toContain(rule.id);
        const retype = await c.call("PATCH", path, {
          body: { type: "kolide", config: { client_id: "k", client_secret: SECRET } },
        });
        expect(firstError(retype)).toMatchObject({ status: 400, code: 2042, pointer: "/type" });
        expect((await c.get<Integration>(path)).body.result).toEqual(integration);

        expect((await c.call("DELETE", c.account(`${RULES}/${rule.id}`))).status).toBe(200);
        const gone = await c.call("DELETE", path);
        expect(gone.status).toBe(200);
        expect(gone.body.result).toEqual({});
        expect(firstError(await c.get(path))).toMatchObject({
          status: 404,
          code: 2019,
          pointer: "/path/integration_id",
        });
      });
    });

    describe("rules: match platforms", () => {
      it("accepts the spec's platforms and refuses others or a missing one", async () => {
        const ok = await createRule({
          name: "Everywhere but Linux",
          type: "warp",
          match: ["windows", "mac", "android", "ios", "chromeos"].map((platform) => ({ platform })),
        });
        expect(ok.status).toBe(200);
        expect(ok.body.result.match).toHaveLength(5);

        const bad = await createRule({
          name: "r",
          type: "warp",
          match: [{ platform: "mac" }, { platform: "beos" }],
        });
        expect(firstError(bad)).toMatchObject({
          status: 400,
          code: 2001,
          pointer: "/match/1/platform",
        });
        expect(bad.body.errors[0]!.message).toMatch(/windows, mac, linux, android, ios, chromeos/);

        const none = await createRule({ name: "r", type: "warp", match: [{}] });
        expect(firstError(none)).toMatchObject({
          status: 400,
          code: 2045,
          pointer: "/match/0/platform",
        });
      });
    });

    describe("integrations: CRUD", () => {
      it("creates, reads back, lists, patches and deletes an integration, then answers 404", async () => {
        const created = await createIntegration(workspaceOne);
        expect(created.status).toBe(200);
        const integration = created.body.result;
        expect(integration).toEqual({
          id: integration.id,
          name: "Workspace ONE",
          type: "workspace_one",
          interval: "10m",
          config: {
            api_url: "https://as1.awmdm.example.com/api",
            auth_url: "https://na.uemauth.example.com/connect/token",
            client_id: "ws1-client",
          },
        });
        const path = c.account(`${INTEGRATIONS}/${integration.id}`);
        expect((await c.get<Integration>(path)).body.result).toEqual(integration);
        expect((await integrations()).map((i) => i.id)).toContain(integration.id);

        // PATCH changes what it names and keeps the rest.
        const renamed = await c.call<Integration>("PATCH", path, {
          body: { name: "WS1", interval: "1h" },
        });
        expect(renamed.body.result).toEqual({ ...integration, name: "WS1", interval: "1h" });

        // A config replaces the stored one whole, checked against the stored type.
        const reconfigured = await c.call<Integration>("PATCH", path, {
          body: {
            config: {
              api_url: "https://b.example.com",
              auth_url: "https://a",
              client_id: "c2",
              client_secret: SECRET,
            },
          },
        });
        expect(reconfigured.body.result.config).toEqual({
          api_url: "https://b.example.com",
          auth_url: "https://a",
          client_id: "c2",
        });
        // (This config fits the Tanium shape, so only the stored type tells it is incomplete.)
        const incomplete = await c.call("PATCH", path, {
          body: { config: { api_url: "https://c", client_secret: SECRET } },
        });
        expect(firstError(incomplete)).toMatchObject({
          status: 400,
          code: 2001,
          pointer: "/config/auth_url",
        });

        // A new type needs its own config.
        const retype = await c.call("PATCH", path, { body: { type: "intune" } });
        expect(firstError(retype)).toMatchObject({ status: 400, code: 2043, pointer: "/config" });
        const intune = await c.call<Integration>("PATCH", path, {
          body: {
            type: "intune",
            config: { client_id: "i", client_secret: SECRET, customer_id: "t" },
          },
        });
        expect(intune.body.result).toMatchObject({
          type: "intune",
          config: { client_id: "i", customer_id: "t" },
        });

        expect((await c.call("DELETE", path)).status).toBe(200);
        for (const method of ["GET", "DELETE"]) {
          expect(firstError(await c.call(method, path))).toMatchObject({ status: 404, code: 2019 });
        }
        expect(firstError(await c.call("PATCH", path, { body: { name: "x" } }))).toMatchObject({
          status: 404,
          code: 2019,
        });
      });

      it("checks config against the type and the interval's form", async () => {
        const noShape = await c.call(
          "PATCH",
          c.account(`${INTEGRATIONS}/${(await integrations())[0]!.id}`),
          {
            body: { config: { client_id: "x" } },
          },
        );
        expect(firstError(noShape)).toMatchObject({ status: 400, code: 2001, pointer: "/config" });
        expect(noShape.body.errors[0]!.message).toBe("config matches none of the allowed shapes");
        const wrongShape = await createIntegration({ ...workspaceOne, type: "crowdstrike_s2s" });
        expect(firstError(wrongShape)).toMatchObject({
          status: 400,
          code: 2001,
          pointer: "/config/customer_id",
        });
        const interval = await createIntegration({ ...workspaceOne, interval: "10 minutes" });
        expect(firstError(interval)).toMatchObject({
          status: 400,
          code: 2044,
          pointer: "/interval",
        });
      });
    });

    describe("integrations: credentials are write-only", () => {
      const withSecrets = [
        workspaceOne,
        {
          name: "Uptycs",
          type: "uptycs",
          interval: "30m",
          config: {
            api_url: "https://u.example.com",
            client_key: KEY,
            client_secret: SECRET,
            customer_id: "cust",
          },
        },
        {
          name: "Tanium",
          type: "tanium_s2s",
          interval: "15m",
          config: {
            api_url: "https://t.example.com",
            client_secret: SECRET,
            access_client_id: "id.access",
            access_client_secret: ACCESS,
          },
        },
      ];
      const leaks = (text: string) => [SECRET, KEY, ACCESS].filter((s) => text.includes(s));

      it("never appear in a response, the request log, a snapshot or /__mock/state", async () => {
        const seen: string[] = [];
        for (const body of withSecrets) {
          const res = await createIntegration(body);
          expect(res.status).toBe(200);
          seen.push(JSON.stringify(res.body));
          const path = c.account(`${INTEGRATIONS}/${res.body.result.id}`);
          seen.push(JSON.stringify((await c.get(path)).body));
          seen.push(
            JSON.stringify((await c.call("PATCH", path, { body: { config: body.config } })).body),
          );
        }
        // A malformed body that still names a secret field.
        await c.call("POST", c.account(INTEGRATIONS), {
          raw: `{"config":{"client_secret":"${SECRET}"`,
        });
        // A route that does not exist.
        await c.call("POST", c.account("/devices/posture/integrations"), { body: workspaceOne });
        seen.push(JSON.stringify((await c.get(c.account(INTEGRATIONS))).body));
        for (const text of seen) expect(leaks(text)).toEqual([]);

        const log = h.mock.requests;
        const logged = log.filter(
          (r) => r.operationId === "createPostureIntegration" && r.status === 200,
        );
        expect(logged.length).toBe(withSecrets.length);
        expect((logged[0]!.body as { config: Record<string, unknown> }).config).toMatchObject({
          client_id: "ws1-client",
          client_secret: "[redacted]",
        });
        expect(leaks(JSON.stringify(log))).toEqual([]);
        expect(leaks(await (await h.fetch(`${h.origin}/__mock/requests`)).text())).toEqual([]);
        expect(leaks(await (await h.fetch(`${h.origin}/__mock/state`)).text())).toEqual([]);
        expect(leaks(JSON.stringify(h.mock.snapshot()))).toEqual([]);
      });
    });

    describe("persistence", () => {
      it("survives a snapshot and restore, and reset goes back to the seed", async () => {
        const integration = (await createIntegration(workspaceOne)).body.result;
        await createRule({
          name: "WS1",
          type: "workspace_one",
          input: { connection_id: integration.id, compliance_status: "compliant" },
        });
        const [first] = await rules();
        await c.call("DELETE", c.account(`${RULES}/${first!.id}`));
        const liveRules = await rules();
        const liveIntegrations = await integrations();

        const copy = createMock({
          state: JSON.parse(JSON.stringify(h.mock.snapshot())) as MockState,
        });
        const get = async (path: string) =>
          (
            await (
              await copy.fetch(`/client/v4/accounts/${copy.accountId}${path}`, {
                headers: { authorization: "Bearer t" },
              })
            ).json()
          ).result;
        expect(await get(RULES)).toEqual(liveRules);
        expect(await get(INTEGRATIONS)).toEqual(liveIntegrations);

        h.mock.reset();
        const seeded = await rules();
        expect(seeded.map((r) => r.id)).toContain(first!.id);
        expect(seeded.map((r) => r.name)).not.toContain("WS1");
      });
    });
  });
}

describe("posture state files", () => {
  it("hold no credentials, and drop any a hand-written state carries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cf-devices-posture-"));
    const stateFile = join(dir, "state.json");
    const server = await serve({ port: 0, seed: 3, devices: 5, stateFile, faultsFromEnv: false });
    const res = await fetch(`${server.url}/accounts/${server.mock.accountId}${INTEGRATIONS}`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify(workspaceOne),
    });
    expect(res.status).toBe(200);
    const id = (await res.json()).result.id;
    await server.close();
    const text = readFileSync(stateFile, "utf8");
    expect(text).toContain(id);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("client_secret");

    const state = await loadMockState(stateFile);
    const account = state.accounts[0]!;
    account.posture_integrations![0]!.config.client_secret = SECRET;
    const mock = createMock({ state });
    expect(JSON.stringify(mock.snapshot())).not.toContain(SECRET);
  });

  it("reads a snapshot written before posture data existed, with none", () => {
    const state = createMock({ seed: 3, devices: 2 }).snapshot();
    for (const account of state.accounts) {
      delete account.posture_rules;
      delete account.posture_integrations;
    }
    const mock = createMock({ state });
    expect(mock.snapshot().accounts[0]).toMatchObject({
      posture_rules: [],
      posture_integrations: [],
    });
  });

  it("names the bad field of a damaged posture record", () => {
    const state = createMock({ seed: 3, devices: 2 }).snapshot();
    (state.accounts[0]!.posture_rules![1] as unknown as Record<string, unknown>).name = 7;
    expect(() => createMock({ state })).toThrow(
      "accounts[0].posture_rules[1].name: expected a string",
    );
  });
});
