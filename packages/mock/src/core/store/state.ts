/**
 * The snapshot format: what `mock.snapshot()` returns, `/__mock/state` serves and state files
 * hold. Plain JSON with a `format` marker and a `version`, so foreign or newer files are told
 * apart from damaged ones. Devices, registrations and users are stored as rows under a column
 * list (about half the size of objects), with references as row indexes.
 */

import { cloneJson } from "../json.js";
import { Rng, type RngState } from "../prng.js";
import { decodeAreas, encodeAreas, type StateAreas, seedAreas } from "./areas.js";
import { decodePosture, encodePosture, type StatePosture } from "./posture.js";
import { SEED_NOW } from "./seed.js";
import {
  type AccountRec,
  type DeviceHardware,
  type DeviceOs,
  DeviceRec,
  type DeviceType,
  type FallbackDomainEntry,
  type ProfileRec,
  RegistrationRec,
  type RegistrationTunnel,
  type SplitTunnelEntry,
  type StoreData,
  type UserRec,
  type ZoneRec,
} from "./types.js";

/**
 * The `format` marker of every snapshot.
 *
 * @example
 * ```ts
 * const looksLikeState = (value: { format?: unknown }) => value.format === STATE_FORMAT;
 * ```
 */
export const STATE_FORMAT = "cf-devices-mock-state";
/** The snapshot version this build reads and writes. */
export const STATE_VERSION = 1;

const USER_COLUMNS = ["id", "email", "name", "group"] as const;
const DEVICE_COLUMNS = [
  "id",
  "name",
  "device_type",
  "created_at",
  "updated_at",
  "last_seen_at",
  "client_version",
  "hardware_id",
  "mac_address",
  "manufacturer",
  "model",
  "os_version",
  "os_version_extra",
  "os_distro_name",
  "os_distro_revision",
  "serial_number",
  "public_ip",
  "last_seen_user",
  "deleted_at",
] as const;
const REGISTRATION_COLUMNS = [
  "id",
  "device",
  "user",
  "policy_id",
  "created_at",
  "updated_at",
  "last_seen_at",
  "key",
  "key_type",
  "tunnel_type",
  "virtual_ipv4",
  "virtual_ipv6",
  "revoked_at",
  "deleted_at",
  "override_codes",
] as const;

type Cell = string | number | boolean | null | Record<string, string>;

/** A table of rows under named columns. */
export interface StateTable {
  columns: string[];
  rows: Cell[][];
}

/** A device settings profile in a snapshot. Timestamps are epoch milliseconds. */
export interface StateProfile {
  policy_id: string;
  settings: Record<string, unknown>;
  include: SplitTunnelEntry[];
  exclude: SplitTunnelEntry[];
  fallback_domains: FallbackDomainEntry[];
  gateway_unique_id: string;
  target_tests: { id: string; name: string }[];
  updated_at: number;
  deleted_at: number | null;
}

export interface StateAccount extends StatePosture {
  id: string;
  name: string;
  users: StateTable;
  devices: StateTable;
  registrations: StateTable;
  default_profile: StateProfile;
  profiles: StateProfile[];
  /**
   * Managed networks, account device settings, WARP override, IP profiles, deployment groups
   * and handed-out override codes. Snapshots written before these areas existed leave it out;
   * they are then seeded from the snapshot's seed.
   */
  areas?: StateAreas;
}

export interface StateZone {
  id: string;
  name: string;
  account_id: string;
  certificates_enabled: boolean;
}

/**
 * A complete, JSON-serialisable copy of a mock's data. Produced by `mock.snapshot()`, accepted by
 * `mock.restore()` and `createMock({ state })`, and written to state files.
 */
export interface MockState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  /** The seed the data was first generated from. */
  seed: number;
  /** Position of the id generator, so ids created after a reload continue the sequence. */
  rng: RngState;
  accounts: StateAccount[];
  zones: StateZone[];
}

/**
 * Thrown when a snapshot is damaged, foreign or from an unsupported version.
 *
 * @example
 * ```ts
 * try {
 *   mock.restore(JSON.parse(text));
 * } catch (error) {
 *   if (error instanceof MockStateError) console.error(`not a usable snapshot: ${error.message}`);
 * }
 * ```
 */
export class MockStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MockStateError";
  }
}

function encodeProfile(p: ProfileRec): StateProfile {
  return {
    policy_id: p.policyId,
    settings: cloneJson(p.settings),
    include: cloneJson(p.include),
    exclude: cloneJson(p.exclude),
    fallback_domains: cloneJson(p.fallbackDomains),
    gateway_unique_id: p.gatewayUniqueId,
    target_tests: cloneJson(p.targetTests),
    updated_at: p.updatedAt,
    deleted_at: p.deletedAt,
  };
}

