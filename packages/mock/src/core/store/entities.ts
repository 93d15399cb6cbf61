/**
 * The kinds of entity a persisted mock stores, one entry each. Persistence (`sql-store.ts`)
 * knows nothing about devices or profiles: it asks this registry what exists, how to write a
 * record, and how to lay a stored record over freshly seeded data.
 *
 * A persisted state is the seed's parameters plus one row per entity that differs from what the
 * seed makes (changed, created, or removed: a removed entity's row has no value). Opening it
 * seeds and lays the rows over the result, so a 100,000-device state with ten changes stores
 * ten rows.
 *
 * Adding an area to the store is one entry in {@link ENTITY_KINDS}:
 * - `track: "diff"` for kinds with few records (profiles, zones, …): after every write each
 *   record is serialized and compared with what was last written, so handlers need not report
 *   their changes;
 * - `track: "touch"` for kinds with many records (devices, registrations): the store's methods,
 *   or the handler, call `store.touch(record)` and only those records are written.
 *
 * `serialize` must leave out secrets (such as a posture integration's credentials), which are
 * never written; `apply` then leaves them as the seed made them.
 */
import { type AccountAreas, defaultAccountSettings } from "./areas.js";
import { type PostureIntegrationRec, WRITE_ONLY_NAMES } from "./posture.js";
import { MockStateError, type StateProfile } from "./state.js";
import {
  type AccountRec,
  DeviceRec,
  type DeviceType,
  type FallbackDomainEntry,
  IdIndex,
  type ProfileRec,
  RegistrationRec,
  type SplitTunnelEntry,
  type StoreData,
  type UserRec,
  type ZoneRec,
} from "./types.js";

/** User lookups by scanning before an index of the account's users is built. */
const INDEX_AFTER = 64;

/** Lookups and follow-up work shared by the `apply` calls of one load. */
export class ApplyContext {
  private readonly userMaps = new Map<AccountRec, Map<string, UserRec>>();
  /** The ids in the keys of the rows being laid (`account/id`), for {@link find}. */
  private readonly wanted: Set<string>;
  /** The wanted records of an unbuilt {@link IdIndex}, found in one pass over its list. */
  private readonly picked = new Map<IdIndex<{ id: string }>, Map<string, unknown>>();

  constructor(rows: readonly StoredEntityLike[] = []) {
    this.wanted = new Set(rows.map((row) => row.key.slice(row.key.indexOf("/") + 1)));
  }
  /** Devices whose registrations changed: their counts are recomputed at the end. */
  readonly devices = new Set<DeviceRec>();

  /** The account named by a key's first segment; throws when it does not exist. */
  account(data: StoreData, accountId: string, key: string): AccountRec {
    const account = data.accounts.get(accountId);
    if (!account) throw new MockStateError(`stored entity ${key}: no account ${accountId}`);
    return account;
  }

  private readonly userScans = new Map<AccountRec, number>();

  /**
   * An account's users by id. A few rows are looked up by scanning the list (an index of 75,000
   * users would be garbage of ~10 MB at every open); past {@link INDEX_AFTER} lookups in an
   * account, an index is built once.
   */
  users(account: AccountRec): {
    get(id: string): UserRec | undefined;
    set(id: string, user: UserRec): void;
  } {
    const map = this.userMaps.get(account);
    if (map) return map;
    const scans = (this.userScans.get(account) ?? 0) + 1;
    this.userScans.set(account, scans);
    if (scans > INDEX_AFTER) {
      const index = new Map(account.users.map((u) => [u.id, u]));
      this.userMaps.set(account, index);
      return index;
    }
    return {
      get: (id) => {
        for (const user of account.users) if (user.id === id) return user;
        return undefined;
      },
      set: () => {},
    };
  }

  /**
   * A record of `map` by id. While `map` is an {@link IdIndex} with nothing built, the records
   * named by the rows' keys are picked out in one pass over its list (see `IdIndex.pick`); ids
   * not named by a key (rare: a registration moved to another device) go through the index.
   */
  find<T extends { id: string }>(map: Map<string, T>, id: string): T | undefined {
    if (!(map instanceof IdIndex) || !map.unindexed || !this.wanted.has(id)) return map.get(id);
    let picked = this.picked.get(map);
    if (!picked) {
      picked = map.pick(this.wanted);
      this.picked.set(map, picked);
    }
    return picked.get(id) as T | undefined;
  }

