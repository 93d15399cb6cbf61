/**
 * The official-SDK contract suite: Cloudflare's own `cloudflare` SDK (the pinned 7.x in the root
 * devDependencies) drives the mock through its own methods (`client.zeroTrust.devices.…`), over
 * every operation of the spec and through a short workflow per area (create → read back →
 * update → list → delete → 404 as the SDK surfaces it). It runs twice: with the mock's in-process
 * `fetch` handed to the SDK, and against the Node server on a real port with the SDK's ordinary
 * `fetch`, the way a team would point `baseURL` at `cf-devices-mock`.
 *
 * Coverage is measured, not listed: every request the SDK sends goes through a recording `fetch`,
 * is matched to a manifest operation by method and path template, and the last test checks that
 * every operation got a successful answer through an SDK method, except the operations the
 * installed SDK has no method for (read from the SDK's own files, see `sdk-routes.ts`).
 *
 * Shapes are measured too: the SDK casts what it receives without checking it, so every value an
 * SDK method resolved to is walked against the type the SDK declares for it (`sdk-shapes.ts`).
 */
import { createMock, ErrorCode, type Mock } from "@cf-devices/mock";
import { manifest, type OperationId, operationIds } from "@cf-devices/types";
import Cloudflare, {
  type APIError,
  APIPromise,
  BadRequestError,
  NotFoundError,
  PagePromise,
  PermissionDeniedError,
} from "cloudflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../../packages/mock/src/node.js";
import {
  isDevicesApiPath,
  operationFor,
  operationForRoute,
  sdkDeviceRoutes,
} from "./sdk-routes.js";
import { loadShapeChecker, type ShapeChecker } from "./sdk-shapes.js";

/** A request the SDK sent, and the mock's answer. */
interface Sent {
  /** `method`: through a resource method; `raw`: through the SDK's generic `client.post()` etc. */
  via: "method" | "raw";
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
  operationId: OperationId | null;
}

const SEEDED_DEVICES = 60;
const mockOptions = { seed: 16, devices: SEEDED_DEVICES, requestLogLimit: 0 };

/** A mock to point the SDK at, and how to reach it. */
interface Harness {
  mock: Mock;
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  close(): Promise<void>;
}

/** The suite runs against the in-process `fetch` and against the Node server on a real port. */
const targets: { name: string; start(): Promise<Harness> }[] = [
  {
    name: "in-process fetch",
    async start() {
      const mock = createMock(mockOptions);
      return { mock, baseUrl: mock.baseUrl, fetch: mock.fetch, close: async () => {} };
    },
  },
  {
    name: "Node server on a real port",
    async start() {
      const server = await serve({ ...mockOptions, faultsFromEnv: false });
      return {
        mock: server.mock,
        baseUrl: server.url,
        fetch: (request) => fetch(request),
        close: () => server.close(),
      };
    },
  },
];

/** A value an SDK method resolved to (for lists: each item), for the shape check. */
interface Returned {
  method: string[];
  value: unknown;
}

/** Built on first use (it takes a few seconds) and shared by the targets. */
let shapeChecker: ShapeChecker | undefined;

async function expectNotFound(call: Promise<unknown>): Promise<void> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotFoundError);
  // The SDK keeps the envelope's errors; the mock names what was not found.
  expect((error as APIError).errors.length).toBeGreaterThan(0);
}

/**
 * Where the SDK's declared types are stricter than the API itself, and the mock follows the
 * API. Each entry says why; anything else the shape check finds fails the suite.
 */
const acceptedDifferences: {
  why: string;
  accepts(method: string, difference: string, value: unknown): boolean;
}[] = [
  {
    why:
      "The SDK declares the returned config of every posture integration with the Workspace ONE " +
      "fields (api_url, auth_url, client_id, all required). Other providers are configured with " +
      "other fields (Kolide: client_id; Tanium: api_url and access_client_id; …), and the API " +
      "returns the non-secret ones it was given (spec: PostureIntegrationConfig, x-inferred).",
    accepts: (method, difference, value) =>
      method.startsWith("posture.integrations.") &&
      /^\$\.config\.(api_url|auth_url|client_id): missing,/.test(difference) &&
      (value as { type?: unknown } | null)?.type !== "workspace_one",
  },
];

