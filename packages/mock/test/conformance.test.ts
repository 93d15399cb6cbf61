/**
 * Response conformance: every operation is called with valid requests against a seeded mock,
 * and every response body is checked against the spec's 200 envelope schema, compiled with Ajv
 * at test time. Failure answers of every kind are checked against `ApiResponseFailure`.
 */
import { readFileSync } from "node:fs";
import { manifest, type OperationId, operationIds } from "@cf-devices/types";
import Ajv2020Import from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createMock, type Mock } from "../src/index.js";

// CommonJS modules: the class and the plugin are on `.default` under Node's ESM loader and Vite.
const Ajv2020 = Ajv2020Import.default;
const addFormats = addFormatsImport.default;

const spec = parse(readFileSync(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "spec", components: spec.components });
const schemaFor = (name: string) => ajv.compile({ $ref: `spec#/components/schemas/${name}` });
const failureSchema = schemaFor("ApiResponseFailure");

interface Ids {
  mock: Mock;
  registration: string;
  revokedRegistration: string;
  device: string;
  profile: string;
  defaultProfile: string;
  network: string;
  ipProfile: string;
  deploymentGroup: string;
  postureRule: string;
  /** An integration that rules use, and one that none does (which can be deleted). */
  postureIntegration: string;
  unusedIntegration: string;
}

