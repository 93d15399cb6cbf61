/**
 * The account-level areas besides devices and profiles: managed networks, the account device
 * settings, the global WARP override, device IP profiles, deployment groups and the uninstall
 * protection override codes handed out. Records, their seed, their snapshot form and their
 * views live here; each collection is a plain map keyed by id, one set per account.
 */
import type {
  AccountDeviceSettings,
  DeploymentGroup,
  GlobalWarpOverride,
  IpProfile,
  ManagedNetwork,
  ManagedNetworkConfig,
  VersionConfig,
} from "@cf-devices/types";
import { schemaFields, schemaMockDefaults } from "../../generated/data.js";
import { hexId, isoTime, uuid } from "../ids.js";
import { cloneJson } from "../json.js";
import { hashString, Rng } from "../prng.js";
import { CLIENT_VERSIONS, GROUPS } from "./catalog.js";

export interface ManagedNetworkRec {
  id: string;
  name: string;
  type: "tls";
  config: ManagedNetworkConfig;
}

export interface IpProfileRec {
  id: string;
  name: string;
  description: string | null;
  match: string;
  precedence: number;
  subnetId: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DeploymentGroupRec {
  id: string;
  name: string;
  versionConfig: VersionConfig[];
  /** Device settings profiles (`policy_id`) assigned to the group; empty when none. */
  policyIds: string[];
  createdAt: number;
  updatedAt: number;
}

export interface WarpOverrideRec {
  disconnect: boolean;
  /** When `disconnect` last changed (epoch ms). */
  changedAt: number;
  /** The justification sent with the last change, kept as the audit log would. */
  justification: string | null;
}

/** An uninstall protection override code handed out by `createOverrideCode`. */
export interface IssuedOverrideCodeRec {
  code: string;
  scope: "account" | "device";
  deviceId: string | null;
  durationHours: number;
  createdAt: number;
}

/** Everything of these areas that one account holds. */
export interface AccountAreas {
  networks: Map<string, ManagedNetworkRec>;
  /** The account device settings, under their API names (only the fields that are set). */
  settings: AccountDeviceSettings;
  warpOverride: WarpOverrideRec;
  ipProfiles: Map<string, IpProfileRec>;
  deploymentGroups: Map<string, DeploymentGroupRec>;
  /** Codes handed out, oldest first (at most {@link OVERRIDE_CODES_KEPT}). */
  overrideCodes: IssuedOverrideCodeRec[];
}

/** How many handed-out override codes an account keeps (the oldest are dropped first). */
export const OVERRIDE_CODES_KEPT = 200;

/**
 * The account device settings after a reset: the `x-mock-default` of each field in the spec
 * (the API documents no defaults; the spec's `x-inferred` note on `AccountDeviceSettings`).
 */
export function defaultAccountSettings(): AccountDeviceSettings {
  return cloneJson(schemaMockDefaults.AccountDeviceSettings ?? {}) as AccountDeviceSettings;
}

// ---------------------------------------------------------------- seed

const DAY = 86_400_000;

const NETWORK_TEMPLATES: readonly { name: string; sockaddr: string; pinned: boolean }[] = [
  { name: "Headquarters", sockaddr: "10.0.0.10:443", pinned: true },
  { name: "Lisbon office", sockaddr: "office-lis.corp.example.com:8443", pinned: false },
  { name: "Data centre", sockaddr: "[2001:db8:10::10]:443", pinned: true },
  { name: "Warehouse", sockaddr: "192.168.40.2:4443", pinned: false },
  { name: "Singapore office", sockaddr: "office-sin.corp.example.com:443", pinned: true },
];

const EMERGENCY_DRILLS = [
  "Quarterly emergency disconnect drill",
  "Rollback of a broken client release",
  "Incident 4127: WARP connectivity issues in EMEA",
];

/**
 * Deterministic data for one account: its own random stream (from the seed and the account id),
 * so seeding these areas never shifts the devices, registrations or profiles.
 */
export function seedAreas(
  seed: number,
  accountId: string,
  customProfileIds: readonly string[],
  now: number,
): AccountAreas {
  const rng = new Rng(seed, hashString(`areas/${accountId}`));

  const networks = new Map<string, ManagedNetworkRec>();
  for (const template of NETWORK_TEMPLATES.slice(0, rng.range(2, 4))) {
    const config: ManagedNetworkConfig = { tls_sockaddr: template.sockaddr };
    if (template.pinned) config.sha256 = hexId(rng, 64);
    const id = uuid(rng);
    networks.set(id, { id, name: template.name, type: "tls", config });
  }

  const settings: AccountDeviceSettings = {
    gateway_proxy_enabled: true,
    gateway_udp_proxy_enabled: rng.chance(0.6),
    root_certificate_installation_enabled: true,
    use_zt_virtual_ip: rng.chance(0.3),
    disable_for_time: rng.pick([900, 3600, 3600, 14_400]),
    external_emergency_signal_enabled: false,
  };

  const warpOverride: WarpOverrideRec = {
    disconnect: false,
    changedAt: now - rng.range(20, 200) * DAY - rng.int(DAY / 1000) * 1000,
    justification: rng.pick(EMERGENCY_DRILLS),
  };

  const ipProfiles = new Map<string, IpProfileRec>();
  const groups = GROUPS.map(([name]) => name);
  const profileCount = rng.range(3, 5);
  for (let i = 0; i < profileCount; i++) {
    const group = groups[i % groups.length]!;
    const created = now - rng.range(30, 400) * DAY - rng.int(DAY / 1000) * 1000;
    const id = uuid(rng);
    ipProfiles.set(id, {
      id,
      name: `${group} source IPs`,
      description: rng.chance(0.7) ? `Egress addresses for the ${group} group` : null,
      match: `identity.groups.name == "${group}"`,
      precedence: (i + 1) * 10,
      subnetId: uuid(rng),
      enabled: rng.chance(0.85),
      createdAt: created,
      updatedAt: Math.min(now, created + rng.range(0, 25) * DAY),
    });
  }

  const deploymentGroups = new Map<string, DeploymentGroupRec>();
  const versions = CLIENT_VERSIONS.map(([version]) => version);
  const rings = [
    { name: "Early adopters", version: versions[0]! },
    { name: "Broad rollout", version: versions[1] ?? versions[0]! },
    { name: "Conservative", version: versions[2] ?? versions[0]! },
  ];
  const groupCount = rng.range(2, 3);
  for (let i = 0; i < groupCount; i++) {
    const ring = rings[i]!;
    const created = now - rng.range(10, 120) * DAY - rng.int(DAY / 1000) * 1000;
    const id = uuid(rng);
    const environments = rng.chance(0.5) ? ["windows", "macos"] : ["windows", "macos", "linux"];
    deploymentGroups.set(id, {
      id,
      name: ring.name,
      versionConfig: environments.map((target_environment) => ({
        version: ring.version,
        target_environment,
      })),
      // Each custom profile is in at most one group.
      policyIds: customProfileIds[i] ? [customProfileIds[i]!] : [],
      createdAt: created,
      updatedAt: Math.min(now, created + rng.range(0, 9) * DAY),
    });
  }

  return {
    networks,
    settings,
    warpOverride,
    ipProfiles,
    deploymentGroups,
    overrideCodes: [],
  };
}

// ---------------------------------------------------------------- views

/** `ManagedNetwork`. */
export function managedNetworkView(n: ManagedNetworkRec): ManagedNetwork {
  return { network_id: n.id, name: n.name, type: n.type, config: { ...n.config } };
}

/** `AccountDeviceSettings`, in the spec's field order. */
export function accountSettingsView(settings: AccountDeviceSettings): AccountDeviceSettings {
  const out: Record<string, unknown> = {};
  const stored = settings as Record<string, unknown>;
  for (const name of schemaFields.AccountDeviceSettings ?? []) {
    if (stored[name] !== undefined) out[name] = stored[name];
  }
  return out as AccountDeviceSettings;
}

/** `GlobalWarpOverride`. */
export function warpOverrideView(o: WarpOverrideRec): GlobalWarpOverride {
  return { disconnect: o.disconnect, timestamp: isoTime(o.changedAt) };
}

/** `IpProfile`. Timestamps are RFC 3339 with the fraction only when there is one (Go's RFC3339Nano). */
export function ipProfileView(p: IpProfileRec): IpProfile {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    match: p.match,
    precedence: p.precedence,
    subnet_id: p.subnetId,
    enabled: p.enabled,
    created_at: isoTime(p.createdAt),
    updated_at: isoTime(p.updatedAt),
  };
}