for (const target of targets) {
  describe(`official SDK against the mock (${target.name})`, () => {
    let harness: Harness;
    let mock: Mock;
    let account: { account_id: string };
    let devices: Cloudflare["zeroTrust"]["devices"];
    const sent: Sent[] = [];
    const returned: Returned[] = [];
    /** The method each list call came from, so `all()` can note the items of every page. */
    const listCalls = new WeakMap<object, string[]>();

    function recordingFetch(via: Sent["via"]) {
      return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        const apiPrefix = new URL(harness.baseUrl).pathname;
        const path = url.pathname.startsWith(apiPrefix)
          ? url.pathname.slice(apiPrefix.length)
          : url.pathname;
        const response = await harness.fetch(request);
        sent.push({
          via,
          method: request.method,
          path,
          query: url.searchParams,
          status: response.status,
          operationId: operationFor(request.method, path),
        });
        return response;
      };
    }

    function sdk(via: Sent["via"]): Cloudflare {
      return new Cloudflare({
        apiToken: mock.credentials.apiToken,
        // Explicit nulls, so CLOUDFLARE_EMAIL / CLOUDFLARE_API_KEY in the environment stay unused.
        apiEmail: null,
        apiKey: null,
        userServiceKey: null,
        baseURL: harness.baseUrl,
        fetch: recordingFetch(via),
        // A failure is a finding here: no retries hiding it, no back-off slowing the run.
        maxRetries: 0,
      });
    }

    /**
     * Wraps the SDK's resource tree so every method call is noted with what it resolved to; the
     * calls themselves and their promises are the SDK's own, unchanged.
     */
    function traced<T extends object>(resource: T, path: string[] = []): T {
      return new Proxy(resource, {
        get(target, key) {
          const member: unknown = Reflect.get(target, key, target);
          if (typeof key !== "string" || key.startsWith("_")) return member;
          if (typeof member === "function") {
            const method = [...path, key];
            return (...args: unknown[]) => {
              const result: unknown = member.apply(target, args);
              if (result instanceof PagePromise) {
                listCalls.set(result, method);
                result.then(
                  (page: { getPaginatedItems(): unknown[] }) => {
                    for (const value of page.getPaginatedItems()) returned.push({ method, value });
                  },
                  () => {},
                );
              } else if (result instanceof APIPromise) {
                result.then(
                  (value: unknown) => returned.push({ method, value }),
                  () => {},
                );
              }
              return result;
            };
          }
          return member && typeof member === "object" ? traced(member, [...path, key]) : member;
        },
      });
    }

    /** Collects an SDK list into an array through its async iterator (every page). */
    async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
      const method = listCalls.get(items);
      const out: T[] = [];
      for await (const item of items) {
        out.push(item);
        if (method) returned.push({ method, value: item });
      }
      return out;
    }

    /** Requests sent for one operation since `from` (an index into `sent`). */
    function sentFor(operationId: OperationId, from = 0): Sent[] {
      return sent.slice(from).filter((s) => s.operationId === operationId);
    }

    beforeAll(async () => {
      harness = await target.start();
      mock = harness.mock;
      account = { account_id: mock.accountId };
      devices = traced(sdk("method").zeroTrust.devices);
    });
    afterAll(() => harness.close());

    describe("physical devices (cursor pages)", () => {
      it("walks every device through the SDK's cursor iterator, page by page", async () => {
        const from = sent.length;
        const perPage = 7;
        const walked = await all(
          devices.devices.list({ ...account, per_page: perPage, active_registrations: "include" }),
        );
        const ids = walked.map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(mock.accounts[0]?.devices);
        const pages = sentFor("listPhysicalDevices", from);
        expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(ids.length / perPage));
        // After the first page, each request carries the cursor the previous page returned.
        expect(pages.slice(1).every((p) => p.query.get("cursor"))).toBe(true);
        for (const device of walked) {
          expect(typeof device.name).toBe("string");
          expect(typeof device.active_registrations).toBe("number");
          expect(device.tags).toBeTypeOf("object");
        }
      });

      it("filters, gets, revokes and deletes a device; then get is a NotFoundError", async () => {
        const [first] = (
          await devices.devices.list({
            ...account,
            per_page: 5,
            sort_by: "name",
            sort_order: "asc",
          })
        ).result;
        expect(first).toBeDefined();
        const id = first?.id as string;
        const device = await devices.devices.get(id, {
          ...account,
          include: "last_seen_registration.policy",
        });
        expect(device.id).toBe(id);
        expect(device.name).toBe(first?.name);
        const sorted = (
          await devices.devices.list({
            ...account,
            per_page: 5,
            sort_by: "name",
            sort_order: "asc",
          })
        ).result.map((d) => d.name);
        expect(sorted).toEqual([...sorted].sort());

        // Nested filters go out as `last_seen_user.email=…` (the SDK's dotted query encoding).
        const email = device.last_seen_user?.email as string;
        expect(email).toBeTruthy();
        const byUser = await all(devices.devices.list({ ...account, last_seen_user: { email } }));
        expect(byUser.map((d) => d.id)).toContain(id);
        expect(byUser.every((d) => d.last_seen_user?.email === email)).toBe(true);
        expect(sentFor("listPhysicalDevices").at(-1)?.query.get("last_seen_user.email")).toBe(
          email,
        );

        await devices.devices.revoke(id, account);
        const registrations = await all(
          devices.registrations.list({ ...account, device: { id }, status: "all" }),
        );
        expect(registrations.length).toBeGreaterThan(0);
        expect(registrations.every((r) => r.revoked_at)).toBe(true);

        await devices.devices.delete(id, account);
        await expectNotFound(devices.devices.get(id, account));
      });
    });

    describe("registrations (cursor pages)", () => {
      it("walks every registration of every status through the iterator", async () => {
        const walked = await all(
          devices.registrations.list({ ...account, per_page: 9, status: "all" }),
        );
        const ids = walked.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(mock.accounts[0]?.registrations);
        for (const registration of walked) {
          expect(registration.device.id).toBeTypeOf("string");
          expect(["warp", "browser_extension"]).toContain(registration.registration_type);
        }
      });

      it("revokes, unrevokes, reads override codes, deletes one and deletes in bulk", async () => {
        const active = (
          await devices.registrations.list({ ...account, per_page: 3, status: "active" })
        ).result;
        expect(active.length).toBe(3);
        const [a, b, c] = active.map((r) => r.id) as [string, string, string];

        await devices.registrations.revoke({ ...account, id: [a, b] });
        expect((await devices.registrations.get(a, account)).revoked_at).toBeTruthy();
        const revokeRequest = sentFor("revokeRegistrations").at(-1);
        expect(revokeRequest?.query.getAll("id")).toEqual([a, b]);

        await devices.registrations.unrevoke({ ...account, id: [a] });
        const back = await devices.registrations.get(a, { ...account, include: "policy" });
        expect(back.revoked_at ?? null).toBeNull();

        const codes = await devices.overrideCodes.get(c, account);
        expect(codes).toBeTypeOf("object");

        await devices.registrations.delete(a, account);
        await expectNotFound(devices.registrations.get(a, account));
        await devices.registrations.bulkDelete({ ...account, id: [b, c] });
        await expectNotFound(devices.registrations.get(c, account));
      });
    });

    describe("legacy devices (deprecated)", () => {
      it("lists, gets, revokes, unrevokes and reads override codes", async () => {
        const listed = await all(devices.list(account));
        expect(listed.length).toBeGreaterThan(0);
        const id = listed[0]?.id as string;
        const device = await devices.get(id, account);
        expect(device?.id).toBe(id);

        // The list shows `revoked_at`; the details call has no such field (in the SDK's types too).
        const revokedAt = async () =>
          (await all(devices.list(account))).find((d) => d.id === id)?.revoked_at;
        await devices.revoke.create({ ...account, body: [id] });
        expect(await revokedAt()).toBeTruthy();
        // A legacy device is a registration: the registrations API sees the same change.
        expect((await devices.registrations.get(id, account)).revoked_at).toBeTruthy();
        await devices.unrevoke.create({ ...account, body: [id] });
        expect(await revokedAt()).toBeUndefined();

        const codes = await devices.overrideCodes.list(id, account);
        expect(codes).toBeTypeOf("object");
        await expectNotFound(devices.get("00000000-0000-4000-8000-000000000000", account));
      });
    });

    describe("device settings profiles", () => {
      it("reads and edits the default profile", async () => {
        const before = await devices.policies.default.get(account);
        expect(before?.default).toBe(true);
        const edited = await devices.policies.default.edit({
          ...account,
          captive_portal: 300,
          support_url: "https://help.example.com",
        });
        expect(edited?.captive_portal).toBe(300);
        expect((await devices.policies.default.get(account))?.support_url).toBe(
          "https://help.example.com",
        );
      });

      it("creates a custom profile, reads it back, edits, lists and deletes it; then 404", async () => {
        const created = await devices.policies.custom.create({
          ...account,
          name: "SDK contract: contractors",
          match: 'identity.email == "contractor@example.com"',
          precedence: 4321,
          enabled: true,
        });
        const policyId = created?.policy_id as string;
        expect(policyId).toBeTruthy();
        expect((await devices.policies.custom.get(policyId, account))?.name).toBe(
          "SDK contract: contractors",
        );

        const edited = await devices.policies.custom.edit(policyId, {
          ...account,
          description: "edited by the SDK",
        });
        expect(edited?.description).toBe("edited by the SDK");
        const listed = await all(devices.policies.custom.list(account));
        expect(listed.map((p) => p.policy_id)).toContain(policyId);

        const rest = await all(devices.policies.custom.delete(policyId, account));
        expect(rest.map((p) => p.policy_id)).not.toContain(policyId);
        await expectNotFound(devices.policies.custom.get(policyId, account));
      });

      it("replaces and reads the default Split Tunnel and Local Domain Fallback lists", async () => {
        const exclude = [{ address: "10.66.0.0/16", description: "lab" }];
        const include = [{ host: "intranet.example.com", description: "intranet" }];
        const domains = [{ suffix: "corp.example.com", dns_server: ["10.0.0.53"] }];

        expect(
          await all(devices.policies.default.excludes.update({ ...account, body: exclude })),
        ).toEqual(exclude);
        expect(await all(devices.policies.default.excludes.get(account))).toEqual(exclude);
        expect(
          await all(devices.policies.default.includes.update({ ...account, body: include })),
        ).toEqual(include);
        expect(await all(devices.policies.default.includes.get(account))).toEqual(include);
        const setDomains = await all(
          devices.policies.default.fallbackDomains.update({ ...account, domains }),
        );
        expect(setDomains.map((d) => d.suffix)).toEqual(["corp.example.com"]);
        const readDomains = await all(devices.policies.default.fallbackDomains.get(account));
        expect(readDomains.map((d) => d.suffix)).toEqual(["corp.example.com"]);
      });

      it("replaces and reads a custom profile's lists", async () => {
        const created = await devices.policies.custom.create({
          ...account,
          name: "SDK contract: lists",
          match: 'identity.email == "lists@example.com"',
          precedence: 4322,
        });
        const policyId = created?.policy_id as string;
        const exclude = [{ address: "192.168.50.0/24" }];
        const include = [{ address: "172.16.0.0/12" }];
        const domains = [{ suffix: "branch.example.com" }];
        const excludes = devices.policies.custom.excludes;
        const includes = devices.policies.custom.includes;
        const fallback = devices.policies.custom.fallbackDomains;

        await all(excludes.update(policyId, { ...account, body: exclude }));
        expect(
          (await all(excludes.get(policyId, account))).map((e) => "address" in e && e.address),
        ).toEqual(["192.168.50.0/24"]);
        await all(includes.update(policyId, { ...account, body: include }));
        expect(
          (await all(includes.get(policyId, account))).map((e) => "address" in e && e.address),
        ).toEqual(["172.16.0.0/12"]);
        await all(fallback.update(policyId, { ...account, domains }));
        expect((await all(fallback.get(policyId, account))).map((d) => d.suffix)).toEqual([
          "branch.example.com",
        ]);
      });
    });

    describe("errors, as the SDK surfaces them", () => {
      it("a conflicting precedence is a BadRequestError carrying the envelope's code and pointer", async () => {
        const [taken] = (await all(devices.policies.custom.list(account))).filter(
          (p) => typeof p.precedence === "number",
        );
        expect(taken).toBeDefined();
        const error = await devices.policies.custom
          .create({
            ...account,
            name: "SDK contract clash",
            match: "true",
            precedence: taken?.precedence,
          })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(BadRequestError);
        expect((error as APIError).status).toBe(400);
        expect((error as APIError).errors[0]).toMatchObject({ source: { pointer: "/precedence" } });
      });

      it("a token the account does not accept is a PermissionDeniedError", async () => {
        const strict = createMock({ seed: 16, devices: 5, auth: { tokens: ["the-right-token"] } });
        const outsider = new Cloudflare({
          apiToken: "a-wrong-token",
          apiEmail: null,
          apiKey: null,
          userServiceKey: null,
          baseURL: strict.baseUrl,
          fetch: strict.fetch,
          maxRetries: 0,
        });
        const error = await outsider.zeroTrust.devices.devices
          .list({ account_id: strict.accountId })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(PermissionDeniedError);
        expect((error as APIError).errors[0]).toMatchObject({ code: ErrorCode.INVALID_TOKEN });
      });
    });

    describe("certificates (zone)", () => {
      it("turns certificate provisioning on and reads it back", async () => {
        const zone = { zone_id: mock.zoneId };
        const set = await devices.policies.default.certificates.edit({ ...zone, enabled: true });
        expect(set?.enabled).toBe(true);
        expect((await devices.policies.default.certificates.get(zone))?.enabled).toBe(true);
        await devices.policies.default.certificates.edit({ ...zone, enabled: false });
        expect((await devices.policies.default.certificates.get(zone))?.enabled).toBe(false);
      });
    });

    describe("managed networks", () => {
      it("creates, reads back, updates, lists and deletes a network; then 404", async () => {
        const created = await devices.networks.create({
          ...account,
          name: "SDK contract office",
          type: "tls",
          config: { tls_sockaddr: "10.0.0.10:443" },
        });
        const id = created?.network_id as string;
        expect(id).toBeTruthy();
        expect(created?.config?.tls_sockaddr).toBe("10.0.0.10:443");
        expect((await devices.networks.get(id, account))?.name).toBe("SDK contract office");

        const updated = await devices.networks.update(id, {
          ...account,
          config: { tls_sockaddr: "10.0.0.11:8443", sha256: "b".repeat(64) },
        });
        expect(updated?.config?.tls_sockaddr).toBe("10.0.0.11:8443");
        expect(updated?.name).toBe("SDK contract office");
        expect((await all(devices.networks.list(account))).map((n) => n.network_id)).toContain(id);

        // The API answers a delete with the networks that remain; the SDK reads that as a page.
        const remaining = await all(devices.networks.delete(id, account));
        expect(remaining.map((n) => n.network_id)).not.toContain(id);
        await expectNotFound(devices.networks.get(id, account));
      });
    });

    describe("account device settings", () => {
      it("reads, replaces, patches and resets the settings", async () => {
        expect(await devices.settings.get(account)).toBeTypeOf("object");
        const replaced = await devices.settings.update({
          ...account,
          gateway_proxy_enabled: true,
          gateway_udp_proxy_enabled: true,
          root_certificate_installation_enabled: false,
          use_zt_virtual_ip: false,
        });
        expect(replaced?.gateway_udp_proxy_enabled).toBe(true);
        const patched = await devices.settings.edit({ ...account, use_zt_virtual_ip: true });
        expect(patched?.use_zt_virtual_ip).toBe(true);
        // PATCH merges: what PUT set stays.
        expect(patched?.gateway_udp_proxy_enabled).toBe(true);
        expect((await devices.settings.get(account))?.use_zt_virtual_ip).toBe(true);

        const reset = await devices.settings.delete(account);
        expect(reset).toBeTypeOf("object");
        expect((await devices.settings.get(account))?.use_zt_virtual_ip).not.toBe(true);
      });
    });

    describe("posture rules and integrations", () => {
      it("integration: create, read back, edit, list, delete; credentials never come back", async () => {
        const secret = "sdk-contract-secret-value";
        const created = await devices.posture.integrations.create({
          ...account,
          name: "SDK contract CrowdStrike",
          type: "crowdstrike_s2s",
          interval: "10m",
          config: {
            api_url: "https://api.crowdstrike.com",
            client_id: "sdk-contract-client",
            client_secret: secret,
            customer_id: "sdk-contract-customer",
          },
        });
        const id = created?.id as string;
        expect(id).toBeTruthy();
        expect(JSON.stringify(created)).not.toContain(secret);
        const read = await devices.posture.integrations.get(id, account);
        expect(read?.name).toBe("SDK contract CrowdStrike");
        expect(JSON.stringify(read)).not.toContain(secret);

        const edited = await devices.posture.integrations.edit(id, { ...account, interval: "30m" });
        expect(edited?.interval).toBe("30m");
        const listed = await all(devices.posture.integrations.list(account));
        expect(listed.map((i) => i.id)).toContain(id);
        expect(JSON.stringify(listed)).not.toContain(secret);

        await devices.posture.integrations.delete(id, account);
        await expectNotFound(devices.posture.integrations.get(id, account));
      });

      it("rule: create, read back, replace, list, delete; then 404", async () => {
        const created = await devices.posture.create({
          ...account,
          name: "SDK contract firewall",
          type: "firewall",
          input: { enabled: true, operating_system: "windows" },
          match: [{ platform: "windows" }],
          schedule: "5m",
        });
        const id = created?.id as string;
        expect(id).toBeTruthy();
        expect((await devices.posture.get(id, account))?.type).toBe("firewall");

        const replaced = await devices.posture.update(id, {
          ...account,
          name: "SDK contract firewall (mac)",
          type: "firewall",
          input: { enabled: true, operating_system: "mac" },
          match: [{ platform: "mac" }],
        });
        expect(replaced?.name).toBe("SDK contract firewall (mac)");
        expect((await all(devices.posture.list(account))).map((r) => r.id)).toContain(id);

        await devices.posture.delete(id, account);
        await expectNotFound(devices.posture.get(id, account));
      });

      it("a rule backed by an integration names one that exists", async () => {
        const integration = await devices.posture.integrations.create({
          ...account,
          name: "SDK contract Workspace ONE",
          type: "workspace_one",
          interval: "1h",
          config: {
            api_url: "https://as123.awmdm.com/API",
            auth_url: "https://na.uemauth.vmwservices.com/connect/token",
            client_id: "sdk-contract-ws1",
            client_secret: "sdk-contract-ws1-secret",
          },
        });
        const rule = await devices.posture.create({
          ...account,
          name: "SDK contract compliant",
          type: "workspace_one",
          input: { connection_id: integration?.id as string, compliance_status: "compliant" },
        });
        expect(rule?.input).toMatchObject({ connection_id: integration?.id });
      });
    });

    describe("global WARP override", () => {
      it("sets the override and reads the state and the time it changed", async () => {
        const set = await devices.resilience.globalWARPOverride.create({
          ...account,
          disconnect: true,
          justification: "SDK contract: incident drill",
        });
        expect(set?.disconnect).toBe(true);
        expect(set?.timestamp).toBeTruthy();
        const read = await devices.resilience.globalWARPOverride.get(account);
        expect(read?.disconnect).toBe(true);
        await devices.resilience.globalWARPOverride.create({ ...account, disconnect: false });
        expect((await devices.resilience.globalWARPOverride.get(account))?.disconnect).toBe(false);
      });
    });

    describe("IP profiles (numbered pages)", () => {
      it("creates, reads back, updates, pages through, deletes; then 404", async () => {
        const made: string[] = [];
        for (let i = 0; i < 7; i++) {
          const profile = await devices.ipProfiles.create({
            ...account,
            name: `SDK contract IP profile ${i}`,
            match: `identity.email == "ip${i}@example.com"`,
            precedence: 900 + i,
            subnet_id: "0f4d3b1c-2a5e-4c6d-8e9f-a0b1c2d3e4f5",
          });
          made.push(profile.id);
        }
        const id = made[0] as string;
        const read = await devices.ipProfiles.get(id, account);
        expect(read.name).toBe("SDK contract IP profile 0");
        expect(read.enabled).toBe(true);

        const updated = await devices.ipProfiles.update(id, {
          ...account,
          description: "updated by the SDK",
          enabled: false,
        });
        expect(updated.description).toBe("updated by the SDK");
        expect(updated.enabled).toBe(false);

        const from = sent.length;
        const first = await devices.ipProfiles.list({ ...account, per_page: 3 });
        const walked = await all(first);
        const ids = walked.map((p) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(made));
        // The SDK types `result_info` with `page` and `per_page` only; the count is read past it.
        expect(ids.length).toBe(Reflect.get(first.result_info, "total_count"));
        // The SDK asks for page after page until one comes back empty.
        const pages = sentFor("listIpProfiles", from).map((p) => Number(p.query.get("page") ?? 1));
        expect(pages).toEqual(pages.map((_, i) => i + 1));
        expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(ids.length / 3));

        await devices.ipProfiles.delete(id, account);
        await expectNotFound(devices.ipProfiles.get(id, account));
      });
    });

    describe("deployment groups (numbered pages)", () => {
      it("creates, reads back, edits, pages through, deletes; then 404", async () => {
        const profile = (await all(devices.policies.custom.list(account)))[0];
        const made: string[] = [];
        for (let i = 0; i < 5; i++) {
          const group = await devices.deploymentGroups.create({
            ...account,
            name: `SDK contract ring ${i}`,
            version_config: [{ version: "2026.6.234.0", target_environment: "windows" }],
            ...(i === 0 && profile?.policy_id ? { policy_ids: [profile.policy_id] } : {}),
          });
          made.push(group.id);
        }
        const id = made[0] as string;
        const read = await devices.deploymentGroups.get(id, account);
        expect(read.name).toBe("SDK contract ring 0");
        expect(read.version_config[0]?.version).toBe("2026.6.234.0");

        const edited = await devices.deploymentGroups.edit(id, {
          ...account,
          name: "SDK contract ring 0 (canary)",
          version_config: [
            { version: "2026.7.100.0", target_environment: "windows" },
            { version: "2026.7.100.0", target_environment: "macos" },
          ],
        });
        expect(edited.name).toBe("SDK contract ring 0 (canary)");
        expect(edited.version_config).toHaveLength(2);

        const first = await devices.deploymentGroups.list({ ...account, per_page: 2 });
        const ids = (await all(first)).map((g) => g.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(made));
        expect(ids.length).toBe(Reflect.get(first.result_info, "total_count"));

        await devices.deploymentGroups.delete(id, account);
        await expectNotFound(devices.deploymentGroups.get(id, account));
      });
    });

    describe("operations the SDK has no method for, through its generic requests", () => {
      // Found by `sdkDeviceRoutes()` below, not listed by hand; with SDK 7.3.0 that is
      // createOverrideCode (POST …/devices/override_codes), which the SDK does not have yet. The
      // SDK still parses the envelope of such a call through `client.post()`.
      it("creates an override code for a device with client.post()", async () => {
        const raw = sdk("raw");
        const [device] = (await devices.devices.list({ ...account, per_page: 1 })).result;
        const answer = await raw.post(`/accounts/${mock.accountId}/devices/override_codes`, {
          body: {
            type: "uninstall_protection",
            scope: "device",
            device_id: device?.id,
            duration_hours: 2,
          },
        });
        expect(answer).toMatchObject({ success: true });
      });
    });

    describe("shapes, as the SDK's types declare them", () => {
      let shapes: ShapeChecker;
      beforeAll(() => {
        shapeChecker ??= loadShapeChecker();
        shapes = shapeChecker;
      }, 120_000);

      it("every result an SDK method resolved to has the shape the SDK declares for it", () => {
        // Items of later pages are checked too, not only the first page's.
        const walkedDevices = returned.filter((r) => r.method.join(".") === "devices.list");
        expect(walkedDevices.length).toBeGreaterThanOrEqual(SEEDED_DEVICES);
        const found = new Map<string, Set<string>>();
        for (const { method, value } of returned) {
          const differences = shapes
            .check(method, value)
            .filter((d) => !acceptedDifferences.some((a) => a.accepts(method.join("."), d, value)));
          if (differences.length === 0) continue;
          const key = `zeroTrust.devices.${method.join(".")} (${shapes.describe(method)})`;
          const set = found.get(key) ?? new Set<string>();
          for (const difference of differences) set.add(difference);
          found.set(key, set);
        }
        expect(Object.fromEntries([...found].map(([k, v]) => [k, [...v]]))).toEqual({});
      });
    });

    describe("coverage, measured from the requests sent", () => {
      const routes = sdkDeviceRoutes();

      it("finds the SDK's Devices routes, and every one is an operation of the spec", () => {
        const devicesRoutes = routes.filter((r) => isDevicesApiPath(r.path));
        // A sanity floor: the SDK has far more than this, so a broken scan cannot pass as "none".
        expect(devicesRoutes.length).toBeGreaterThan(50);
        const unknown = devicesRoutes.filter((r) => !operationForRoute(r));
        expect(unknown, "SDK routes the spec does not have").toEqual([]);
      });

      it("every operation got a successful answer through an SDK method, but those the SDK lacks", () => {
        const sdkOperations = new Set(routes.map(operationForRoute));
        const lacking = operationIds.filter((id) => !sdkOperations.has(id));
        // Every request the SDK sent is an operation of the spec.
        expect(sent.filter((s) => !s.operationId).map((s) => `${s.method} ${s.path}`)).toEqual([]);

        const answered = new Set(
          sent.filter((s) => s.via === "method" && s.status < 300).map((s) => s.operationId),
        );
        const missed = operationIds
          .filter((id) => !lacking.includes(id) && !answered.has(id))
          .map((id) => {
            const statuses = sent.filter((s) => s.operationId === id).map((s) => s.status);
            return `${id} (${manifest[id].method} ${manifest[id].path}): ${statuses.length ? `answered ${[...new Set(statuses)].join(", ")}` : "never sent"}`;
          });
        expect(missed, "operations with an SDK method but no successful call").toEqual([]);

        // What the SDK lacks is still exercised, through its generic request methods.
        const rawAnswered = new Set(
          sent.filter((s) => s.via === "raw" && s.status < 300).map((s) => s.operationId),
        );
        expect(lacking.filter((id) => !rawAnswered.has(id))).toEqual([]);
      });
    });
  });
}