interface Req {
  path: string;
  query?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** Valid requests for every operation; the keys are checked against the manifest by type. */
const requests: Record<OperationId, (ids: Ids) => Req[]> = {
  listDevices: () => [{ path: "/devices" }],
  getDevice: (i) => [
    { path: `/devices/${i.registration}` },
    { path: `/devices/${i.revokedRegistration}` },
  ],
  revokeDevices: (i) => [{ path: "/devices/revoke", body: [i.registration] }],
  unrevokeDevices: (i) => [{ path: "/devices/unrevoke", body: [i.revokedRegistration] }],
  getDeviceOverrideCodes: (i) => [{ path: `/devices/${i.registration}/override_codes` }],
  listPhysicalDevices: () => [
    { path: "/devices/physical-devices" },
    {
      path: "/devices/physical-devices",
      query: {
        include: "last_seen_registration.policy",
        active_registrations: "include",
        per_page: "1000",
      },
    },
    {
      path: "/devices/physical-devices",
      query: { active_registrations: "exclude", sort_by: "last_seen_at" },
    },
  ],
  getPhysicalDevice: (i) => [
    { path: `/devices/physical-devices/${i.device}` },
    {
      path: `/devices/physical-devices/${i.device}`,
      query: { include: "last_seen_registration.policy" },
    },
  ],
  deletePhysicalDevice: (i) => [{ path: `/devices/physical-devices/${i.device}` }],
  revokePhysicalDevice: (i) => [{ path: `/devices/physical-devices/${i.device}/revoke` }],
  listRegistrations: () => [
    { path: "/devices/registrations" },
    {
      path: "/devices/registrations",
      query: { include: "policy", status: "all", per_page: "1000" },
    },
  ],
  deleteRegistrations: (i) => [{ path: "/devices/registrations", query: { id: [i.registration] } }],
  revokeRegistrations: (i) => [
    { path: "/devices/registrations/revoke", query: { id: [i.registration] } },
  ],
  unrevokeRegistrations: (i) => [
    { path: "/devices/registrations/unrevoke", query: { id: [i.revokedRegistration] } },
  ],
  getRegistration: (i) => [
    { path: `/devices/registrations/${i.registration}` },
    { path: `/devices/registrations/${i.revokedRegistration}`, query: { include: "policy" } },
  ],
  deleteRegistration: (i) => [{ path: `/devices/registrations/${i.registration}` }],
  getRegistrationOverrideCodes: (i) => [
    { path: `/devices/registrations/${i.registration}/override_codes` },
  ],
  listDeviceSettingsProfiles: () => [{ path: "/devices/policies" }],
  getDefaultDeviceSettingsProfile: () => [{ path: "/devices/policy" }],
  createDeviceSettingsProfile: () => [
    {
      path: "/devices/policy",
      body: { name: "New", match: 'os.name == "linux"', precedence: 12345 },
    },
    {
      path: "/devices/policy",
      body: {
        name: "Full",
        description: "Every field",
        match: "true",
        precedence: 12346,
        enabled: false,
        include: [{ host: "*.example.com", description: "x" }],
        service_mode_v2: { mode: "proxy", port: 40000 },
        dns_search_suffixes: [{ suffix: "corp.example.com" }],
        lan_allow_minutes: 30,
        lan_allow_subnet_size: 24,
        tunnel_protocol: "masque",
      },
    },
  ],
  updateDefaultDeviceSettingsProfile: () => [
    { path: "/devices/policy", body: { captive_portal: 90, exclude: [{ address: "10.0.0.0/8" }] } },
  ],
  getDeviceSettingsProfile: (i) => [
    { path: `/devices/policy/${i.profile}` },
    { path: `/devices/policy/${i.defaultProfile}` },
  ],
  deleteDeviceSettingsProfile: (i) => [{ path: `/devices/policy/${i.profile}` }],
  updateDeviceSettingsProfile: (i) => [
    { path: `/devices/policy/${i.profile}`, body: { name: "Renamed", switch_locked: true } },
  ],
  getSplitTunnelExcludeList: () => [{ path: "/devices/policy/exclude" }],
  setSplitTunnelExcludeList: () => [
    { path: "/devices/policy/exclude", body: [{ address: "10.0.0.0/8" }] },
  ],
  getSplitTunnelIncludeList: () => [{ path: "/devices/policy/include" }],
  setSplitTunnelIncludeList: () => [
    { path: "/devices/policy/include", body: [{ host: "a.example.com" }] },
  ],
  getProfileSplitTunnelExcludeList: (i) => [{ path: `/devices/policy/${i.profile}/exclude` }],
  setProfileSplitTunnelExcludeList: (i) => [
    { path: `/devices/policy/${i.profile}/exclude`, body: [] },
  ],
  getProfileSplitTunnelIncludeList: (i) => [{ path: `/devices/policy/${i.profile}/include` }],
  setProfileSplitTunnelIncludeList: (i) => [
    {
      path: `/devices/policy/${i.profile}/include`,
      body: [{ address: "192.168.0.0/16", description: "LAN" }],
    },
  ],
  getLocalDomainFallbackList: () => [{ path: "/devices/policy/fallback_domains" }],
  setLocalDomainFallbackList: () => [
    {
      path: "/devices/policy/fallback_domains",
      body: [{ suffix: "corp", dns_server: ["10.0.0.53"] }],
    },
  ],
  getProfileLocalDomainFallbackList: (i) => [
    { path: `/devices/policy/${i.profile}/fallback_domains` },
  ],
  setProfileLocalDomainFallbackList: (i) => [
    {
      path: `/devices/policy/${i.profile}/fallback_domains`,
      body: [{ suffix: "lan", description: "Home" }],
    },
  ],
  listPostureRules: () => [{ path: "/devices/posture" }],
  createPostureRule: (i) => [
    { path: "/devices/posture", body: { name: "WARP on", type: "warp" } },
    {
      path: "/devices/posture",
      body: {
        name: "Every field",
        type: "file",
        description: "A file on macOS",
        input: { operating_system: "mac", path: "/etc/corp.conf", exists: true, sha256: "ab" },
        match: [{ platform: "mac" }],
        schedule: "10m",
        expiration: "",
      },
    },
    {
      path: "/devices/posture",
      body: {
        name: "Tanium risk",
        type: "tanium_s2s",
        input: { connection_id: i.unusedIntegration, risk_level: "low", operator: "<=" },
      },
    },
  ],
  getPostureRule: (i) => [{ path: `/devices/posture/${i.postureRule}` }],
  updatePostureRule: (i) => [
    {
      path: `/devices/posture/${i.postureRule}`,
      body: {
        name: "Firewall",
        type: "firewall",
        input: { enabled: true, operating_system: "mac" },
        match: [{ platform: "mac" }],
      },
    },
  ],
  deletePostureRule: (i) => [{ path: `/devices/posture/${i.postureRule}` }],
  listPostureIntegrations: () => [{ path: "/devices/posture/integration" }],
  createPostureIntegration: () => [
    {
      path: "/devices/posture/integration",
      body: {
        name: "Workspace ONE",
        type: "workspace_one",
        interval: "10m",
        config: {
          api_url: "https://as1.awmdm.example.com/api",
          auth_url: "https://na.uemauth.example.com/connect/token",
          client_id: "conformance",
          client_secret: "conformance-secret",
        },
      },
    },
  ],
  getPostureIntegration: (i) => [{ path: `/devices/posture/integration/${i.postureIntegration}` }],
  updatePostureIntegration: (i) => [
    { path: `/devices/posture/integration/${i.postureIntegration}`, body: { interval: "1h" } },
    {
      path: `/devices/posture/integration/${i.unusedIntegration}`,
      body: {
        type: "custom_s2s",
        config: {
          api_url: "https://posture.example.com",
          access_client_id: "id",
          access_client_secret: "s",
        },
      },
    },
  ],
  deletePostureIntegration: (i) => [
    { path: `/devices/posture/integration/${i.unusedIntegration}` },
  ],
  getCertificateProvisioning: () => [{ path: "" }],
  updateCertificateProvisioning: () => [{ path: "", body: { enabled: true } }],
  // ---- managed networks, account device settings, resilience, IP profiles, deployment groups,
  // override code creation
  listManagedNetworks: () => [{ path: "/devices/networks" }],
  createManagedNetwork: () => [
    {
      path: "/devices/networks",
      body: { name: "Branch", type: "tls", config: { tls_sockaddr: "10.1.0.1:443" } },
    },
    {
      path: "/devices/networks",
      body: {
        name: "Pinned branch",
        type: "tls",
        config: { tls_sockaddr: "[2001:db8::1]:8443", sha256: "ab".repeat(32) },
      },
    },
  ],
  getManagedNetwork: (i) => [{ path: `/devices/networks/${i.network}` }],
  updateManagedNetwork: (i) => [
    { path: `/devices/networks/${i.network}`, body: { name: "Renamed office" } },
    {
      path: `/devices/networks/${i.network}`,
      body: { config: { tls_sockaddr: "office.example.com:443" } },
    },
  ],
  deleteManagedNetwork: (i) => [{ path: `/devices/networks/${i.network}` }],
  getAccountDeviceSettings: () => [{ path: "/devices/settings" }],
  replaceAccountDeviceSettings: () => [
    { path: "/devices/settings", body: { gateway_proxy_enabled: true } },
    {
      path: "/devices/settings",
      body: {
        external_emergency_signal_enabled: true,
        external_emergency_signal_url: "https://192.0.2.10/signal",
        external_emergency_signal_fingerprint: "0f".repeat(32),
        external_emergency_signal_interval: "5m",
      },
    },
  ],
  updateAccountDeviceSettings: () => [
    { path: "/devices/settings", body: { disable_for_time: 1800, use_zt_virtual_ip: true } },
  ],
  resetAccountDeviceSettings: () => [{ path: "/devices/settings" }],
  getGlobalWarpOverride: () => [{ path: "/devices/resilience/disconnect" }],
  setGlobalWarpOverride: () => [
    { path: "/devices/resilience/disconnect", body: { disconnect: true, justification: "drill" } },
    { path: "/devices/resilience/disconnect", body: { disconnect: false } },
  ],
  listIpProfiles: () => [
    { path: "/devices/ip-profiles" },
    { path: "/devices/ip-profiles", query: { page: "2", per_page: "1" } },
    { path: "/devices/ip-profiles", query: { page: "99" } },
  ],
  createIpProfile: () => [
    {
      path: "/devices/ip-profiles",
      body: {
        name: "QA",
        match: 'identity.email == "qa@example.com"',
        precedence: 5000,
        subnet_id: "b70ff985-a4ef-4643-bbbc-4a0ed4fc8415",
      },
    },
    {
      path: "/devices/ip-profiles",
      body: {
        name: "QA 2",
        description: null,
        match: "true",
        precedence: 5001,
        subnet_id: "s",
        enabled: false,
      },
    },
  ],
  getIpProfile: (i) => [{ path: `/devices/ip-profiles/${i.ipProfile}` }],
  updateIpProfile: (i) => [
    { path: `/devices/ip-profiles/${i.ipProfile}`, body: { description: "x", enabled: false } },
  ],
  deleteIpProfile: (i) => [{ path: `/devices/ip-profiles/${i.ipProfile}` }],
  listDeploymentGroups: () => [
    { path: "/devices/deployment-groups" },
    { path: "/devices/deployment-groups", query: { page: "1", per_page: "100" } },
  ],
  createDeploymentGroup: (i) => [
    {
      path: "/devices/deployment-groups",
      body: {
        name: "Canary",
        version_config: [{ version: "2026.6.234.0", target_environment: null }],
      },
    },
    {
      path: "/devices/deployment-groups",
      body: {
        name: "Default ring",
        version_config: [{ version: "2026.6.234.0", target_environment: "windows" }],
        policy_ids: [i.defaultProfile],
      },
    },
  ],
  getDeploymentGroup: (i) => [{ path: `/devices/deployment-groups/${i.deploymentGroup}` }],
  updateDeploymentGroup: (i) => [
    { path: `/devices/deployment-groups/${i.deploymentGroup}`, body: { policy_ids: [] } },
  ],
  deleteDeploymentGroup: (i) => [{ path: `/devices/deployment-groups/${i.deploymentGroup}` }],
  createOverrideCode: (i) => [
    {
      path: "/devices/override_codes",
      body: { type: "uninstall_protection", scope: "account", duration_hours: 1 },
    },
    {
      path: "/devices/override_codes",
      body: {
        type: "uninstall_protection",
        scope: "device",
        device_id: i.device,
        duration_hours: 6,
      },
    },
  ],
};

const headers = { authorization: "Bearer conformance", "content-type": "application/json" };

async function send(
  mock: Mock,
  id: OperationId,
  req: Req,
): Promise<{ status: number; body: unknown }> {
  const op = manifest[id];
  const prefix =
    op.scope === "zone"
      ? `/zones/${mock.zoneId}/devices/policy/certificates`
      : `/accounts/${mock.accountId}`;
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) {
    for (const x of v === undefined ? [] : Array.isArray(v) ? v : [v]) search.append(k, x);
  }
  const qs = search.toString();
  const res = await mock.fetch(`/client/v4${prefix}${req.path}${qs ? `?${qs}` : ""}`, {
    method: op.method,
    headers,
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  });
  return { status: res.status, body: await res.json() };
}

