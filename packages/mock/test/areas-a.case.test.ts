/**
 * Contract cases for managed networks, account device settings, the global WARP override, IP
 * profiles, deployment groups and override code creation, run against every target (in-process
 * `mock.fetch` and a real HTTP port), like `mock.case.test.ts`.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manifest, type OperationManifest, operationIds } from "@cf-devices/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMock, ErrorCode } from "../src/index.js";
import { openMock } from "../src/node.js";
import { client, type Harness, targets } from "./helpers.js";

interface Network {
  network_id: string;
  name: string;
  type: "tls";
  config: { tls_sockaddr: string; sha256?: string };
}
interface Settings {
  gateway_proxy_enabled?: boolean;
  gateway_udp_proxy_enabled?: boolean;
  root_certificate_installation_enabled?: boolean;
  use_zt_virtual_ip?: boolean;
  disable_for_time?: number;
  external_emergency_signal_enabled?: boolean;
  external_emergency_signal_url?: string;
  external_emergency_signal_fingerprint?: string;
  external_emergency_signal_interval?: string;
}
interface Override {
  disconnect: boolean;
  timestamp: string;
}
interface IpProfile {
  id: string;
  name: string;
  description: string | null;
  match: string;
  precedence: number;
  subnet_id: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}
interface Group {
  id: string;
  name: string;
  version_config: { version: string; target_environment: string | null }[];
  policy_ids: string[] | null;
  created_at: string;
  updated_at: string;
}
interface PageInfo {
  count: number;
  page: number;
  per_page: number;
  total_count: number;
  total_pages: number;
}

const START = Date.parse("2026-03-01T10:00:00Z");
const SUBNET = "b70ff985-a4ef-4643-bbbc-4a0ed4fc8415";
const SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

for (const target of targets) {
  describe(`managed networks, settings, resilience, IP profiles, deployment groups (${target.name})`, () => {
    let h: Harness;
    let c: ReturnType<typeof client>;
    let clock = START;

    beforeAll(async () => {
      h = await target.start({ seed: 11, devices: 20, now: () => clock });
      c = client(h);
    });
    afterAll(() => h.close());
    beforeEach(() => {
      clock = START;
      h.mock.reset();
    });

    const expectError = (
      res: { status: number; body: { errors: { code: number; source?: { pointer: string } }[] } },
      status: number,
      code: number,
      pointer: string,
    ) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.errors[0]!.code, JSON.stringify(res.body)).toBe(code);
      expect(res.body.errors[0]!.source?.pointer).toBe(pointer);
    };

    describe("managed networks", () => {
      const networks = () => c.account("/devices/networks");
      const create = (body: unknown) => c.call<Network>("POST", networks(), { body });

      it("are seeded, with TLS endpoints and some pinned certificates", async () => {
        const list = await c.get<Network[]>(networks());
        expect(list.status).toBe(200);
        expect(list.body.result.length).toBeGreaterThanOrEqual(2);
        for (const n of list.body.result) {
          expect(n.type).toBe("tls");
          expect(n.config.tls_sockaddr).toMatch(/:\d+$/);
          if (n.config.sha256 !== undefined) expect(n.config.sha256).toMatch(/^[0-9a-f]{64}$/);
        }
        expect(list.body.result_info).toMatchObject({ count: list.body.result.length, page: 1 });
      });

      it("create, read back, update, delete (answering the rest), then 404", async () => {
        const created = await create({
          name: "Branch",
          type: "tls",
          config: { tls_sockaddr: "[2001:db8::1]:8443", sha256: SHA },
        });
        expect(created.status).toBe(200);
        const id = created.body.result.network_id;
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(created.body.result).toEqual({
          network_id: id,
          name: "Branch",
          type: "tls",
          config: { tls_sockaddr: "[2001:db8::1]:8443", sha256: SHA },
        });
        expect((await c.get<Network>(`${networks()}/${id}`)).body.result).toEqual(
          created.body.result,
        );
        expect((await c.get<Network[]>(networks())).body.result.map((n) => n.network_id)).toContain(
          id,
        );

        const renamed = await c.call<Network>("PUT", `${networks()}/${id}`, {
          body: { name: "Branch office" },
        });
        expect(renamed.body.result).toMatchObject({
          name: "Branch office",
          config: { sha256: SHA },
        });
        // A config that is sent replaces the stored one as a whole.
        const moved = await c.call<Network>("PUT", `${networks()}/${id}`, {
          body: { config: { tls_sockaddr: "branch.corp.example.com:443" } },
        });
        expect(moved.body.result).toEqual({
          network_id: id,
          name: "Branch office",
          type: "tls",
          config: { tls_sockaddr: "branch.corp.example.com:443" },
        });

        const before = (await c.get<Network[]>(networks())).body.result;
        const deleted = await c.call<Network[]>("DELETE", `${networks()}/${id}`);
        expect(deleted.status).toBe(200);
        expect(deleted.body.result).toEqual(before.filter((n) => n.network_id !== id));
        expectError(
          await c.get(`${networks()}/${id}`),
          404,
          ErrorCode.MANAGED_NETWORK_NOT_FOUND,
          "/path/network_id",
        );
        expectError(
          await c.call("PUT", `${networks()}/${id}`, { body: { name: "x" } }),
          404,
          ErrorCode.MANAGED_NETWORK_NOT_FOUND,
          "/path/network_id",
        );
      });

      it("answers null when the last network is deleted", async () => {
        for (const n of (await c.get<Network[]>(networks())).body.result) {
          const res = await c.call("DELETE", `${networks()}/${n.network_id}`);
          expect(res.status).toBe(200);
        }
        expect((await c.get(networks())).body.result).toBeNull();
      });

      it.each([
        ["10.0.0.1", /no :port/],
        ["office.example.com", /no :port/],
        [":443", /no host/],
        ["10.0.0.1:0", /port from 1 to 65535/],
        ["10.0.0.1:65536", /port from 1 to 65535/],
        ["10.0.0.1:https", /port from 1 to 65535/],
        ["300.0.0.1:443", /above 255/],
        ["2001:db8::1:443", /IPv6 address without brackets/],
        ["[2001:db8::1]443", /no :port/],
        ["[2001:db8::1:443", /does not close/],
        ["[office]:443", /IPv6 address in brackets/],
        ["bad_host!.example.com:443", /neither a host name nor an IP address/],
      ])("refuses tls_sockaddr %j", async (sockaddr, reason) => {
        const res = await create({ name: "X", type: "tls", config: { tls_sockaddr: sockaddr } });
        expectError(res, 400, ErrorCode.INVALID_TLS_SOCKADDR, "/config/tls_sockaddr");
        expect(res.body.errors[0]!.message).toMatch(reason);
        expect(res.body.errors[0]!.message).toMatch(/host:port/);
      });

      it("refuses a sha256 that is not 64 hex digits, and checks the schema first", async () => {
        for (const sha256 of [
          SHA.slice(1),
          `${SHA}0`,
          SHA.replace(/(..)(?!$)/g, "$1:"),
          "z".repeat(64),
        ]) {
          const res = await create({
            name: "X",
            type: "tls",
            config: { tls_sockaddr: "10.0.0.1:443", sha256 },
          });
          expectError(res, 400, ErrorCode.INVALID_FINGERPRINT, "/config/sha256");
          expect(res.body.errors[0]!.message).toMatch(/64 hex digits/);
        }
        expectError(await create({ name: "X", type: "tls" }), 400, ErrorCode.VALIDATION, "/config");
        expectError(
          await create({ name: "X", type: "wifi", config: { tls_sockaddr: "10.0.0.1:443" } }),
          400,
          ErrorCode.VALIDATION,
          "/type",
        );
        expectError(
          await create({ name: "X", type: "tls", config: {} }),
          400,
          ErrorCode.VALIDATION,
          "/config/tls_sockaddr",
        );
      });

      it("keeps names unique, and a refused update changes nothing", async () => {
        const [first, second] = (await c.get<Network[]>(networks())).body.result;
        expectError(
          await create({
            name: first!.name,
            type: "tls",
            config: { tls_sockaddr: "10.9.9.9:443" },
          }),
          400,
          ErrorCode.MANAGED_NETWORK_NAME_TAKEN,
          "/name",
        );
        const res = await c.call("PUT", `${networks()}/${second!.network_id}`, {
          body: { name: "Brand new name", config: { tls_sockaddr: "nowhere" } },
        });
        expectError(res, 400, ErrorCode.INVALID_TLS_SOCKADDR, "/config/tls_sockaddr");
        expect((await c.get(`${networks()}/${second!.network_id}`)).body.result).toEqual(second);
        // Its own name is no conflict.
        const same = await c.call("PUT", `${networks()}/${second!.network_id}`, {
          body: { name: second!.name },
        });
        expect(same.status).toBe(200);
      });
    });

    describe("account device settings", () => {
      const settings = () => c.account("/devices/settings");
      const DEFAULTS: Settings = {
        gateway_proxy_enabled: false,
        gateway_udp_proxy_enabled: false,
        root_certificate_installation_enabled: false,
        use_zt_virtual_ip: false,
        disable_for_time: 0,
        external_emergency_signal_enabled: false,
      };
      const signal = {
        external_emergency_signal_url: "https://192.0.2.10/signal",
        external_emergency_signal_fingerprint: SHA,
        external_emergency_signal_interval: "1m30s",
      };

      it("are seeded with Gateway proxying on", async () => {
        const res = await c.get<Settings>(settings());
        expect(res.status).toBe(200);
        expect(res.body.result).toMatchObject({
          gateway_proxy_enabled: true,
          root_certificate_installation_enabled: true,
          external_emergency_signal_enabled: false,
        });
      });

      it("PATCH changes only the fields sent", async () => {
        const before = (await c.get<Settings>(settings())).body.result;
        const res = await c.call<Settings>("PATCH", settings(), {
          body: { disable_for_time: 60, ...signal },
        });
        expect(res.status).toBe(200);
        expect(res.body.result).toEqual({ ...before, disable_for_time: 60, ...signal });
        expect((await c.get(settings())).body.result).toEqual(res.body.result);
      });

      it("PUT replaces: fields left out go back to their defaults", async () => {
        await c.call("PATCH", settings(), { body: { ...signal, disable_for_time: 600 } });
        const res = await c.call<Settings>("PUT", settings(), {
          body: { use_zt_virtual_ip: true },
        });
        expect(res.status).toBe(200);
        expect(res.body.result).toEqual({ ...DEFAULTS, use_zt_virtual_ip: true });
        expect((await c.get(settings())).body.result).toEqual(res.body.result);
      });

      it("DELETE resets every setting to its default and answers with the result", async () => {
        await c.call("PATCH", settings(), {
          body: {
            ...signal,
            external_emergency_signal_enabled: true,
            gateway_udp_proxy_enabled: true,
          },
        });
        const res = await c.call<Settings>("DELETE", settings());
        expect(res.status).toBe(200);
        expect(res.body.result).toEqual(DEFAULTS);
        expect((await c.get(settings())).body.result).toEqual(DEFAULTS);
      });

      it.each([
        [
          { external_emergency_signal_url: "http://192.0.2.10/" },
          2036,
          "/external_emergency_signal_url",
          /https/,
        ],
        [
          { external_emergency_signal_url: "https://signal.example.com/" },
          2036,
          "/external_emergency_signal_url",
          /IPv4 or IPv6/,
        ],
        [
          { external_emergency_signal_url: "not a url" },
          2036,
          "/external_emergency_signal_url",
          /not a URL/,
        ],
        [
          { external_emergency_signal_fingerprint: "abc" },
          2031,
          "/external_emergency_signal_fingerprint",
          /64 hex/,
        ],
        [
          { external_emergency_signal_interval: "10s" },
          2036,
          "/external_emergency_signal_interval",
          /at least 30s/,
        ],
        [
          { external_emergency_signal_interval: "5 minutes" },
          2036,
          "/external_emergency_signal_interval",
          /like 5m/,
        ],
        [
          { external_emergency_signal_enabled: true },
          2036,
          "/external_emergency_signal_url",
          /send both/,
        ],
        [{ disable_for_time: -1 }, 2004, "/disable_for_time", /0 or more/],
        [{ gateway_proxy_enabled: "yes" }, 2001, "/gateway_proxy_enabled", /boolean/],
      ])("PATCH %j is refused and changes nothing", async (body, code, pointer, message) => {
        const before = (await c.get(settings())).body.result;
        const res = await c.call("PATCH", settings(), { body });
        expectError(res, 400, code, pointer);
        expect(res.body.errors[0]!.message).toMatch(message);
        expect((await c.get(settings())).body.result).toEqual(before);
      });

      it("accepts an IPv6 signal address and switching the signal on with it", async () => {
        const res = await c.call<Settings>("PATCH", settings(), {
          body: {
            external_emergency_signal_enabled: true,
            external_emergency_signal_url: "https://[2001:db8::10]:8443/signal",
            external_emergency_signal_interval: "30s",
          },
        });
        expect(res.status).toBe(200);
        expect(res.body.result.external_emergency_signal_enabled).toBe(true);
      });
    });

    describe("global WARP override", () => {
      const path = () => c.account("/devices/resilience/disconnect");

      it("keeps the state and the time it changed", async () => {
        const seeded = await c.get<Override>(path());
        expect(seeded.status).toBe(200);
        expect(seeded.body.result.disconnect).toBe(false);
        expect(Date.parse(seeded.body.result.timestamp)).toBeLessThan(START);

        clock = START + 60_000;
        const on = await c.call<Override>("POST", path(), {
          body: { disconnect: true, justification: "Incident 42" },
        });
        expect(on.body.result).toEqual({ disconnect: true, timestamp: "2026-03-01T10:01:00Z" });
        expect((await c.get(path())).body.result).toEqual(on.body.result);

        // The same state again is no change: the time stays.
        clock = START + 120_000;
        const again = await c.call<Override>("POST", path(), { body: { disconnect: true } });
        expect(again.body.result).toEqual(on.body.result);

        clock = START + 180_000;
        const off = await c.call<Override>("POST", path(), { body: { disconnect: false } });
        expect(off.body.result).toEqual({ disconnect: false, timestamp: "2026-03-01T10:03:00Z" });
      });

      it("needs disconnect as a boolean", async () => {
        expectError(
          await c.call("POST", path(), { body: { justification: "x" } }),
          400,
          ErrorCode.VALIDATION,
          "/disconnect",
        );
        expectError(
          await c.call("POST", path(), { body: { disconnect: "yes" } }),
          400,
          ErrorCode.VALIDATION,
          "/disconnect",
        );
      });
    });

    describe("IP profiles", () => {
      const profiles = () => c.account("/devices/ip-profiles");
      const create = (body: Record<string, unknown>) =>
        c.call<IpProfile>("POST", profiles(), {
          body: { subnet_id: SUBNET, match: "true", ...body },
        });

      it("create, read back, update, delete (answering the id), then 404", async () => {
        clock = START + 5000;
        const created = await create({ name: "QA", precedence: 7777 });
        expect(created.status).toBe(200);
        const id = created.body.result.id;
        expect(created.body.result).toEqual({
          id,
          name: "QA",
          description: null,
          match: "true",
          precedence: 7777,
          subnet_id: SUBNET,
          enabled: true,
          created_at: "2026-03-01T10:00:05Z",
          updated_at: "2026-03-01T10:00:05Z",
        });
        expect((await c.get(`${profiles()}/${id}`)).body.result).toEqual(created.body.result);

        clock = START + 9000;
        const patched = await c.call<IpProfile>("PATCH", `${profiles()}/${id}`, {
          body: { description: "Quality", enabled: false },
        });
        expect(patched.body.result).toEqual({
          ...created.body.result,
          description: "Quality",
          enabled: false,
          updated_at: "2026-03-01T10:00:09Z",
        });

        const deleted = await c.call<{ id: string }>("DELETE", `${profiles()}/${id}`);
        expect(deleted.body.result).toEqual({ id });
        for (const method of ["GET", "PATCH", "DELETE"]) {
          expectError(
            await c.call(method, `${profiles()}/${id}`, method === "PATCH" ? { body: {} } : {}),
            404,
            ErrorCode.IP_PROFILE_NOT_FOUND,
            "/path/profile_id",
          );
        }
      });

      it("keeps precedences unique and checks the body", async () => {
        const [first, second] = (await c.get<IpProfile[]>(profiles())).body.result;
        expectError(
          await create({ name: "Clash", precedence: first!.precedence }),
          400,
          ErrorCode.IP_PROFILE_PRECEDENCE_CONFLICT,
          "/precedence",
        );
        const res = await c.call("PATCH", `${profiles()}/${second!.id}`, {
          body: { name: "Moved", precedence: first!.precedence },
        });
        expectError(res, 400, ErrorCode.IP_PROFILE_PRECEDENCE_CONFLICT, "/precedence");
        expect(res.body.errors[0]!.message).toContain(first!.name);
        expect((await c.get(`${profiles()}/${second!.id}`)).body.result).toEqual(second);

        expectError(
          await create({ name: "No precedence" }),
          400,
          ErrorCode.VALIDATION,
          "/precedence",
        );
        expectError(
          await create({ name: "Blank", match: " ", precedence: 1 }),
          400,
          ErrorCode.RULE,
          "/match",
        );
        expectError(
          await create({ name: "Long", match: "x".repeat(10_001), precedence: 1 }),
          400,
          ErrorCode.VALIDATION,
          "/match",
        );
      });

      it("pages by number: 50 by default, up to 100, empty past the end, in precedence order", async () => {
        const seeded = (await c.get<IpProfile[]>(profiles())).body.result.length;
        for (let i = 0; i < 60; i++) {
          expect((await create({ name: `P${i}`, precedence: 1000 - i })).status).toBe(200);
        }
        const total = seeded + 60;

        const first = await c.get<IpProfile[]>(profiles());
        expect(first.body.result).toHaveLength(50);
        expect(first.body.result_info).toEqual({
          count: 50,
          page: 1,
          per_page: 50,
          total_count: total,
          total_pages: 2,
        } satisfies PageInfo);
        const second = await c.get<IpProfile[]>(profiles(), { page: 2 });
        expect(second.body.result).toHaveLength(total - 50);
        expect(second.body.result_info).toMatchObject({ count: total - 50, page: 2 });

        const past = await c.get<IpProfile[]>(profiles(), { page: 3 });
        expect(past.status).toBe(200);
        expect(past.body.result).toEqual([]);
        expect(past.body.result_info).toMatchObject({ count: 0, page: 3, total_count: total });

        const whole = await c.get<IpProfile[]>(profiles(), { per_page: 100 });
        const all = whole.body.result;
        expect(all).toHaveLength(total);
        expect([...first.body.result, ...second.body.result]).toEqual(all);
        const precedences = all.map((p) => p.precedence);
        expect(precedences).toEqual([...precedences].sort((a, b) => a - b));

        // Walking with a small page size visits each profile once.
        const seen: string[] = [];
        for (let page = 1; ; page++) {
          const res = await c.get<IpProfile[]>(profiles(), { page, per_page: 7 });
          seen.push(...res.body.result.map((p) => p.id));
          if (page >= (res.body.result_info as unknown as PageInfo).total_pages) break;
        }
        expect(seen).toEqual(all.map((p) => p.id));
      });

      it.each([
        [{ per_page: 0 }, "/query/per_page"],
        [{ per_page: 101 }, "/query/per_page"],
        [{ per_page: "ten" }, "/query/per_page"],
        [{ page: 0 }, "/query/page"],
        [{ page: -1 }, "/query/page"],
        [{ page: "1e400" }, "/query/page"],
        [{ page: "1.5" }, "/query/page"],
      ])("refuses %j", async (query, pointer) => {
        expectError(await c.get(profiles(), query), 400, ErrorCode.VALIDATION, pointer);
      });
    });

    describe("deployment groups", () => {
      const groups = () => c.account("/devices/deployment-groups");
      const versions = [
        { version: "2026.6.234.0", target_environment: "windows" },
        { version: "2026.6.234.0", target_environment: "macos" },
      ];
      const customProfiles = async () =>
        (
          await c.get<{ policy_id: string; default: boolean }[]>(c.account("/devices/policies"))
        ).body.result.filter((p) => !p.default);
      const grouped = async () =>
        new Set(
          (await c.get<Group[]>(groups(), { per_page: 100 })).body.result.flatMap(
            (g) => g.policy_ids ?? [],
          ),
        );

      it("are seeded with client versions and profiles", async () => {
        const list = await c.get<Group[]>(groups());
        expect(list.body.result.length).toBeGreaterThanOrEqual(2);
        expect(list.body.result_info).toMatchObject({ page: 1, per_page: 50, total_pages: 1 });
        const profileIds = new Set((await customProfiles()).map((p) => p.policy_id));
        for (const g of list.body.result) {
          expect(g.version_config.length).toBeGreaterThan(0);
          for (const id of g.policy_ids ?? []) expect(profileIds.has(id)).toBe(true);
        }
      });

      it("create, read back, update, delete (answering the id), then 404", async () => {
        const taken = await grouped();
        const free = (await customProfiles()).find((p) => !taken.has(p.policy_id))!;
        const created = await c.call<Group>("POST", groups(), {
          body: { name: "Canary", version_config: versions },
        });
        expect(created.status).toBe(200);
        const id = created.body.result.id;
        expect(created.body.result).toMatchObject({
          name: "Canary",
          version_config: versions,
          policy_ids: null,
          created_at: "2026-03-01T10:00:00Z",
        });
        expect((await c.get(`${groups()}/${id}`)).body.result).toEqual(created.body.result);
        const list = await c.get<Group[]>(groups(), { per_page: 100 });
        expect(list.body.result.at(-1)).toEqual(created.body.result);

        clock = START + 1000;
        const patched = await c.call<Group>("PATCH", `${groups()}/${id}`, {
          body: { policy_ids: [free.policy_id, free.policy_id], name: "Canary ring" },
        });
        expect(patched.status).toBe(200);
        expect(patched.body.result).toMatchObject({
          name: "Canary ring",
          policy_ids: [free.policy_id],
          version_config: versions,
          updated_at: "2026-03-01T10:00:01Z",
        });
        const emptied = await c.call<Group>("PATCH", `${groups()}/${id}`, {
          body: { policy_ids: [] },
        });
        expect(emptied.body.result.policy_ids).toBeNull();

        expect((await c.call("DELETE", `${groups()}/${id}`)).body.result).toEqual({ id });
        expectError(
          await c.get(`${groups()}/${id}`),
          404,
          ErrorCode.DEPLOYMENT_GROUP_NOT_FOUND,
          "/path/group_id",
        );
      });

      it("checks profiles and versions", async () => {
        const [seededGroup] = (await c.get<Group[]>(groups())).body.result;
        const owned = seededGroup!.policy_ids![0]!;
        expectError(
          await c.call("POST", groups(), {
            body: { name: "G", version_config: versions, policy_ids: ["nope"] },
          }),
          400,
          ErrorCode.UNKNOWN_PROFILE_REFERENCE,
          "/policy_ids/0",
        );
        const res = await c.call("POST", groups(), {
          body: { name: "G", version_config: versions, policy_ids: [owned] },
        });
        expectError(res, 400, ErrorCode.PROFILE_ALREADY_GROUPED, "/policy_ids/0");
        expect(res.body.errors[0]!.message).toContain(seededGroup!.name);
        // Keeping its own profiles is fine.
        expect(
          (
            await c.call("PATCH", `${groups()}/${seededGroup!.id}`, {
              body: { policy_ids: seededGroup!.policy_ids },
            })
          ).status,
        ).toBe(200);

        expectError(
          await c.call("POST", groups(), { body: { name: "G", version_config: [] } }),
          400,
          ErrorCode.VALIDATION,
          "/version_config",
        );
        expectError(
          await c.call("PATCH", `${groups()}/${seededGroup!.id}`, { body: { version_config: [] } }),
          400,
          ErrorCode.INVALID_VERSION_CONFIG,
          "/version_config",
        );
        expectError(
          await c.call("POST", groups(), {
            body: {
              name: "G",
              version_config: [versions[0], { ...versions[0], version: "2025.1.1.0" }],
            },
          }),
          400,
          ErrorCode.INVALID_VERSION_CONFIG,
          "/version_config/1/target_environment",
        );
        expectError(
          await c.call("POST", groups(), {
            body: { name: "G", version_config: [{ version: "1" }] },
          }),
          400,
          ErrorCode.VALIDATION,
          "/version_config/0/target_environment",
        );
        // The refused changes left the group as it was (the accepted PATCH above set updated_at).
        expect((await c.get(`${groups()}/${seededGroup!.id}`)).body.result).toEqual({
          ...seededGroup,
          updated_at: "2026-03-01T10:00:00Z",
        });
      });

      it("lose a device settings profile when it is deleted", async () => {
        const [seededGroup] = (await c.get<Group[]>(groups())).body.result;
        const [profile] = seededGroup!.policy_ids!;
        clock = START + 7000;
        expect((await c.call("DELETE", c.account(`/devices/policy/${profile}`))).status).toBe(200);
        const after = (await c.get<Group>(`${groups()}/${seededGroup!.id}`)).body.result;
        expect(after.policy_ids ?? []).not.toContain(profile);
        expect(after.updated_at).toBe("2026-03-01T10:00:07Z");
        // Its remaining profiles can be sent back as they are.
        const again = await c.call("PATCH", `${groups()}/${seededGroup!.id}`, {
          body: { policy_ids: after.policy_ids ?? [] },
        });
        expect(again.status).toBe(200);
      });

      it("pages by number", async () => {
        const seeded = (await c.get<Group[]>(groups())).body.result.length;
        for (let i = 0; i < 4; i++) {
          await c.call("POST", groups(), { body: { name: `Ring ${i}`, version_config: versions } });
        }
        const page = await c.get<Group[]>(groups(), { page: 2, per_page: 3 });
        expect(page.body.result_info).toEqual({
          count: Math.min(3, seeded + 4 - 3),
          page: 2,
          per_page: 3,
          total_count: seeded + 4,
          total_pages: Math.ceil((seeded + 4) / 3),
        } satisfies PageInfo);
        expectError(
          await c.get(groups(), { per_page: 101 }),
          400,
          ErrorCode.VALIDATION,
          "/query/per_page",
        );
      });
    });

    describe("numbered lists, from the spec's x-pagination", () => {
      const numbered = operationIds.filter((id) => manifest[id].pagination === "numbered");

      it("answer page figures, with the spec's default and largest page size", async () => {
        expect(numbered).toEqual(["listIpProfiles", "listDeploymentGroups"]);
        for (const id of numbered) {
          const op: OperationManifest = manifest[id];
          const size = op.queryParams.find((p) => p.name === "per_page")!;
          const path = c.account(op.path.replace("/accounts/{account_id}", ""));
          const first = await c.get<unknown[]>(path);
          expect(first.status, id).toBe(200);
          expect(first.body.result_info, id).toMatchObject({
            page: op.queryParams.find((p) => p.name === "page")!.default,
            per_page: size.default,
            count: first.body.result.length,
            total_pages: 1,
          });
          expectError(
            await c.get(path, { per_page: 101 }),
            400,
            ErrorCode.VALIDATION,
            "/query/per_page",
          );
        }
      });
    });

    describe("API-token-only operations, from the spec's security", () => {
      const tokenOnly = operationIds.filter(
        (id) =>
          ["ip-profiles", "deployment-groups"].includes(manifest[id].tag) ||
          id === "createOverrideCode",
      );

      it("the spec declares them token-only", () => {
        expect(tokenOnly).toHaveLength(11);
        for (const id of tokenOnly) expect(manifest[id].security).toEqual([["api_token"]]);
      });

      it("refuses email + key on each of them, and accepts it on the other areas", async () => {
        const key = client(h, { "x-auth-email": "admin@example.com", "x-auth-key": "global-key" });
        for (const id of tokenOnly) {
          const op = manifest[id];
          const path = op.path
            .replace("/accounts/{account_id}", "")
            .replace(/\{[a-z_]+\}/, "00000000-0000-4000-8000-000000000000");
          const res = await key.call(op.method, c.account(path), {
            ...(op.requestBody ? { body: {} } : {}),
          });
          expect(res.status, id).toBe(403);
          expect(res.body.errors[0]!.code).toBe(ErrorCode.FORBIDDEN);
          expect(res.body.errors[0]!.message).toMatch(/API tokens only/);
        }
        expect((await key.get(c.account("/devices/networks"))).status).toBe(200);
        expect((await key.get(c.account("/devices/settings"))).status).toBe(200);
        expect((await key.get(c.account("/devices/resilience/disconnect"))).status).toBe(200);
        expect((await c.get(c.account("/devices/ip-profiles"))).status).toBe(200);
      });
    });

    describe("override code creation", () => {
      const codes = () => c.account("/devices/override_codes");
      const device = async () =>
        (await c.get<{ id: string }[]>(c.account("/devices/physical-devices"), { per_page: 1 }))
          .body.result[0]!.id;

      it("creates codes for the account or one device, valid for the hours asked", async () => {
        const account = await c.call<Record<string, unknown>>("POST", codes(), {
          body: { type: "uninstall_protection", scope: "account", duration_hours: 3 },
        });
        expect(account.status).toBe(200);
        expect(account.body.result).toEqual({
          code: expect.stringMatching(/^\d{8}$/),
          type: "uninstall_protection",
          scope: "account",
          duration_hours: 3,
          created_at: "2026-03-01T10:00:00Z",
          expires_at: "2026-03-01T13:00:00Z",
        });
        const id = await device();
        const one = await c.call<Record<string, unknown>>("POST", codes(), {
          body: { type: "uninstall_protection", scope: "device", device_id: id, duration_hours: 1 },
        });
        expect(one.body.result).toMatchObject({ scope: "device", device_id: id });
        expect(one.body.result.code).not.toBe(account.body.result.code);
        // Handed-out codes are part of the state.
        const state = h.mock.snapshot().accounts[0]!.areas!;
        expect(state.override_codes.map((c) => c.code)).toEqual([
          account.body.result.code,
          one.body.result.code,
        ]);
      });

      it("checks the scope, the device and the duration", async () => {
        const body = { type: "uninstall_protection", duration_hours: 1 };
        const noDevice = await c.call("POST", codes(), { body: { ...body, scope: "device" } });
        expect(noDevice.status).toBe(400);
        expect(noDevice.body.errors[0]!.code).toBe(ErrorCode.VALIDATION);
        const extra = await c.call("POST", codes(), {
          body: { ...body, scope: "account", device_id: await device() },
        });
        expect(extra.status).toBe(400);
        expect(extra.body.errors[0]!.code).toBe(ErrorCode.VALIDATION);
        expectError(
          await c.call("POST", codes(), {
            body: { ...body, scope: "device", device_id: "00000000-0000-4000-8000-000000000000" },
          }),
          404,
          ErrorCode.DEVICE_NOT_FOUND,
          "/device_id",
        );
        expectError(
          await c.call("POST", codes(), { body: { ...body, scope: "account", duration_hours: 0 } }),
          400,
          ErrorCode.INVALID_OVERRIDE_DURATION,
          "/duration_hours",
        );
        expect(h.mock.snapshot().accounts[0]!.areas!.override_codes).toEqual([]);
      });
    });

    describe("state", () => {
      /** Every read of these areas, for comparing two mocks. */
      const reads = async (cl: ReturnType<typeof client>) => ({
        networks: (await cl.get(cl.account("/devices/networks"))).body.result,
        settings: (await cl.get(cl.account("/devices/settings"))).body.result,
        override: (await cl.get(cl.account("/devices/resilience/disconnect"))).body.result,
        ipProfiles: (await cl.get(cl.account("/devices/ip-profiles"), { per_page: 100 })).body
          .result,
        groups: (await cl.get(cl.account("/devices/deployment-groups"), { per_page: 100 })).body
          .result,
      });
      const change = async () => {
        clock = START + 42_000;
        await c.call("POST", c.account("/devices/networks"), {
          body: { name: "Lab", type: "tls", config: { tls_sockaddr: "10.7.0.1:443" } },
        });
        await c.call("PUT", c.account("/devices/settings"), { body: { disable_for_time: 120 } });
        await c.call("POST", c.account("/devices/resilience/disconnect"), {
          body: { disconnect: true, justification: "test" },
        });
        await c.call("POST", c.account("/devices/ip-profiles"), {
          body: { name: "Lab", match: "true", precedence: 31_337, subnet_id: SUBNET },
        });
        const [g] = (await c.get<Group[]>(c.account("/devices/deployment-groups"))).body.result;
        await c.call("DELETE", c.account(`/devices/deployment-groups/${g!.id}`));
      };

      it("survives a snapshot, GET/PUT /__mock/state, and goes back on reset", async () => {
        const seeded = await reads(c);
        await change();
        const changed = await reads(c);
        expect(changed).not.toEqual(seeded);

        const copy = createMock({ state: JSON.parse(JSON.stringify(h.mock.snapshot())) });
        const copyClient = client({
          mock: copy,
          base: copy.baseUrl,
          origin: new URL(copy.baseUrl).origin,
          fetch: copy.fetch,
          close: async () => {},
        });
        expect(await reads(copyClient)).toEqual(changed);

        const saved = (await c.get("/__mock/state")).body.result;
        expect((await c.call("POST", "/__mock/reset")).status).toBe(200);
        expect(await reads(c)).toEqual(seeded);
        expect((await c.call("PUT", "/__mock/state", { body: saved })).status).toBe(200);
        expect(await reads(c)).toEqual(changed);
      });

      it("names a damaged part of a snapshot", async () => {
        const state = h.mock.snapshot();
        (state.accounts[0]!.areas!.ip_profiles[0] as { precedence: unknown }).precedence = "high";
        const res = await c.call("PUT", "/__mock/state", { body: state });
        expect(res.status).toBe(400);
        expect(res.body.errors[0]!.message).toMatch(
          /accounts\[0\]\.areas\.ip_profiles\[0\]\.precedence: expected a number/,
        );
      });

      it("seeds the areas of a snapshot written before they existed, as a fresh seed would", async () => {
        const state = h.mock.snapshot();
        for (const account of state.accounts) delete account.areas;
        const older = createMock({ state });
        expect(older.snapshot()).toEqual(h.mock.snapshot());
      });
    });
  });
}