/** `DeploymentGroup`; `policy_ids` is null when no profile is assigned. */
export function deploymentGroupView(g: DeploymentGroupRec): DeploymentGroup {
  return {
    id: g.id,
    name: g.name,
    version_config: g.versionConfig.map((v) => ({ ...v })),
    policy_ids: g.policyIds.length > 0 ? [...g.policyIds] : null,
    created_at: isoTime(g.createdAt),
    updated_at: isoTime(g.updatedAt),
  };
}

/**
 * Takes a deleted device settings profile out of the deployment groups it was assigned to (a
 * group can only hold profiles that exist).
 */
export function forgetProfile(areas: AccountAreas, policyId: string, now: number): void {
  for (const group of areas.deploymentGroups.values()) {
    const at = group.policyIds.indexOf(policyId);
    if (at === -1) continue;
    group.policyIds.splice(at, 1);
    group.updatedAt = now;
  }
}

/** IP profiles in the order the API evaluates them: precedence, then id. */
export function ipProfilesInOrder(areas: AccountAreas): IpProfileRec[] {
  return [...areas.ipProfiles.values()].sort(
    (a, b) => a.precedence - b.precedence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// ---------------------------------------------------------------- snapshot form

/** These areas of one account in a snapshot. Timestamps are epoch milliseconds. */
export interface StateAreas {
  managed_networks: ManagedNetwork[];
  device_settings: AccountDeviceSettings;
  warp_override: { disconnect: boolean; changed_at: number; justification: string | null };
  ip_profiles: {
    id: string;
    name: string;
    description: string | null;
    match: string;
    precedence: number;
    subnet_id: string;
    enabled: boolean;
    created_at: number;
    updated_at: number;
  }[];
  deployment_groups: {
    id: string;
    name: string;
    version_config: VersionConfig[];
    policy_ids: string[];
    created_at: number;
    updated_at: number;
  }[];
  override_codes: {
    code: string;
    scope: "account" | "device";
    device_id: string | null;
    duration_hours: number;
    created_at: number;
  }[];
}

export function encodeAreas(a: AccountAreas): StateAreas {
  return {
    managed_networks: [...a.networks.values()].map(managedNetworkView),
    device_settings: cloneJson(a.settings),
    warp_override: {
      disconnect: a.warpOverride.disconnect,
      changed_at: a.warpOverride.changedAt,
      justification: a.warpOverride.justification,
    },
    ip_profiles: [...a.ipProfiles.values()].map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      match: p.match,
      precedence: p.precedence,
      subnet_id: p.subnetId,
      enabled: p.enabled,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })),
    deployment_groups: [...a.deploymentGroups.values()].map((g) => ({
      id: g.id,
      name: g.name,
      version_config: cloneJson(g.versionConfig),
      policy_ids: [...g.policyIds],
      created_at: g.createdAt,
      updated_at: g.updatedAt,
    })),
    override_codes: a.overrideCodes.map((c) => ({
      code: c.code,
      scope: c.scope,
      device_id: c.deviceId,
      duration_hours: c.durationHours,
      created_at: c.createdAt,
    })),
  };
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads these areas back from a snapshot. `fail(message)` throws the caller's snapshot error;
 * every message names where the problem is (`accounts[0].areas.ip_profiles[2].precedence`).
 */