async function setup(): Promise<Ids> {
  const mock = createMock({ seed: 3, devices: 120 });
  const get = async (path: string) =>
    (await (await mock.fetch(`/client/v4/accounts/${mock.accountId}${path}`, { headers })).json())
      .result;
  const regs = (await get("/devices/registrations?per_page=2")) as {
    id: string;
    device: { id: string };
  }[];
  const revoked = (await get("/devices/registrations?status=revoked&per_page=1")) as {
    id: string;
  }[];
  const profiles = (await get("/devices/policies")) as { policy_id: string; default: boolean }[];
  const [network] = (await get("/devices/networks")) as { network_id: string }[];
  const [ipProfile] = (await get("/devices/ip-profiles")) as { id: string }[];
  const [deploymentGroup] = (await get("/devices/deployment-groups")) as { id: string }[];
  const rules = (await get("/devices/posture")) as {
    id: string;
    input?: Record<string, unknown>;
  }[];
  const integrations = (await get("/devices/posture/integration")) as { id: string }[];
  const used = new Set(rules.map((r) => r.input?.connection_id));
  return {
    mock,
    registration: regs[0]!.id,
    revokedRegistration: revoked[0]!.id,
    device: regs[1]!.device.id,
    profile: profiles.find((p) => !p.default)!.policy_id,
    defaultProfile: profiles.find((p) => p.default)!.policy_id,
    network: network!.network_id,
    ipProfile: ipProfile!.id,
    deploymentGroup: deploymentGroup!.id,
    postureRule: rules[0]!.id,
    postureIntegration: integrations.find((x) => used.has(x.id))!.id,
    unusedIntegration: integrations.find((x) => !used.has(x.id))!.id,
  };
}