/** Copies the store's data into a snapshot. */
export function encodeState(data: StoreData): MockState {
  const accounts: StateAccount[] = [];
  for (const account of data.accounts.values()) {
    const userIndex = new Map<UserRec, number>();
    for (const [i, u] of account.users.entries()) userIndex.set(u, i);
    const deviceIndex = new Map<DeviceRec, number>();
    for (const [i, d] of account.deviceList.entries()) deviceIndex.set(d, i);
    accounts.push({
      id: account.id,
      name: account.name,
      users: {
        columns: [...USER_COLUMNS],
        rows: account.users.map((u) => [u.id, u.email, u.name, u.group]),
      },
      devices: {
        columns: [...DEVICE_COLUMNS],
        rows: account.deviceList.map((d) => [
          d.id,
          d.name,
          d.deviceType,
          d.createdAt,
          d.updatedAt,
          d.lastSeenAt,
          d.clientVersion,
          d.hardwareId,
          d.macAddress,
          d.manufacturer,
          d.model,
          d.osVersion,
          d.osVersionExtra,
          d.osDistroName,
          d.osDistroRevision,
          d.serialNumber,
          d.publicIp,
          d.lastSeenUser ? (userIndex.get(d.lastSeenUser) ?? null) : null,
          d.deletedAt,
        ]),
      },
      registrations: {
        columns: [...REGISTRATION_COLUMNS],
        rows: account.registrationList.map((r) => [
          r.id,
          deviceIndex.get(r.device)!,
          r.user ? (userIndex.get(r.user) ?? null) : null,
          r.policyId,
          r.createdAt,
          r.updatedAt,
          r.lastSeenAt,
          r.key,
          r.keyType,
          r.tunnelType,
          r.virtualIpv4,
          r.virtualIpv6,
          r.revokedAt,
          r.deletedAt,
          r.overrideCodes ? { ...r.overrideCodes } : null,
        ]),
      },
      default_profile: encodeProfile(account.defaultProfile),
      profiles: [...account.profiles.values()].map(encodeProfile),
      areas: encodeAreas(account.areas),
      ...encodePosture(account),
    });
  }
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    seed: data.seed,
    rng: data.rng.getState(),
    accounts,
    zones: [...data.zones.values()].map((z) => ({
      id: z.id,
      name: z.name,
      account_id: z.accountId,
      certificates_enabled: z.certificatesEnabled,
    })),
  };
}

// ---------------------------------------------------------------- decoding

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Where a value sits, for error messages; a function when building it would cost every row. */
type Where = string | (() => string);

const place = (where: Where, field?: string): string => {
  const at = typeof where === "function" ? where() : where;
  return field === undefined ? at : `${at}.${field}`;
};

/** Throws unless `condition`; a message given as a function is built only on failure. */
function need(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new MockStateError(typeof message === "function" ? message() : message);
}

/** Checks the marker and version of something that claims to be a snapshot. */
export function checkStateHeader(
  value: unknown,
): asserts value is { format: string; version: number } {
  need(isObject(value), "not a cf-devices mock state (expected a JSON object)");
  need(
    value.format === STATE_FORMAT,
    `not a cf-devices mock state (the "format" field is ${JSON.stringify(value.format) ?? "missing"}, expected "${STATE_FORMAT}")`,
  );
  need(
    value.version === STATE_VERSION,
    `unsupported mock state version ${JSON.stringify(value.version)} (this build reads version ${STATE_VERSION})`,
  );
}

function table(value: unknown, columns: readonly string[], where: string): Cell[][] {
  need(
    isObject(value) && Array.isArray(value.columns) && Array.isArray(value.rows),
    `${where}: not a table`,
  );
  need(
    value.columns.length === columns.length && value.columns.every((c, i) => c === columns[i]),
    `${where}: unexpected columns ${JSON.stringify(value.columns)}`,
  );
  for (const [i, row] of (value.rows as unknown[]).entries()) {
    need(
      Array.isArray(row) && row.length === columns.length,
      () => `${where}: row ${i} is malformed`,
    );
  }
  return value.rows as Cell[][];
}

const str = (v: Cell, where: Where, field?: string): string => {
  need(typeof v === "string", () => `${place(where, field)}: expected a string`);
  return v;
};
const num = (v: Cell, where: Where, field?: string): number => {
  need(
    typeof v === "number" && Number.isFinite(v),
    () => `${place(where, field)}: expected a number`,
  );
  return v;
};
const optStr = (v: Cell, where: Where, field?: string): string | null =>
  v === null ? null : str(v, where, field);
