/**
 * The contract suite: one set of cases, run against every target (in-process `mock.fetch` and a
 * real HTTP port), like Hono's `*.case.test.ts`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client, type Harness, targets, walk } from "./helpers.js";

interface Device {
  id: string;
  name: string;
  active_registrations: number;
  last_seen_at: string | null;
  client_version: string | null;
  created_at: string;
  last_seen_user?: { email?: string } | null;
  last_seen_registration?: { policy: { id: string; deleted: boolean } | null };
  tags: Record<string, string>;
}
interface Registration {
  id: string;
  registration_type: "warp" | "browser_extension";
  revoked_at: string | null;
  last_seen_at: string;
  created_at: string;
  device: { id: string; name: string };
  user?: { id?: string; email?: string; name?: string };
  policy?: { id: string; default: boolean; deleted: boolean; name: string };
}
interface Profile {
  policy_id: string;
  name?: string;
  precedence?: number;
  default: boolean;
  captive_portal?: number;
  enabled?: boolean;
  include?: unknown[];
  exclude?: unknown[];
  fallback_domains?: unknown[];
  profile_type?: "warp" | "browser_extension";
  uninstall_protection?: boolean;
  virtual_networks?: { allowed: string[]; default: string } | null;
}

const DEVICES = 300;

for (const target of targets) {
  describe(`mock contract (${target.name})`, () => {
    let h: Harness;
    let c: ReturnType<typeof client>;

    beforeAll(async () => {
      h = await target.start({ seed: 42, devices: DEVICES });
      c = client(h);
    });
    afterAll(() => h.close());
    beforeEach(() => h.mock.reset());

    const activeRegistration = async () =>
      (await c.get<Registration[]>(c.account("/devices/registrations"), { per_page: 1 })).body
        .result[0]!;

    describe("routing", () => {
      it("serves paths with and without the /client/v4 prefix", async () => {
        const bare = await h.fetch(`${h.origin}/accounts/${h.mock.accountId}/devices/policy`, {
          headers: { authorization: "Bearer t" },
        });
        expect(bare.status).toBe(200);
        expect((await bare.json()).result.default).toBe(true);
      });

      it("lets literal segments win over templates", async () => {
        const policy = await c.get<Profile>(c.account("/devices/policy"));
        expect(policy.status).toBe(200);
        expect(policy.body.result.default).toBe(true);
        const list = await c.get(c.account("/devices/physical-devices"));
        expect(list.status).toBe(200);
        expect(Array.isArray(list.body.result)).toBe(true);
      });

      it("answers unknown routes with a 7003 envelope", async () => {
        const res = await c.get("/accounts/x/devices/physical-devices/a/b/c");
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ success: false, result: null, messages: [] });
        expect(res.body.errors[0]!.code).toBe(7003);
      });

      it("answers a wrong method with 405 and an Allow header", async () => {
        const res = await c.call("DELETE", c.account("/devices/policy"));
        expect(res.status).toBe(405);
        expect(res.headers.get("allow")).toBe("GET, POST, PATCH");
        expect(res.body.success).toBe(false);
        expect(res.body.errors[0]!.code).toBeGreaterThanOrEqual(1000);
      });

      it("answers an unknown account with a 404 naming the known ones", async () => {
        const res = await c.get("/accounts/0123456789abcdef0123456789abcdef/devices/policy");
        expect(res.status).toBe(404);
        expect(res.body.errors[0]!.message).toContain(h.mock.accountId);
        expect(res.body.errors[0]!.source?.pointer).toBe("/path/account_id");
      });
    });

    describe("state changes", () => {
      it("revoke, then read: registration, lists and the physical device all change", async () => {
        const reg = await activeRegistration();
        const before = await c.get<Device>(c.account(`/devices/physical-devices/${reg.device.id}`));
        const revoke = await c.call("POST", c.account("/devices/registrations/revoke"), {
          query: { id: reg.id },
        });
        expect(revoke.status).toBe(200);
        // Calls with nothing to return answer with an empty object, as the API does.
        expect(revoke.body.result).toEqual({});
        expect(revoke.body.result_info).toMatchObject({ count: 1, cursor: "" });

        const got = await c.get<Registration>(c.account(`/devices/registrations/${reg.id}`));
        expect(got.body.result.revoked_at).toMatch(/^\d{4}-\d\d-\d\dT/);
        const active = await c.get<Registration[]>(c.account("/devices/registrations"), {
          id: reg.id,
        });
        expect(active.body.result).toEqual([]);
        const revoked = await c.get<Registration[]>(c.account("/devices/registrations"), {
          id: reg.id,
          status: "revoked",
        });
        expect(revoked.body.result.map((r) => r.id)).toEqual([reg.id]);
        const after = await c.get<Device>(c.account(`/devices/physical-devices/${reg.device.id}`));
        expect(after.body.result.active_registrations).toBe(
          before.body.result.active_registrations - 1,
        );

        await c.call("POST", c.account("/devices/registrations/unrevoke"), {
          query: { id: reg.id },
        });
        const restored = await c.get<Registration>(c.account(`/devices/registrations/${reg.id}`));
        expect(restored.body.result.revoked_at).toBeNull();
      });

      it("a list read before a change shows the change when read again", async () => {
        // The list reuses serialized device views between reads; a change must not leave a
        // stale one behind.
        const reg = await activeRegistration();
        const id = reg.device.id;
        const query = { id, active_registrations: "include" };
        const first = await c.get<Device[]>(c.account("/devices/physical-devices"), query);
        const again = await c.get<Device[]>(c.account("/devices/physical-devices"), query);
        expect(again.body.result).toEqual(first.body.result);
        const [before] = first.body.result;
        const single = await c.get<Device>(c.account(`/devices/physical-devices/${id}`));
        expect(before).toEqual(single.body.result);

        await c.call("POST", c.account("/devices/registrations/revoke"), { query: { id: reg.id } });
        const after = await c.get<Device[]>(c.account("/devices/physical-devices"), query);
        expect(after.body.result[0]!.active_registrations).toBe(before!.active_registrations - 1);
        await c.call("DELETE", c.account(`/devices/physical-devices/${id}`));
        const gone = await c.get<Device[]>(c.account("/devices/physical-devices"), query);
        expect(gone.body.result).toEqual([]);
      });

      it("legacy revoke and the registrations API share the same data", async () => {
        const reg = await activeRegistration();
        const res = await c.call("POST", c.account("/devices/revoke"), { body: [reg.id] });
        expect(res.status).toBe(200);
        const legacy = await c.get<{ id: string; revoked_at: string | null }[]>(
          c.account("/devices"),
        );
        expect(legacy.body.result.find((d) => d.id === reg.id)?.revoked_at).not.toBeNull();
        const got = await c.get<Registration>(c.account(`/devices/registrations/${reg.id}`));
        expect(got.body.result.revoked_at).not.toBeNull();
        const legacyOne = await c.get<{ id: string; name: string }>(
          c.account(`/devices/${reg.id}`),
        );
        expect(legacyOne.body.result).toMatchObject({ id: reg.id, name: reg.device.name });
        await c.call("POST", c.account("/devices/unrevoke"), { body: [reg.id] });
        const back = await c.get<Registration>(c.account(`/devices/registrations/${reg.id}`));
        expect(back.body.result.revoked_at).toBeNull();
      });

      it("revoking a physical device revokes all its registrations and hides it by default", async () => {
        const reg = await activeRegistration();
        const id = reg.device.id;
        await c.call("POST", c.account(`/devices/physical-devices/${id}/revoke`));
        const listed = await c.get<Device[]>(c.account("/devices/physical-devices"), { id });
        expect(listed.body.result).toEqual([]);
        const excluded = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          id,
          active_registrations: "exclude",
        });
        expect(excluded.body.result.map((d) => [d.id, d.active_registrations])).toEqual([[id, 0]]);
        const regs = await c.get<Registration[]>(c.account("/devices/registrations"), {
          "device.id": id,
          status: "all",
        });
        expect(regs.body.result.length).toBeGreaterThan(0);
        for (const r of regs.body.result) expect(r.revoked_at).not.toBeNull();
      });

      it("delete takes effect in later reads", async () => {
        const reg = await activeRegistration();
        expect((await c.call("DELETE", c.account(`/devices/registrations/${reg.id}`))).status).toBe(
          200,
        );
        const gone = await c.get(c.account(`/devices/registrations/${reg.id}`));
        expect(gone.status).toBe(404);
        expect(gone.body.errors[0]!.source?.pointer).toBe("/path/registration_id");
        expect((await c.get(c.account(`/devices/${reg.id}`))).status).toBe(404);

        const device = reg.device.id;
        expect(
          (await c.call("DELETE", c.account(`/devices/physical-devices/${device}`))).status,
        ).toBe(200);
        expect((await c.get(c.account(`/devices/physical-devices/${device}`))).status).toBe(404);
        const any = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          id: device,
          active_registrations: "include",
        });
        expect(any.body.result).toEqual([]);
      });

      it("bulk operations check every id first and change nothing when one is unknown", async () => {
        const [a, b] = (
          await c.get<Registration[]>(c.account("/devices/registrations"), { per_page: 2 })
        ).body.result;
        const res = await c.call("POST", c.account("/devices/registrations/revoke"), {
          query: { id: [a!.id, "00000000-0000-4000-8000-000000000000", b!.id] },
        });
        expect(res.status).toBe(404);
        expect(res.body.errors[0]!.source?.pointer).toBe("/query/id/1");
        const still = await c.get<Registration>(c.account(`/devices/registrations/${a!.id}`));
        expect(still.body.result.revoked_at).toBeNull();

        const del = await c.call("DELETE", c.account("/devices/registrations"), {
          query: { id: [a!.id, b!.id] },
        });
        expect(del.status).toBe(200);
        expect((await c.get(c.account(`/devices/registrations/${b!.id}`))).status).toBe(404);
      });

      it("PUT replaces a whole list", async () => {
        const list = [
          { address: "10.1.0.0/16", description: "Lab" },
          { host: "*.corp.example.com" },
        ];
        const put = await c.call("PUT", c.account("/devices/policy/include"), { body: list });
        expect(put.status).toBe(200);
        expect(put.body.result).toEqual(list);
        expect(put.body.result_info).toMatchObject({ count: 2, page: 1, total_count: 2 });
        expect((await c.get(c.account("/devices/policy/include"))).body.result).toEqual(list);
        // An empty list reads back as null, the way the API may answer it.
        const emptied = await c.call("PUT", c.account("/devices/policy/include"), { body: [] });
        expect(emptied.body.result).toBeNull();
        expect((await c.get(c.account("/devices/policy/include"))).body.result).toBeNull();

        // Fields an entry's schema does not declare are ignored: not stored, not echoed.
        const extra = await c.call("PUT", c.account("/devices/policy/exclude"), {
          body: [{ address: "10.9.0.0/16", colour: "red" }],
        });
        expect(extra.body.result).toEqual([{ address: "10.9.0.0/16" }]);

        const profiles = await c.get<Profile[]>(c.account("/devices/policies"));
        const custom = profiles.body.result.find((p) => !p.default)!;
        const domains = [{ suffix: "lab.example.com", dns_server: ["10.0.0.53"] }];
        const path = c.account(`/devices/policy/${custom.policy_id}/fallback_domains`);
        expect((await c.call("PUT", path, { body: domains })).body.result).toEqual(domains);
        expect((await c.get(path)).body.result).toEqual(domains);
        const profile = await c.get<Profile>(c.account(`/devices/policy/${custom.policy_id}`));
        expect(profile.body.result.fallback_domains).toEqual(domains);
      });

      it("create returns the new profile with a generated policy_id; get and list find it", async () => {
        const created = await c.call<Profile>("POST", c.account("/devices/policy"), {
          body: { name: "QA", match: 'identity.email == "qa@example.com"', precedence: 4242 },
        });
        expect(created.status).toBe(200);
        const profile = created.body.result;
        expect(profile.policy_id).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(profile).toMatchObject({
          name: "QA",
          precedence: 4242,
          default: false,
          enabled: true,
          captive_portal: 180,
        });
        const got = await c.get<Profile>(c.account(`/devices/policy/${profile.policy_id}`));
        expect(got.body.result).toEqual(profile);
        const all = await c.get<Profile[]>(c.account("/devices/policies"));
        expect(all.body.result.map((p) => p.policy_id)).toContain(profile.policy_id);

        const patched = await c.call<Profile>(
          "PATCH",
          c.account(`/devices/policy/${profile.policy_id}`),
          {
            body: { captive_portal: 600, precedence: 4242 },
          },
        );
        expect(patched.body.result).toMatchObject({ captive_portal: 600, name: "QA" });
      });

      it("deleting a profile returns the rest; registrations then see it as deleted", async () => {
        const regs = await c.get<Registration[]>(c.account("/devices/registrations"), {
          include: "policy",
          per_page: 200,
        });
        const used = regs.body.result.find((r) => r.policy && !r.policy.default)!;
        const policyId = used.policy!.id;
        const del = await c.call<Profile[]>("DELETE", c.account(`/devices/policy/${policyId}`));
        expect(del.status).toBe(200);
        expect(del.body.result.map((p) => p.policy_id)).not.toContain(policyId);
        expect(del.body.result.some((p) => p.default)).toBe(true);
        expect((await c.get(c.account(`/devices/policy/${policyId}`))).status).toBe(404);
        const after = await c.get<Registration>(c.account(`/devices/registrations/${used.id}`), {
          include: "policy",
        });
        expect(after.body.result.policy).toMatchObject({ id: policyId, deleted: true });
      });

      it("the default profile cannot be deleted", async () => {
        const def = await c.get<Profile>(c.account("/devices/policy"));
        const res = await c.call(
          "DELETE",
          c.account(`/devices/policy/${def.body.result.policy_id}`),
        );
        expect(res.status).toBe(400);
        expect(res.body.errors[0]).toMatchObject({
          code: 2020,
          source: { pointer: "/path/policy_id" },
        });
      });

      it("two custom profiles cannot share a precedence", async () => {
        const profiles = (await c.get<Profile[]>(c.account("/devices/policies"))).body.result;
        const [first, second] = profiles.filter((p) => !p.default);
        const create = await c.call("POST", c.account("/devices/policy"), {
          body: { name: "Clash", match: "true", precedence: first!.precedence },
        });
        expect(create.status).toBe(400);
        expect(create.body.errors[0]).toMatchObject({
          code: 2021,
          source: { pointer: "/precedence" },
        });
        expect(create.body.errors[0]!.message).toContain(first!.name);
        const patch = await c.call("PATCH", c.account(`/devices/policy/${second!.policy_id}`), {
          body: { precedence: first!.precedence },
        });
        expect(patch.status).toBe(400);
        expect(patch.body.errors[0]!.code).toBe(2021);
      });

      it("certificate provisioning is kept per zone", async () => {
        const path = `/zones/${h.mock.zoneId}/devices/policy/certificates`;
        const before = (await c.get<{ enabled: boolean }>(path)).body.result.enabled;
        const res = await c.call<{ enabled: boolean }>("PATCH", path, {
          body: { enabled: !before },
        });
        expect(res.body.result).toEqual({ enabled: !before });
        expect((await c.get<{ enabled: boolean }>(path)).body.result.enabled).toBe(!before);
        expect(
          (await c.get("/zones/ffffffffffffffffffffffffffffffff/devices/policy/certificates"))
            .status,
        ).toBe(404);
      });

      it("override codes stay the same for a registration and its legacy device", async () => {
        const reg = await activeRegistration();
        const a = await c.get<{ disable_for_time: Record<string, string> }>(
          c.account(`/devices/registrations/${reg.id}/override_codes`),
        );
        const b = await c.get(c.account(`/devices/${reg.id}/override_codes`));
        expect(Object.keys(a.body.result.disable_for_time).sort()).toEqual([
          "1",
          "12",
          "24",
          "3",
          "6",
        ]);
        for (const code of Object.values(a.body.result.disable_for_time))
          expect(code).toMatch(/^\d{8}$/);
        expect(b.body.result).toEqual(a.body.result);
      });
    });

    describe("validation", () => {
      const cases: [
        string,
        () => Promise<{
          status: number;
          body: { errors: { code: number; message: string; source?: { pointer: string } }[] };
        }>,
        string,
        RegExp,
      ][] = [
        [
          "per_page below minimum",
          () => c.get(c.account("/devices/physical-devices"), { per_page: 0 }),
          "/query/per_page",
          /per_page must be at least 1/,
        ],
        [
          "per_page not a number",
          () => c.get(c.account("/devices/registrations"), { per_page: "ten" }),
          "/query/per_page",
          /per_page must be an integer/,
        ],
        [
          "unknown sort_by",
          () => c.get(c.account("/devices/physical-devices"), { sort_by: "colour" }),
          "/query/sort_by",
          /sort_by must be one of: name, id/,
        ],
        [
          "bad seen_after",
          () => c.get(c.account("/devices/registrations"), { seen_after: "yesterday" }),
          "/query/seen_after",
          /RFC 3339/,
        ],
        [
          "unknown registration_type",
          () => c.get(c.account("/devices/registrations"), { registration_type: "agent" }),
          "/query/registration_type",
          /registration_type must be one of: warp, browser_extension/,
        ],
        [
          "missing required id",
          () => c.call("POST", c.account("/devices/registrations/revoke")),
          "/query/id",
          /id is required/,
        ],
        [
          "legacy device id too long",
          () => c.get(c.account(`/devices/${"a".repeat(37)}`)),
          "/path/device_id",
          /at most 36 characters/,
        ],
        [
          "profile id too long",
          () => c.get(c.account(`/devices/policy/${"a".repeat(37)}`)),
          "/path/policy_id",
          /at most 36 characters/,
        ],
        [
          "missing required field",
          () => c.call("POST", c.account("/devices/policy"), { body: { name: "x", match: "y" } }),
          "/precedence",
          /precedence is required/,
        ],
        [
          "wrong field type",
          () =>
            c.call("POST", c.account("/devices/policy"), {
              body: { name: "x", match: "y", precedence: "1" },
            }),
          "/precedence",
          /precedence must be a number/,
        ],
        [
          "include and exclude together",
          () =>
            c.call("POST", c.account("/devices/policy"), {
              body: { name: "x", match: "y", precedence: 77, include: [], exclude: [] },
            }),
          "/exclude",
          /include and exclude cannot be sent together/,
        ],
        [
          "WARP client profile made the default",
          () =>
            c.call("POST", c.account("/devices/policy"), {
              body: { name: "x", match: "y", precedence: 77, default: true },
            }),
          "/default",
          /only be set on a browser extension profile/,
        ],
        [
          "default virtual network not among the allowed",
          () =>
            c.call("PATCH", c.account("/devices/policy"), {
              body: { virtual_networks: { allowed: ["vnet-a"], default: "vnet-b" } },
            }),
          "/virtual_networks/default",
          /must be one of virtual_networks\.allowed/,
        ],
        [
          "profile without a name",
          () =>
            c.call("POST", c.account("/devices/policy"), { body: { match: "y", precedence: 5 } }),
          "/name",
          /name is required/,
        ],
        [
          "entry with address and host",
          () =>
            c.call("PUT", c.account("/devices/policy/exclude"), {
              body: [{ address: "10.0.0.0/8", host: "a.example" }],
            }),
          "/0",
          /either an address or a host/,
        ],
        [
          "entry value of the wrong type",
          () => c.call("PUT", c.account("/devices/policy/exclude"), { body: [{ address: 10 }] }),
          "/0/address",
          /\[0\]\.address must be a string/,
        ],
        [
          "description too long",
          () =>
            c.call("PUT", c.account("/devices/policy/fallback_domains"), {
              body: [{ suffix: "a", description: "x".repeat(101) }],
            }),
          "/0/description",
          /at most 100 characters/,
        ],
        [
          "body not an array",
          () =>
            c.call("PUT", c.account("/devices/policy/include"), {
              body: { address: "1.1.1.1/32" },
            }),
          "",
          /must be an array/,
        ],
        [
          "too many ids",
          () =>
            c.call("POST", c.account("/devices/revoke"), {
              body: Array.from({ length: 201 }, () => "00000000-0000-4000-8000-000000000000"),
            }),
          "",
          /more than 200 items/,
        ],
        [
          "empty body",
          () => c.call("PATCH", `/zones/${h.mock.zoneId}/devices/policy/certificates`),
          "",
          /body is required/,
        ],
        [
          "malformed JSON",
          () =>
            c.call("PATCH", `/zones/${h.mock.zoneId}/devices/policy/certificates`, {
              raw: '{"enabled": tru',
            }),
          "",
          /Malformed JSON/,
        ],
      ];
      it.each(cases)("%s → 400 with pointer %j", async (_label, send, pointer, message) => {
        const res = await send();
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ success: false, messages: [], result: null });
        const [error] = res.body.errors;
        expect(error!.code).toBeGreaterThanOrEqual(1000);
        expect(error!.source?.pointer).toBe(pointer);
        expect(error!.message).toMatch(message);
      });

      it("rejects a cursor that was not issued, or issued for another sort", async () => {
        const bad = await c.get(c.account("/devices/physical-devices"), { cursor: "%%%" });
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0]!.source?.pointer).toBe("/query/cursor");
        const page = await c.get(c.account("/devices/physical-devices"), {
          per_page: 2,
          sort_by: "name",
        });
        const cursor = String(page.body.result_info?.cursor);
        const other = await c.get(c.account("/devices/physical-devices"), { per_page: 2, cursor });
        expect(other.status).toBe(400);
        expect(other.body.errors[0]!.message).toMatch(/sorted by name asc/);
      });
    });

    describe("auth", () => {
      const policy = () => c.account("/devices/policy");

      it("401 without credentials", async () => {
        const res = await client(h, {}).get(policy());
        expect(res.status).toBe(401);
        expect(res.body.errors[0]!.code).toBe(9106);
      });

      it("401 with half an email + key pair or a non-Bearer Authorization", async () => {
        expect((await client(h, { "x-auth-email": "a@example.com" }).get(policy())).status).toBe(
          401,
        );
        expect(
          (await client(h, { authorization: "Basic Zm9vOmJhcg==" }).get(policy())).status,
        ).toBe(401);
      });

      it("accepts email + key where the spec allows it, and refuses it on token-only operations", async () => {
        const key = client(h, { "x-auth-email": "a@example.com", "x-auth-key": "k" });
        expect((await key.get(policy())).status).toBe(200);
        const res = await key.get(c.account("/devices/physical-devices"));
        expect(res.status).toBe(403);
        expect(res.body.errors[0]!.code).toBe(10000);
        expect(res.body.errors[0]!.message).toMatch(/API tokens only/);
      });

      it("never keeps raw credentials in the request log", async () => {
        h.mock.clearRequests();
        await client(h, { authorization: "Bearer super-secret-token-123" }).get(policy());
        await client(h, { "x-auth-email": "a@example.com", "x-auth-key": "global-key-456" }).get(
          policy(),
        );
        const log = JSON.stringify(h.mock.requests);
        expect(log).not.toContain("super-secret-token-123");
        expect(log).not.toContain("global-key-456");
        expect(h.mock.requests.map((r) => r.credential)).toEqual(["token", "email+key"]);
        expect(h.mock.requests[0]!.headers.authorization).toBe("Bearer [redacted]");
      });

      it("logs each request as it was sent, the same objects on every read", async () => {
        h.mock.clearRequests();
        const headers = new Headers({ authorization: "Bearer t", "x-note": "before" });
        await h.mock.handle({ method: "GET", url: policy(), headers, body: null });
        // The log is built when read: a caller changing its Headers afterwards must not show.
        headers.set("x-note", "after");
        const [entry] = h.mock.requests;
        expect(entry!.headers["x-note"]).toBe("before");
        expect(entry).toMatchObject({
          method: "GET",
          status: 200,
          operationId: expect.any(String),
        });
        expect(h.mock.requests[0]).toBe(entry);
      });
    });

    describe("strict auth", () => {
      it("accepts only configured tokens, each within its accounts", async () => {
        const strict = await target.start({
          accounts: 2,
          devices: 3,
          auth: { tokens: [{ token: "first-only", accounts: [] }, "everywhere"] },
        });
        try {
          const [first, second] = strict.mock.accounts;
          const scoped = await target.start({
            accounts: 2,
            devices: 3,
            auth: { tokens: [{ token: "first-only", accounts: [first!.id] }] },
          });
          try {
            const as = (token: string, h2: Harness) =>
              client(h2, { authorization: `Bearer ${token}` });
            const path = (id: string) => `/accounts/${id}/devices/policies`;
            expect((await as("first-only", scoped).get(path(first!.id))).status).toBe(200);
            const refused = await as("first-only", scoped).get(path(second!.id));
            expect(refused.status).toBe(403);
            expect(refused.body.errors[0]!.message).toContain(second!.id);
            expect((await as("guess", scoped).get(path(first!.id))).status).toBe(403);
            expect((await as("everywhere", strict).get(path(second!.id))).status).toBe(200);
            expect((await as("first-only", strict).get(path(first!.id))).status).toBe(403);
          } finally {
            await scoped.close();
          }
        } finally {
          await strict.close();
        }
      });
    });

    describe("faults", () => {
      it("forces a status per request with x-mock-fault, with Retry-After", async () => {
        const res = await c.call("GET", c.account("/devices/policy"), {
          headers: { "x-mock-fault": "status=503; retry-after=3" },
        });
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("3");
        expect(res.body.success).toBe(false);
        expect(h.mock.requests.at(-1)?.fault).toBe("status=503");
      });

      it("adds latency", async () => {
        const started = performance.now();
        const res = await c.call("GET", c.account("/devices/policy"), {
          headers: { "x-mock-fault": "latency=60" },
        });
        expect(res.status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(55);
      });

      it("applies per-operation rules set through the admin API, a limited number of times", async () => {
        const set = await c.call("PUT", "/__mock/faults", {
          body: { operations: { listRegistrations: { status: 429, retryAfter: 7, times: 2 } } },
        });
        expect(set.status).toBe(200);
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          const res = await c.get(c.account("/devices/registrations"));
          statuses.push(res.status);
          if (res.status === 429) expect(res.headers.get("retry-after")).toBe("7");
        }
        expect(statuses).toEqual([429, 429, 200]);
        expect((await c.get(c.account("/devices/policy"))).status).toBe(200);
        await c.call("DELETE", "/__mock/faults");
      });

      it("rejects an unreadable x-mock-fault header", async () => {
        const res = await c.call("GET", c.account("/devices/policy"), {
          headers: { "x-mock-fault": "status=teapot" },
        });
        expect(res.status).toBe(400);
        expect(res.body.errors[0]!.source?.pointer).toBe("/headers/x-mock-fault");
      });
    });

    describe("admin API", () => {
      it("describes the mock", async () => {
        const res = await c.get<{ accounts: { id: string; devices: number }[]; seed: number }>(
          "/__mock",
        );
        expect(res.status).toBe(200);
        expect(res.body.result.seed).toBe(42);
        expect(res.body.result.accounts[0]).toMatchObject({
          id: h.mock.accountId,
          devices: DEVICES,
        });
      });

      it("reset restores the seeded data", async () => {
        const reg = await activeRegistration();
        await c.call("DELETE", c.account(`/devices/registrations/${reg.id}`));
        expect((await c.call("POST", "/__mock/reset")).status).toBe(200);
        expect((await c.get(c.account(`/devices/registrations/${reg.id}`))).status).toBe(200);
      });

      it("reseeds, and state round-trips through GET/PUT /__mock/state", async () => {
        const saved = await c.get("/__mock/state");
        const reseed = await c.call<{ accounts: { id: string; devices: number }[] }>(
          "POST",
          "/__mock/seed",
          {
            body: { seed: 7, devices: 5 },
          },
        );
        expect(reseed.body.result.accounts[0]!.devices).toBe(5);
        expect(h.mock.accountId).not.toBe(
          saved.body.result &&
            (saved.body.result as { accounts: { id: string }[] }).accounts[0]!.id,
        );
        const restore = await c.call("PUT", "/__mock/state", { body: saved.body.result });
        expect(restore.status).toBe(200);
        expect(h.mock.snapshot()).toEqual(saved.body.result);
        const bad = await c.call("PUT", "/__mock/state", { body: { hello: "world" } });
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0]!.message).toMatch(/not a cf-devices mock state/);
      });

      it("serves the request log, filtered, without admin calls", async () => {
        await c.call("DELETE", "/__mock/requests");
        await c.get(c.account("/devices/policy"));
        await c.get(c.account("/devices/policies"));
        const all = await c.get<{ operationId: string }[]>("/__mock/requests");
        expect(all.body.result.map((r) => r.operationId)).toEqual([
          "getDefaultDeviceSettingsProfile",
          "listDeviceSettingsProfiles",
        ]);
        const one = await c.get<unknown[]>("/__mock/requests", {
          operationId: "listDeviceSettingsProfiles",
        });
        expect(one.body.result).toHaveLength(1);
      });

      it("answers unknown admin routes and methods with envelopes", async () => {
        expect((await c.get("/__mock/nope")).status).toBe(404);
        expect((await c.call("DELETE", "/__mock/state")).status).toBe(405);
      });
    });

    describe("cursor pagination", () => {
      const sorts: [string, "asc" | "desc"][] = [
        ["id", "asc"],
        ["name", "asc"],
        ["last_seen_at", "desc"],
        ["active_registrations", "desc"],
        ["client_version", "asc"],
        ["last_seen_user.email", "desc"],
        ["created_at", "asc"],
      ];

      it.each(sorts)(
        "walks every device exactly once, in order, sorted by %s %s",
        async (sortBy, order) => {
          const all = await c.get<Device[]>(c.account("/devices/physical-devices"), {
            per_page: 1000,
            active_registrations: "include",
          });
          const expected = new Set(all.body.result.map((d) => d.id));
          expect(expected.size).toBe(DEVICES);
          const { items, pages, totals } = await walk<Device>(
            c,
            c.account("/devices/physical-devices"),
            {
              per_page: 7,
              sort_by: sortBy,
              sort_order: order,
              active_registrations: "include",
            },
          );
          expect(items).toHaveLength(DEVICES);
          expect(new Set(items.map((d) => d.id))).toEqual(expected);
          expect(pages).toBe(Math.ceil(DEVICES / 7));
          expect(new Set(totals)).toEqual(new Set([DEVICES]));
          const key = (d: Device): string | number | null => {
            switch (sortBy) {
              case "name":
                return d.name;
              case "last_seen_at":
                return d.last_seen_at;
              case "active_registrations":
                return d.active_registrations;
              case "client_version":
                return d.client_version;
              case "last_seen_user.email":
                return d.last_seen_user?.email ?? null;
              case "created_at":
                return d.created_at;
              default:
                return d.id;
            }
          };
          for (let i = 1; i < items.length; i++) {
            const a = key(items[i - 1]!);
            const b = key(items[i]!);
            if (a === null || b === null || a === b) continue;
            expect(order === "asc" ? a < b : a > b, `${a} then ${b}`).toBe(true);
          }
        },
      );

      it("keeps its place when data changes between pages", async () => {
        const first = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          per_page: 50,
        });
        // Revoke a device already seen; the rest of the walk must neither repeat nor skip.
        await c.call(
          "POST",
          c.account(`/devices/physical-devices/${first.body.result[0]!.id}/revoke`),
        );
        const rest = await walk<Device>(c, c.account("/devices/physical-devices"), {
          per_page: 50,
          cursor: String(first.body.result_info?.cursor),
        });
        const seen = [...first.body.result, ...rest.items].map((d) => d.id);
        expect(new Set(seen).size).toBe(seen.length);
        const now = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          per_page: 1000,
        });
        expect(seen.slice(1).sort()).toEqual(now.body.result.map((d) => d.id).sort());
      });

      it("walks registrations too, with an empty cursor on the last page", async () => {
        const { items } = await walk<Registration>(c, c.account("/devices/registrations"), {
          per_page: 25,
          status: "all",
          sort_by: "user.email",
        });
        expect(new Set(items.map((r) => r.id)).size).toBe(items.length);
        expect(items.length).toBeGreaterThan(DEVICES);
      });
    });

    describe("filters", () => {
      it("filters physical devices by user email, profile, search and last-seen window", async () => {
        const withPolicy = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          per_page: 50,
          include: "last_seen_registration.policy",
        });
        const sample = withPolicy.body.result.find(
          (d) => d.last_seen_user?.email && d.last_seen_at,
        )!;
        const email = sample.last_seen_user!.email!;
        const byEmail = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          "last_seen_user.email": email,
          per_page: 100,
        });
        expect(byEmail.body.result.length).toBeGreaterThan(0);
        for (const d of byEmail.body.result) expect(d.last_seen_user?.email).toBe(email);

        const policyId = sample.last_seen_registration!.policy!.id;
        const byPolicy = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          "last_seen_registration.policy": policyId,
          include: "last_seen_registration.policy",
          per_page: 1000,
        });
        for (const d of byPolicy.body.result)
          expect(d.last_seen_registration?.policy?.id).toBe(policyId);

        const search = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          search: sample.name.toUpperCase(),
        });
        expect(search.body.result.map((d) => d.id)).toContain(sample.id);

        const at = Date.parse(sample.last_seen_at!);
        const after = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          seen_after: new Date(at - 1000).toISOString(),
          seen_before: new Date(at + 1000).toISOString(),
          per_page: 1000,
        });
        expect(after.body.result.map((d) => d.id)).toContain(sample.id);
        for (const d of after.body.result) {
          expect(Math.abs(Date.parse(d.last_seen_at!) - at)).toBeLessThan(1000);
        }
      });

      it("filters registrations by device, profile and users", async () => {
        const page = await c.get<Registration[]>(c.account("/devices/registrations"), {
          include: "policy",
          per_page: 30,
        });
        const r = page.body.result.find((x) => x.user?.id)!;
        const byDevice = await c.get<Registration[]>(c.account("/devices/registrations"), {
          "device.id": r.device.id,
        });
        for (const x of byDevice.body.result) expect(x.device.id).toBe(r.device.id);
        const byUser = await c.get<Registration[]>(c.account("/devices/registrations"), {
          "user.id": [r.user!.id!],
          per_page: 100,
        });
        expect(byUser.body.result.map((x) => x.id)).toContain(r.id);
        for (const x of byUser.body.result) expect(x.user?.id).toBe(r.user!.id);
        const byPolicy = await c.get<Registration[]>(c.account("/devices/registrations"), {
          "policy.id": r.policy!.id,
          include: "policy",
          per_page: 1000,
        });
        for (const x of byPolicy.body.result) expect(x.policy?.id).toBe(r.policy!.id);
      });

      it("filters devices by tags (all must match) and by the kind of active registration", async () => {
        const all = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          per_page: DEVICES,
        });
        const tagged = all.body.result.find((d) => d.tags.site && d.tags.tier)!;
        expect(tagged).toBeDefined();
        const one = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          tag: [`site:${tagged.tags.site}`],
          per_page: DEVICES,
        });
        const both = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          tag: [`site:${tagged.tags.site}`, `tier:${tagged.tags.tier}`],
          per_page: DEVICES,
        });
        expect(both.body.result.map((d) => d.id)).toContain(tagged.id);
        for (const d of both.body.result) expect(d.tags).toMatchObject(tagged.tags);
        expect(both.body.result.length).toBeLessThan(one.body.result.length);
        const none = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          tag: ["site:nowhere"],
        });
        expect(none.body.result).toEqual([]);

        const regs = await c.get<Registration[]>(c.account("/devices/registrations"), {
          registration_type: "browser_extension",
          per_page: 1000,
        });
        expect(regs.body.result.length).toBeGreaterThan(0);
        for (const r of regs.body.result) expect(r.registration_type).toBe("browser_extension");
        const withExtension = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          has_registration_type: "browser_extension",
          per_page: DEVICES,
        });
        expect(new Set(withExtension.body.result.map((d) => d.id))).toEqual(
          new Set(regs.body.result.map((r) => r.device.id)),
        );
      });

      it("takes the profile filter under both names the sources give it", async () => {
        const page = await c.get<Device[]>(c.account("/devices/physical-devices"), {
          include: "last_seen_registration.policy",
          per_page: 50,
        });
        const policyId = page.body.result.find((d) => d.last_seen_registration?.policy)!
          .last_seen_registration!.policy!.id;
        const ids = async (name: string) =>
          (
            await c.get<Device[]>(c.account("/devices/physical-devices"), {
              [name]: policyId,
              per_page: DEVICES,
            })
          ).body.result.map((d) => d.id);
        const byId = await ids("last_seen_registration.policy.id");
        expect(byId.length).toBeGreaterThan(0);
        expect(byId.length).toBeLessThan(DEVICES);
        expect(await ids("last_seen_registration.policy")).toEqual(byId);
      });
    });

    describe("profile fields of the real API", () => {
      it("stores global acceleration, virtual networks and uninstall protection, and ignores unknown fields", async () => {
        const created = await c.call<Profile & Record<string, unknown>>(
          "POST",
          c.account("/devices/policy"),
          {
            body: {
              name: "Accelerated",
              match: 'os.name == "windows"',
              precedence: 515,
              uninstall_protection: true,
              virtual_networks: { allowed: ["vnet-a", "vnet-b"], default: "vnet-b" },
              global_acceleration: {
                enabled: true,
                api_endpoints: ["a.example"],
                masque_endpoints: [],
                wireguard_endpoints: [],
              },
              policy_id: "chosen-by-caller",
              colour: "red",
            },
          },
        );
        expect(created.status).toBe(200);
        const p = created.body.result;
        expect(p).toMatchObject({
          profile_type: "warp",
          uninstall_protection: true,
          virtual_networks: { allowed: ["vnet-a", "vnet-b"], default: "vnet-b" },
          global_acceleration: { enabled: true, api_endpoints: ["a.example"] },
        });
        expect(p.policy_id).not.toBe("chosen-by-caller");
        expect(p).not.toHaveProperty("colour");

        const cleared = await c.call<Profile>(
          "PATCH",
          c.account(`/devices/policy/${p.policy_id}`),
          { body: { virtual_networks: null } },
        );
        expect(cleared.body.result.virtual_networks).toBeNull();
      });

      it("keeps browser extension profiles apart from WARP client ones", async () => {
        const missing = await c.call("POST", c.account("/devices/policy"), {
          body: { name: "No match" },
        });
        expect(missing.status).toBe(400);
        expect(missing.body.errors[0]).toMatchObject({ code: 2004, source: { pointer: "/match" } });

        const ext = await c.call<Profile>("POST", c.account("/devices/policy"), {
          body: { name: "Extension", profile_type: "browser_extension", default: true },
        });
        expect(ext.status).toBe(200);
        expect(ext.body.result).toMatchObject({ profile_type: "browser_extension", default: true });

        const warp = await c.get<Profile[]>(c.account("/devices/policies"));
        expect(warp.body.result.map((x) => x.policy_id)).not.toContain(ext.body.result.policy_id);
        expect(warp.body.result.every((x) => (x.profile_type ?? "warp") === "warp")).toBe(true);
        const extensions = await c.get<Profile[]>(c.account("/devices/policies"), {
          profile_type: "browser_extension",
        });
        expect(extensions.body.result.map((x) => x.policy_id)).toEqual([ext.body.result.policy_id]);
      });

      it("leaves out revoked_at on legacy devices that were never revoked", async () => {
        const legacy = await c.get<Record<string, unknown>[]>(c.account("/devices"));
        const active = legacy.body.result.filter((d) => !("revoked_at" in d));
        expect(active.length).toBeGreaterThan(0);
        for (const d of legacy.body.result) {
          if ("revoked_at" in d) expect(d.revoked_at).toMatch(/^\d{4}-/);
        }
      });
    });
  });
}