export function decodeAreas(
  value: unknown,
  where: string,
  fail: (message: string) => never,
): AccountAreas {
  const need = (condition: unknown, message: () => string): void => {
    if (!condition) fail(message());
  };
  const str = (o: Obj, key: string, at: string): string => {
    need(typeof o[key] === "string", () => `${at}.${key}: expected a string`);
    return o[key] as string;
  };
  const num = (o: Obj, key: string, at: string): number => {
    need(
      typeof o[key] === "number" && Number.isFinite(o[key]),
      () => `${at}.${key}: expected a number`,
    );
    return o[key] as number;
  };
  const bool = (o: Obj, key: string, at: string): boolean => {
    need(typeof o[key] === "boolean", () => `${at}.${key}: expected true or false`);
    return o[key] as boolean;
  };
  const list = (o: Obj, key: string): Obj[] => {
    const items = o[key];
    need(Array.isArray(items), () => `${where}.${key}: expected an array`);
    for (const [i, item] of (items as unknown[]).entries()) {
      need(isObject(item), () => `${where}.${key}[${i}]: expected an object`);
    }
    return items as Obj[];
  };

  need(isObject(value), () => `${where}: expected an object`);
  const v = value as Obj;

  const networks = new Map<string, ManagedNetworkRec>();
  list(v, "managed_networks").forEach((n, i) => {
    const at = `${where}.managed_networks[${i}]`;
    need(isObject(n.config), () => `${at}.config: expected an object`);
    const config = n.config as Obj;
    const rec: ManagedNetworkRec = {
      id: str(n, "network_id", at),
      name: str(n, "name", at),
      type: "tls",
      config: { tls_sockaddr: str(config, "tls_sockaddr", `${at}.config`) },
    };
    if (config.sha256 !== undefined) rec.config.sha256 = str(config, "sha256", `${at}.config`);
    networks.set(rec.id, rec);
  });

  need(isObject(v.device_settings), () => `${where}.device_settings: expected an object`);
  const override = v.warp_override;
  need(isObject(override), () => `${where}.warp_override: expected an object`);
  const o = override as Obj;
  const overrideAt = `${where}.warp_override`;
  need(
    o.justification === null || typeof o.justification === "string",
    () => `${overrideAt}.justification: expected a string or null`,
  );

  const ipProfiles = new Map<string, IpProfileRec>();
  list(v, "ip_profiles").forEach((p, i) => {
    const at = `${where}.ip_profiles[${i}]`;
    need(
      p.description === null || typeof p.description === "string",
      () => `${at}.description: expected a string or null`,
    );
    const rec: IpProfileRec = {
      id: str(p, "id", at),
      name: str(p, "name", at),
      description: p.description as string | null,
      match: str(p, "match", at),
      precedence: num(p, "precedence", at),
      subnetId: str(p, "subnet_id", at),
      enabled: bool(p, "enabled", at),
      createdAt: num(p, "created_at", at),
      updatedAt: num(p, "updated_at", at),
    };
    ipProfiles.set(rec.id, rec);
  });

  const deploymentGroups = new Map<string, DeploymentGroupRec>();
  list(v, "deployment_groups").forEach((g, i) => {
    const at = `${where}.deployment_groups[${i}]`;
    need(Array.isArray(g.version_config), () => `${at}.version_config: expected an array`);
    need(
      Array.isArray(g.policy_ids) && g.policy_ids.every((id) => typeof id === "string"),
      () => `${at}.policy_ids: expected an array of strings`,
    );
    const versionConfig = (g.version_config as unknown[]).map((entry, j) => {
      const entryAt = `${at}.version_config[${j}]`;
      need(isObject(entry), () => `${entryAt}: expected an object`);
      const e = entry as Obj;
      need(
        e.target_environment === null || typeof e.target_environment === "string",
        () => `${entryAt}.target_environment: expected a string or null`,
      );
      return {
        version: str(e, "version", entryAt),
        target_environment: e.target_environment as string | null,
      };
    });
    const rec: DeploymentGroupRec = {
      id: str(g, "id", at),
      name: str(g, "name", at),
      versionConfig,
      policyIds: [...(g.policy_ids as string[])],
      createdAt: num(g, "created_at", at),
      updatedAt: num(g, "updated_at", at),
    };
    deploymentGroups.set(rec.id, rec);
  });

  const overrideCodes = list(v, "override_codes").map((c, i) => {
    const at = `${where}.override_codes[${i}]`;
    need(
      c.scope === "account" || c.scope === "device",
      () => `${at}.scope: expected account or device`,
    );
    need(
      c.device_id === null || typeof c.device_id === "string",
      () => `${at}.device_id: expected a string or null`,
    );
    return {
      code: str(c, "code", at),
      scope: c.scope as "account" | "device",
      deviceId: c.device_id as string | null,
      durationHours: num(c, "duration_hours", at),
      createdAt: num(c, "created_at", at),
    };
  });

  return {
    networks,
    settings: cloneJson(v.device_settings as AccountDeviceSettings),
    warpOverride: {
      disconnect: bool(o, "disconnect", overrideAt),
      changedAt: num(o, "changed_at", overrideAt),
      justification: o.justification as string | null,
    },
    ipProfiles,
    deploymentGroups,
    overrideCodes,
  };
}