  /** Drops an account's user index (after a user was removed). */
  forgetUsers(account: AccountRec): void {
    this.userMaps.delete(account);
  }

  /** Recomputes what derives from registrations on every device they changed. */
  finish(): void {
    for (const device of this.devices) {
      device.active = 0;
      device.lastSeenRegistration = null;
      for (const r of device.registrations) {
        if (r.revokedAt === null && r.deletedAt === null) device.active++;
        if (!device.lastSeenRegistration || r.lastSeenAt > device.lastSeenRegistration.lastSeenAt)
          device.lastSeenRegistration = r;
      }
    }
  }
}

/** One kind of stored entity. */
export interface EntityKind<R extends object = object> {
  /** Name in the `kind` column. Stored data depends on it: never rename a kind. */
  readonly name: string;
  /** How changes are found: see the module comment. */
  readonly track: "diff" | "touch";
  /** Every record of the kind with its key (unique within the kind), in creation order. */
  entries(data: StoreData): Iterable<readonly [string, R]>;
  /** For `touch` kinds: the key of `record` when it is of this kind, else undefined. */
  keyOf?(record: object, data: StoreData): string | undefined;
  /** The stored form (JSON). Secrets are left out. */
  serialize(record: R, data: StoreData): unknown;
  /** Lays a stored record over `data` (replacing or adding it); a `null` value removes it. */
  apply(data: StoreData, key: string, value: unknown, context: ApplyContext): void;
}