describe("every response matches the spec", () => {
  it("uses schemas that do reject wrong bodies (no vacuous passes)", () => {
    const validate = schemaFor("PhysicalDeviceListResponse");
    const ok = { success: true, errors: [], messages: [], result: [] };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, result: [{ id: "x" }] })).toBe(false);
    expect(validate({ ...ok, success: false })).toBe(false);
    expect(failureSchema({ success: false, errors: [], messages: [], result: null })).toBe(false);
  });

  it("covers every operation in the manifest", () => {
    expect(Object.keys(requests).sort()).toEqual([...operationIds].sort());
  });

  it.each(operationIds.map((id) => [id]))("%s answers 200 with its envelope schema", async (id) => {
    const ids = await setup();
    const validate = schemaFor(manifest[id].responseSchema);
    for (const req of requests[id](ids)) {
      const { status, body } = await send(ids.mock, id, req);
      expect(status, JSON.stringify(body)).toBe(200);
      const valid = validate(body);
      expect(valid, `${id} ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it("answers every kind of failure with ApiResponseFailure", async () => {
    const ids = await setup();
    const { mock } = ids;
    const account = `/client/v4/accounts/${mock.accountId}`;
    const failures: [string, RequestInit][] = [
      ["/client/v4/nowhere", { headers }],
      [`${account}/devices/policy`, { method: "DELETE", headers }],
      [`${account}/devices/policy`, {}],
      [
        `${account}/devices/physical-devices`,
        { headers: { "x-auth-email": "a@b.c", "x-auth-key": "k" } },
      ],
      [`${account}/devices/physical-devices?per_page=0`, { headers }],
      [`${account}/devices/physical-devices?cursor=nope`, { headers }],
      [`${account}/devices/policy`, { method: "POST", headers, body: "{" }],
      [`${account}/devices/policy`, { method: "POST", headers, body: "{}" }],
      [`${account}/devices/registrations/00000000-0000-4000-8000-000000000000`, { headers }],
      [`${account}/devices/policy/${ids.defaultProfile}`, { method: "DELETE", headers }],
      [`${account}/devices/posture/${ids.defaultProfile}`, { headers }],
      [
        `${account}/devices/posture/integration/${ids.postureIntegration}`,
        { method: "DELETE", headers },
      ],
      [
        `${account}/devices/posture`,
        { method: "POST", headers, body: '{"name":"x","type":"file","input":{"path":"/x"}}' },
      ],
      [`${account}/devices/policy`, { headers: { ...headers, "x-mock-fault": "status=429" } }],
      [`${account}/devices/policy`, { headers: { ...headers, "x-mock-fault": "status=500" } }],
      [`${account}/devices/policy`, { headers: { ...headers, "x-mock-fault": "status=503" } }],
      ["/__mock/nope", {}],
      [`${account}/devices/networks/nope`, { headers }],
      [
        `${account}/devices/networks`,
        {
          method: "POST",
          headers,
          body: JSON.stringify({ name: "x", type: "tls", config: { tls_sockaddr: "nope" } }),
        },
      ],
      [`${account}/devices/ip-profiles?per_page=101`, { headers }],
      [
        `${account}/devices/ip-profiles`,
        { headers: { "x-auth-email": "a@b.c", "x-auth-key": "k" } },
      ],
      [`${account}/devices/deployment-groups/nope`, { method: "DELETE", headers }],
      [
        `${account}/devices/settings`,
        {
          method: "PATCH",
          headers,
          body: JSON.stringify({ external_emergency_signal_interval: "10s" }),
        },
      ],
    ];
    for (const [url, init] of failures) {
      const res = await mock.fetch(url, init);
      const body = await res.json();
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(failureSchema(body), `${url} ${JSON.stringify(failureSchema.errors)}`).toBe(true);
    }
  });
});