const optNum = (v: Cell, where: Where, field?: string): number | null =>
  v === null ? null : num(v, where, field);

function decodeProfile(value: unknown, isDefault: boolean, where: string): ProfileRec {
  need(isObject(value), `${where}: expected an object`);
  need(typeof value.policy_id === "string", `${where}.policy_id: expected a string`);
  need(isObject(value.settings), `${where}.settings: expected an object`);
  for (const key of ["include", "exclude", "fallback_domains", "target_tests"] as const) {
    need(Array.isArray(value[key]), `${where}.${key}: expected an array`);
  }
  need(typeof value.updated_at === "number", `${where}.updated_at: expected a number`);
  return {
    policyId: value.policy_id,
    isDefault,
    settings: cloneJson(value.settings),
    include: cloneJson(value.include as SplitTunnelEntry[]),
    exclude: cloneJson(value.exclude as SplitTunnelEntry[]),
    fallbackDomains: cloneJson(value.fallback_domains as FallbackDomainEntry[]),
    gatewayUniqueId: String(value.gateway_unique_id ?? ""),
    targetTests: cloneJson(value.target_tests as { id: string; name: string }[]),
    updatedAt: value.updated_at,
    deletedAt: typeof value.deleted_at === "number" ? value.deleted_at : null,
  };
}