const keyParts = (key: string): [string, string] => {
  const slash = key.indexOf("/");
  if (slash < 0) throw new MockStateError(`stored entity key ${key}: expected account/id`);
  return [key.slice(0, slash), key.slice(slash + 1)];
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function need(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new MockStateError(message());
}

/** Accounts own devices by map; finding the one holding a record walks at most 64 accounts. */
function accountHolding(
  data: StoreData,
  has: (account: AccountRec) => boolean,
): AccountRec | undefined {
  for (const account of data.accounts.values()) if (has(account)) return account;
  return undefined;
}

function* accountScoped<R>(
  data: StoreData,
  list: (account: AccountRec) => Iterable<R>,
  id: (record: R) => string,
): Iterable<readonly [string, R]> {
  for (const account of data.accounts.values()) {
    for (const record of list(account)) yield [`${account.id}/${id(record)}`, record];
  }
}

// ---------------------------------------------------------------- accounts and zones

const accounts: EntityKind<AccountRec> = {
  name: "account",
  track: "diff",
  entries: (data) => [...data.accounts.values()].map((a) => [a.id, a] as const),
  serialize: (a) => ({ name: a.name }),
  apply(data, key, value) {
    if (value === null) {
      data.accounts.delete(key);
      return;
    }
    need(isObject(value) && typeof value.name === "string", () => `account ${key}: no name`);
    const existing = data.accounts.get(key);
    if (existing) {
      existing.name = value.name;
      return;
    }
    // An account the seed does not make: its profiles, users, devices and areas follow as rows.
    data.accounts.set(key, {
      areas: emptyAreas(),
      postureRules: new Map(),
      postureIntegrations: new Map(),
      id: key,
      name: value.name,
      devices: new Map(),
      deviceList: [],
      registrations: new Map(),
      registrationList: [],
      users: [],
      defaultProfile: emptyProfile(),
      profiles: new Map(),
    });
  },
};

const zones: EntityKind<ZoneRec> = {
  name: "zone",
  track: "diff",
  entries: (data) => [...data.zones.values()].map((z) => [z.id, z] as const),
  serialize: (z) => ({
    name: z.name,
    account_id: z.accountId,
    certificates_enabled: z.certificatesEnabled,
  }),
  apply(data, key, value) {
    if (value === null) {
      data.zones.delete(key);
      return;
    }
    need(
      isObject(value) && typeof value.account_id === "string",
      () => `zone ${key}: no account_id`,
    );
    data.zones.set(key, {
      id: key,
      name: String(value.name ?? ""),
      accountId: value.account_id,
      certificatesEnabled: value.certificates_enabled === true,
    });
  },
};

// ---------------------------------------------------------------- users, devices, registrations

const users: EntityKind<UserRec> = {
  name: "user",
  track: "touch",
  entries: (data) =>
    accountScoped(
      data,
      (a) => a.users,
      (u) => u.id,
    ),
  keyOf(record, data) {
    if (record instanceof DeviceRec || record instanceof RegistrationRec) return undefined;
    if (!("email" in record && "group" in record)) return undefined;
    const account = accountHolding(data, (a) => a.users.includes(record as UserRec));
    return account && `${account.id}/${(record as UserRec).id}`;
  },
  serialize: (u) => ({ email: u.email, name: u.name, group: u.group }),
  apply(data, key, value, context) {
    const [accountId, id] = keyParts(key);
    const account = context.account(data, accountId, key);
    const map = context.users(account);
    if (value === null) {
      const user = map.get(id);
      if (user) account.users.splice(account.users.indexOf(user), 1);
      context.forgetUsers(account);
      return;
    }
    need(isObject(value), () => `user ${key}: expected an object`);
    const fields = {
      email: String(value.email ?? ""),
      name: String(value.name ?? ""),
      group: String(value.group ?? ""),
    };
    const existing = map.get(id);
    if (existing) Object.assign(existing, fields);
    else {
      const user: UserRec = { id, ...fields };
      account.users.push(user);
      map.set(id, user);
    }
  },
};

const NO_HARDWARE = { manufacturer: null, model: null };
const NO_OS = { version: null, extra: null, distroName: null, distroRevision: null };
const NO_TUNNEL = { keyType: null, tunnelType: null };

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

const devices: EntityKind<DeviceRec> = {
  name: "device",
  track: "touch",
  entries: (data) =>
    accountScoped(
      data,
      (a) => a.deviceList,
      (d) => d.id,
    ),
  keyOf(record, data) {
    if (!(record instanceof DeviceRec)) return undefined;
    const account = accountHolding(data, (a) => a.devices.get(record.id) === record);
    return account && `${account.id}/${record.id}`;
  },
  serialize: (d) => {
    const details = d.details();
    return {
      name: d.name,
      device_type: d.deviceType,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      last_seen_at: d.lastSeenAt,
      client_version: d.clientVersion,
      hardware_id: details.hardwareId,
      mac_address: details.macAddress,
      manufacturer: d.manufacturer,
      model: d.model,
      os_version: d.osVersion,
      os_version_extra: d.osVersionExtra,
      os_distro_name: d.osDistroName,
      os_distro_revision: d.osDistroRevision,
      serial_number: details.serialNumber,
      public_ip: details.publicIp,
      last_seen_user: d.lastSeenUser?.id ?? null,
      deleted_at: d.deletedAt,
    };
  },
  apply(data, key, value, context) {
    const [accountId, id] = keyParts(key);
    const account = context.account(data, accountId, key);
    const existing = context.find(account.devices, id);
    if (value === null) {
      if (!existing) return;
      account.devices.delete(id);
      account.deviceList = account.deviceList.filter((d) => d !== existing);
      for (const r of existing.registrations) account.registrations.delete(r.id);
      account.registrationList = account.registrationList.filter((r) => r.device !== existing);
      return;
    }
    need(isObject(value) && typeof value.created_at === "number", () => `device ${key}: malformed`);
    const device =
      existing ??
      // biome-ignore format: one placeholder per constructor parameter; the fields are set below
      new DeviceRec(id, "", "windows", 0, 0, null, null, NO_HARDWARE, NO_OS, undefined, null);
    device.name = String(value.name ?? "");
    device.deviceType = String(value.device_type ?? "windows") as DeviceType;
    device.createdAt = value.created_at;
    device.updatedAt = num(value.updated_at) ?? value.created_at;
    device.lastSeenAt = num(value.last_seen_at);
    device.clientVersion = str(value.client_version);
    device.setHardware(str(value.manufacturer), str(value.model));
    device.setOs({
      version: str(value.os_version),
      extra: str(value.os_version_extra),
      distroName: str(value.os_distro_name),
      distroRevision: str(value.os_distro_revision),
    });
    device.setDetails({
      hardwareId: str(value.hardware_id),
      macAddress: str(value.mac_address),
      serialNumber: str(value.serial_number),
      publicIp: str(value.public_ip),
    });
    // The user rarely changes; looking one up reads the whole user list, so only then.
    if ((device.lastSeenUser?.id ?? null) !== (value.last_seen_user ?? null)) {
      device.lastSeenUser =
        typeof value.last_seen_user === "string"
          ? (context.users(account).get(value.last_seen_user) ?? null)
          : null;
    }
    device.deletedAt = num(value.deleted_at);
    device.searchText = undefined;
    if (!existing) {
      account.devices.set(id, device);
      account.deviceList.push(device);
    }
  },
};

const registrations: EntityKind<RegistrationRec> = {
  name: "registration",
  track: "touch",
  entries: (data) =>
    accountScoped(
      data,
      (a) => a.registrationList,
      (r) => r.id,
    ),
  keyOf(record, data) {
    if (!(record instanceof RegistrationRec)) return undefined;
    const account = accountHolding(data, (a) => a.registrations.get(record.id) === record);
    return account && `${account.id}/${record.id}`;
  },
  serialize: (r) => ({
    device: r.device.id,
    user: r.user?.id ?? null,
    policy_id: r.policyId,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    last_seen_at: r.lastSeenAt,
    key: r.key,
    key_type: r.keyType,
    tunnel_type: r.tunnelType,
    virtual_ipv4: r.virtualIpv4,
    virtual_ipv6: r.virtualIpv6,
    revoked_at: r.revokedAt,
    deleted_at: r.deletedAt,
    override_codes: r.overrideCodes ? { ...r.overrideCodes } : null,
  }),
  apply(data, key, value, context) {
    const [accountId, id] = keyParts(key);
    const account = context.account(data, accountId, key);
    const existing = context.find(account.registrations, id);
    if (value === null) {
      if (!existing) return;
      account.registrations.delete(id);
      account.registrationList = account.registrationList.filter((r) => r !== existing);
      existing.device.registrations = existing.device.registrations.filter((r) => r !== existing);
      context.devices.add(existing.device);
      return;
    }
    need(
      isObject(value) && typeof value.device === "string" && typeof value.key === "string",
      () => `registration ${key}: malformed`,
    );
    const device =
      existing?.device.id === value.device
        ? existing.device
        : context.find(account.devices, value.device);
    need(device, () => `registration ${key}: no device ${String(value.device)}`);
    // A registration's user does not change through the API: look it up (reading the whole user
    // list) only for a registration the seed did not make or that names another user.
    const user =
      existing && (existing.user?.id ?? null) === (value.user ?? null)
        ? existing.user
        : typeof value.user === "string"
          ? (context.users(account).get(value.user) ?? null)
          : null;
    const createdAt = num(value.created_at) ?? 0;
    let registration = existing;
    if (!registration || registration.device !== device) {
      if (registration) {
        const previous = registration.device;
        previous.registrations = previous.registrations.filter((r) => r !== registration);
        context.devices.add(previous);
      }
      registration =
        registration ??
        // biome-ignore format: one placeholder per constructor parameter; the fields are set below
        new RegistrationRec(id, device, user, "", createdAt, createdAt, createdAt, undefined, NO_TUNNEL);
      registration.device = device;
      device.addRegistration(registration);
      if (!existing) {
        account.registrations.set(id, registration);
        account.registrationList.push(registration);
      }
    }
    registration.user = user;
    registration.policyId = String(value.policy_id ?? "");
    registration.createdAt = createdAt;
    registration.updatedAt = num(value.updated_at) ?? createdAt;
    registration.lastSeenAt = num(value.last_seen_at) ?? createdAt;
    registration.setTunnel(str(value.key_type), str(value.tunnel_type));
    registration.setDetails(value.key, str(value.virtual_ipv4), str(value.virtual_ipv6));
    registration.revokedAt = num(value.revoked_at);
    registration.deletedAt = num(value.deleted_at);
    registration.overrideCodes = isObject(value.override_codes)
      ? ({ ...value.override_codes } as Record<string, string>)
      : null;
    registration.searchText = undefined;
    context.devices.add(device);
  },
};

// ---------------------------------------------------------------- device settings profiles

function emptyAreas(): AccountAreas {
  return {
    networks: new Map(),
    settings: defaultAccountSettings(),
    warpOverride: { disconnect: false, changedAt: 0, justification: null },
    ipProfiles: new Map(),
    deploymentGroups: new Map(),
    overrideCodes: [],
  };
}

function emptyProfile(): ProfileRec {
  return {
    policyId: "",
    isDefault: true,
    settings: {},
    include: [],
    exclude: [],
    fallbackDomains: [],
    gatewayUniqueId: "",
    targetTests: [],
    updatedAt: 0,
    deletedAt: null,
  };
}

const profiles: EntityKind<ProfileRec> = {
  name: "profile",
  track: "diff",
  *entries(data) {
    for (const account of data.accounts.values()) {
      yield [`${account.id}/default`, account.defaultProfile] as const;
      for (const p of account.profiles.values()) yield [`${account.id}/${p.policyId}`, p] as const;
    }
  },
  serialize: (p): StateProfile => ({
    policy_id: p.policyId,
    settings: p.settings,
    include: p.include,
    exclude: p.exclude,
    fallback_domains: p.fallbackDomains,
    gateway_unique_id: p.gatewayUniqueId,
    target_tests: p.targetTests,
    updated_at: p.updatedAt,
    deleted_at: p.deletedAt,
  }),
  apply(data, key, value, context) {
    const [accountId, id] = keyParts(key);
    const account = context.account(data, accountId, key);
    const isDefault = id === "default";
    if (value === null) {
      if (!isDefault) account.profiles.delete(id);
      return;
    }
    need(
      isObject(value) && typeof value.policy_id === "string" && isObject(value.settings),
      () => `profile ${key}: malformed`,
    );
    const arrays = ["include", "exclude", "fallback_domains", "target_tests"] as const;
    for (const field of arrays) {
      need(Array.isArray(value[field]), () => `profile ${key}: ${field} is not an array`);
    }
    const profile: ProfileRec = {
      policyId: value.policy_id,
      isDefault,
      settings: value.settings,
      include: value.include as SplitTunnelEntry[],
      exclude: value.exclude as SplitTunnelEntry[],
      fallbackDomains: value.fallback_domains as FallbackDomainEntry[],
      gatewayUniqueId: String(value.gateway_unique_id ?? ""),
      targetTests: value.target_tests as { id: string; name: string }[],
      updatedAt: num(value.updated_at) ?? 0,
      deletedAt: num(value.deleted_at),
    };
    if (isDefault) account.defaultProfile = profile;
    else account.profiles.set(id, profile);
  },
};

// ---------------------------------------------------------------- building blocks for areas

/**
 * A kind whose records sit in one map per account, keyed by id (posture rules, managed
 * networks, …). Found by comparison (`track: "diff"`); the key is `account/id`.
 *
 * @example
 * ```ts
 * const networks = accountMapKind("managed_network", (a) => a.areas.networks);
 * ```
 */
export function accountMapKind<R extends object>(
  name: string,
  map: (account: AccountRec) => Map<string, R>,
  options: {
    /** The stored form; default: the record as it is (JSON). Leave secrets out here. */
    serialize?: (record: R) => unknown;
    /** The record from its stored form; default: the stored JSON as it is. */
    deserialize?: (value: unknown, id: string) => R;
  } = {},
): EntityKind<R> {
  const serialize = options.serialize ?? ((record: R) => record);
  const deserialize = options.deserialize ?? ((value: unknown) => value as R);
  return {
    name,
    track: "diff",
    *entries(data) {
      for (const account of data.accounts.values()) {
        for (const [id, record] of map(account)) yield [`${account.id}/${id}`, record] as const;
      }
    },
    serialize: (record) => serialize(record),
    apply(data, key, value, context) {
      const [accountId, id] = keyParts(key);
      const records = map(context.account(data, accountId, key));
      if (value === null) records.delete(id);
      else {
        need(isObject(value), () => `${name} ${key}: expected an object`);
        records.set(id, deserialize(value, id));
      }
    },
  };
}

/**
 * A kind with one value per account (account device settings, the WARP override, …). Found by
 * comparison; the key is the account id.
 *
 * @example
 * ```ts
 * const settings = accountValueKind("device_settings", (a) => a.areas.settings, (a, v) => {
 *   a.areas.settings = v as AccountDeviceSettings;
 * });
 * ```
 */
export function accountValueKind<V>(
  name: string,
  get: (account: AccountRec) => V,
  set: (account: AccountRec, value: V) => void,
  options: {
    serialize?: (value: V) => unknown;
    deserialize?: (value: unknown) => V;
  } = {},
): EntityKind<{ account: AccountRec }> {
  const serialize = options.serialize ?? ((value: V) => value);
  const deserialize = options.deserialize ?? ((value: unknown) => value as V);
  return {
    name,
    track: "diff",
    entries: (data) => [...data.accounts.values()].map((a) => [a.id, { account: a }] as const),
    serialize: ({ account }) => serialize(get(account)),
    apply(data, key, value, context) {
      // A removed value cannot happen (every account has one); keep the seeded one.
      if (value === null) return;
      set(context.account(data, key, key), deserialize(value));
    },
  };
}

// ---------------------------------------------------------------- the other account areas

/** A posture integration as stored: never a credential, even if one slipped into its config. */
function integrationWithoutSecrets(record: PostureIntegrationRec): PostureIntegrationRec {
  const config: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record.config)) {
    if (!WRITE_ONLY_NAMES.has(field)) config[field] = value;
  }
  return { ...record, config };
}