describe("state files", () => {
  it("keep the areas' changes across a save and a reload", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "cf-devices-areas-")), "state.json");
    const mock = await openMock({ stateFile: file, seed: 4, devices: 5 });
    const auth = { authorization: "Bearer t", "content-type": "application/json" };
    const base = `/client/v4/accounts/${mock.accountId}/devices`;
    const send = (m: typeof mock, method: string, path: string, body?: unknown) =>
      m
        .fetch(`${base}${path}`, {
          method,
          headers: auth,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
        .then((r) => r.json());
    await send(mock, "PATCH", "/settings", { disable_for_time: 77 });
    await send(mock, "POST", "/resilience/disconnect", { disconnect: true });
    const created = await send(mock, "POST", "/ip-profiles", {
      name: "Saved",
      match: "true",
      precedence: 4242,
      subnet_id: SUBNET,
    });
    await mock.persist();

    const reopened = await openMock({ stateFile: file });
    expect((await send(reopened, "GET", "/settings")).result.disable_for_time).toBe(77);
    expect((await send(reopened, "GET", "/resilience/disconnect")).result.disconnect).toBe(true);
    expect((await send(reopened, "GET", `/ip-profiles/${created.result.id}`)).result).toEqual(
      created.result,
    );
  });
});

describe("seeded areas", () => {
  it("are the same for the same seed and differ between accounts and seeds", () => {
    const areas = (seed: number) =>
      createMock({ seed, devices: 3, accounts: 2 })
        .snapshot()
        .accounts.map((a) => a.areas);
    const one = areas(5);
    expect(areas(5)).toEqual(one);
    expect(one[0]).not.toEqual(one[1]);
    expect(areas(6)[0]).not.toEqual(one[0]);
  });
});