function decodeAccount(value: unknown, where: string, seed: number): AccountRec {
  need(isObject(value), `${where}: expected an object`);
  need(
    typeof value.id === "string" && typeof value.name === "string",
    `${where}: id and name must be strings`,
  );
  const users: UserRec[] = table(value.users, USER_COLUMNS, `${where}.users`).map((r, i) => {
    const at = () => `${where}.users[${i}]`;
    return {
      id: str(r[0]!, at, "id"),
      email: str(r[1]!, at, "email"),
      name: str(r[2]!, at, "name"),
      group: str(r[3]!, at, "group"),
    };
  });
  const userAt = (v: Cell, at: Where, field: string): UserRec | null => {
    if (v === null) return null;
    const user = users[num(v, at, field)];
    need(user, () => `${place(at, field)}: no user at index ${v}`);
    return user;
  };
  // Devices share hardware and operating system objects (registrations their tunnel types),
  // as seeded ones do: one per distinct value, found by its strings joined (null as \u0001).
  const shared = new Map<string, DeviceHardware | DeviceOs | RegistrationTunnel>();
  const text = (v: string | null) => (v === null ? "\u0001" : v);
  const share = <T extends DeviceHardware | DeviceOs | RegistrationTunnel>(
    key: string,
    make: () => T,
  ): T => {
    let known = shared.get(key) as T | undefined;
    if (!known) {
      known = make();
      shared.set(key, known);
    }
    return known;
  };
  const hardware = (manufacturer: string | null, model: string | null) =>
    share(`h\u0000${text(manufacturer)}\u0000${text(model)}`, () => ({ manufacturer, model }));
  const os = (
    version: string | null,
    extra: string | null,
    distroName: string | null,
    distroRevision: string | null,
  ) =>
    share(
      `o\u0000${text(version)}\u0000${text(extra)}\u0000${text(distroName)}\u0000${text(distroRevision)}`,
      () => ({ version, extra, distroName, distroRevision }),
    );
  const tunnel = (keyType: string | null, tunnelType: string | null) =>
    share(`t\u0000${text(keyType)}\u0000${text(tunnelType)}`, () => ({ keyType, tunnelType }));
  const deviceList = table(value.devices, DEVICE_COLUMNS, `${where}.devices`).map((r, i) => {
    const at = () => `${where}.devices[${i}]`;
    return new DeviceRec(
      str(r[0]!, at, "id"),
      str(r[1]!, at, "name"),
      str(r[2]!, at, "device_type") as DeviceType,
      num(r[3]!, at, "created_at"),
      num(r[4]!, at, "updated_at"),
      optNum(r[5]!, at, "last_seen_at"),
      optStr(r[6]!, at, DEVICE_COLUMNS[6]),
      hardware(optStr(r[9]!, at, DEVICE_COLUMNS[9]), optStr(r[10]!, at, DEVICE_COLUMNS[10])),
      os(
        optStr(r[11]!, at, DEVICE_COLUMNS[11]),
        optStr(r[12]!, at, DEVICE_COLUMNS[12]),
        optStr(r[13]!, at, DEVICE_COLUMNS[13]),
        optStr(r[14]!, at, DEVICE_COLUMNS[14]),
      ),
      {
        hardwareId: optStr(r[7]!, at, DEVICE_COLUMNS[7]),
        macAddress: optStr(r[8]!, at, DEVICE_COLUMNS[8]),
        serialNumber: optStr(r[15]!, at, DEVICE_COLUMNS[15]),
        publicIp: optStr(r[16]!, at, DEVICE_COLUMNS[16]),
      },
      userAt(r[17]!, at, "last_seen_user"),
      optNum(r[18]!, at, "deleted_at"),
    );
  });
  const devices = new Map(deviceList.map((d) => [d.id, d]));
  const registrationList = table(
    value.registrations,
    REGISTRATION_COLUMNS,
    `${where}.registrations`,
  ).map((r, i) => {
    const at = () => `${where}.registrations[${i}]`;
    const device = deviceList[num(r[1]!, at, "device")];
    need(device, () => `${place(at, "device")}: no device at index ${r[1]}`);
    const registration = new RegistrationRec(
      str(r[0]!, at, "id"),
      device,
      userAt(r[2]!, at, "user"),
      str(r[3]!, at, "policy_id"),
      num(r[4]!, at, "created_at"),
      num(r[5]!, at, "updated_at"),
      num(r[6]!, at, "last_seen_at"),
      {
        key: str(r[7]!, at, "key"),
        virtualIpv4: optStr(r[10]!, at, REGISTRATION_COLUMNS[10]),
        virtualIpv6: optStr(r[11]!, at, REGISTRATION_COLUMNS[11]),
      },
      tunnel(
        optStr(r[8]!, at, REGISTRATION_COLUMNS[8]),
        optStr(r[9]!, at, REGISTRATION_COLUMNS[9]),
      ),
      optNum(r[12]!, at, "revoked_at"),
      optNum(r[13]!, at, "deleted_at"),
    );
    const codes = r[14];
    if (isObject(codes)) registration.overrideCodes = { ...(codes as Record<string, string>) };
    device.addRegistration(registration);
    if (registration.revokedAt === null && registration.deletedAt === null) device.active++;
    if (
      !device.lastSeenRegistration ||
      registration.lastSeenAt > device.lastSeenRegistration.lastSeenAt
    ) {
      device.lastSeenRegistration = registration;
    }
    return registration;
  });
  need(Array.isArray(value.profiles), `${where}.profiles: expected an array`);
  const profiles = new Map<string, ProfileRec>();
  value.profiles.forEach((p, i) => {
    const profile = decodeProfile(p, false, `${where}.profiles[${i}]`);
    profiles.set(profile.policyId, profile);
  });
  return {
    id: value.id,
    name: value.name,
    devices,
    deviceList,
    registrations: new Map(registrationList.map((r) => [r.id, r])),
    registrationList,
    users,
    defaultProfile: decodeProfile(value.default_profile, true, `${where}.default_profile`),
    profiles,
    areas:
      value.areas === undefined
        ? seedAreas(seed, value.id, [...profiles.keys()], SEED_NOW)
        : decodeAreas(value.areas, `${where}.areas`, (message) => {
            throw new MockStateError(message);
          }),
    ...decodePosture(value, where, (message) => {
      throw new MockStateError(message);
    }),
  };
}

/** Rebuilds store data from a snapshot; throws {@link MockStateError} when it is not valid. */
export function decodeState(value: unknown): StoreData {
  checkStateHeader(value);
  const state = value as unknown as Record<string, unknown>;
  need(typeof state.seed === "number", "seed: expected a number");
  need(
    Array.isArray(state.rng) &&
      state.rng.length === 4 &&
      state.rng.every((n) => typeof n === "number"),
    "rng: expected four numbers",
  );
  need(Array.isArray(state.accounts), "accounts: expected an array");
  need(Array.isArray(state.zones), "zones: expected an array");
  const accounts = new Map<string, AccountRec>();
  state.accounts.forEach((a, i) => {
    const account = decodeAccount(a, `accounts[${i}]`, state.seed as number);
    accounts.set(account.id, account);
  });
  const zones = new Map<string, ZoneRec>();
  state.zones.forEach((z, i) => {
    need(
      isObject(z) && typeof z.id === "string" && typeof z.account_id === "string",
      `zones[${i}]: expected an object with id and account_id`,
    );
    zones.set(z.id, {
      id: z.id,
      name: String(z.name ?? ""),
      accountId: z.account_id,
      certificatesEnabled: z.certificates_enabled === true,
    });
  });
  return { seed: state.seed, accounts, zones, rng: Rng.fromState(state.rng as RngState) };
}