const areaKinds = [
  accountMapKind("managed_network", (a) => a.areas.networks),
  accountValueKind(
    "device_settings",
    (a) => a.areas.settings,
    (a, v) => {
      a.areas.settings = v;
    },
  ),
  accountValueKind(
    "warp_override",
    (a) => a.areas.warpOverride,
    (a, v) => {
      a.areas.warpOverride = v;
    },
  ),
  accountMapKind("ip_profile", (a) => a.areas.ipProfiles),
  accountMapKind("deployment_group", (a) => a.areas.deploymentGroups),
  accountValueKind(
    "issued_override_codes",
    (a) => a.areas.overrideCodes,
    (a, v) => {
      a.areas.overrideCodes = v;
    },
  ),
  accountMapKind("posture_rule", (a) => a.postureRules),
  accountMapKind("posture_integration", (a) => a.postureIntegrations, {
    serialize: integrationWithoutSecrets,
  }),
];

/**
 * Every kind of stored entity, in the order rows are laid over seeded data (an entity comes
 * after the ones it refers to: accounts before their users, devices before registrations).
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of different record types
export const ENTITY_KINDS: readonly EntityKind<any>[] = [
  accounts,
  users,
  devices,
  registrations,
  profiles,
  zones,
  ...areaKinds,
];

const KIND_ORDER = new Map(ENTITY_KINDS.map((k, i) => [k.name, i]));

/**
 * Lays stored rows over `data` (typically fresh from the seed), kind by kind in registry order.
 * Rows of a kind this build does not know are refused: they come from a newer version.
 */
export function applyEntities(data: StoreData, rows: readonly StoredEntityLike[]): void {
  const context = new ApplyContext(rows);
  const sorted = [...rows].sort(
    (a, b) => (KIND_ORDER.get(a.kind) ?? -1) - (KIND_ORDER.get(b.kind) ?? -1),
  );
  for (const row of sorted) {
    const index = KIND_ORDER.get(row.kind);
    if (index === undefined)
      throw new MockStateError(
        `stored entity kind "${row.kind}" is unknown to this version of the mock; upgrade @cf-devices/mock`,
      );
    let value: unknown = null;
    if (row.value !== null) {
      try {
        value = JSON.parse(row.value);
      } catch {
        throw new MockStateError(`stored ${row.kind} ${row.key}: value is not valid JSON`);
      }
    }
    ENTITY_KINDS[index]!.apply(data, row.key, value, context);
  }
  context.finish();
}

interface StoredEntityLike {
  kind: string;
  key: string;
  value: string | null;
}

/**
 * The rows that turn `base` into `data`, found by comparing every entity (created, changed, and
 * removed ones, the last with a null value). Used when data did not come from a seed plus rows
 * (a restored snapshot, a migrated JSON file); it serializes everything twice, so it is the
 * slow path, taken once per replacement.
 */
export function diffEntities(base: StoreData, data: StoreData): StoredEntityLike[] {
  const rows: StoredEntityLike[] = [];
  for (const kind of ENTITY_KINDS) {
    const before = new Map<string, string>();
    for (const [key, record] of kind.entries(base))
      before.set(key, JSON.stringify(kind.serialize(record, base)));
    for (const [key, record] of kind.entries(data)) {
      const text = JSON.stringify(kind.serialize(record, data));
      if (before.get(key) !== text) rows.push({ kind: kind.name, key, value: text });
      before.delete(key);
    }
    for (const key of before.keys()) rows.push({ kind: kind.name, key, value: null });
  }
  return rows;
}
