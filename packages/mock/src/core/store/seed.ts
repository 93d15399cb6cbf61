/**
 * Deterministic seeding: the same `seed`, `accounts` and `devices` always give the same data,
 * down to every id and timestamp. Built for speed (100,000 devices well under a second): one
 * sfc32 stream per account, records as class instances, timestamps as numbers.
 */
import { fromAlphabet, hexId, uuid } from "../ids.js";
import { cloneJson } from "../json.js";
import { Rng } from "../prng.js";
import { seedAreas } from "./areas.js";
import {
  ACCOUNT_NAMES,
  CLIENT_VERSIONS,
  DEFAULT_EXCLUDE,
  DEFAULT_FALLBACK_DOMAINS,
  DEVICE_TYPES,
  FIRST_NAMES,
  GROUPS,
  HARDWARE,
  LAST_NAMES,
  OS_VERSIONS,
  PROFILE_DEFAULTS,
  PROFILE_TEMPLATES,
  type ProfileTemplate,
  ZONE_NAMES,
} from "./catalog.js";
import { type PostureMaps, seedPosture } from "./posture.js";
import {
  type AccountRec,
  type DeviceOs,
  DeviceRec,
  type DeviceType,
  IdIndex,
  LAZY,
  type ProfileRec,
  RegistrationRec,
  type RegistrationTunnel,
  type SeedParams,
  type StoreData,
  type UserRec,
  type ZoneRec,
} from "./types.js";

export type SeedOptions = SeedParams;

/** "Now" of seeded data: every seeded timestamp lies before it. */
export const SEED_NOW = Date.UTC(2025, 5, 30, 12, 0, 0);
const DAY = 86_400_000;
const UPPER_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/** The largest device count a seed accepts. */
export const MAX_SEED_DEVICES = 1_000_000;

/** Builds the whole store for `options`. */
export function seedStore(options: SeedOptions): StoreData {
  const accounts = new Map<string, AccountRec>();
  const zones = new Map<string, ZoneRec>();
  for (let index = 0; index < options.accounts; index++) {
    const rng = new Rng(options.seed, 1 + index);
    const base = seedAccount(rng, index, options.devices);
    const account: AccountRec = {
      ...base,
      ...seedPosture(options.seed, index),
      areas: seedAreas(options.seed, base.id, [...base.profiles.keys()], SEED_NOW),
    };
    accounts.set(account.id, account);
    const zone: ZoneRec = {
      id: hexId(rng),
      name:
        index < ZONE_NAMES.length
          ? ZONE_NAMES[index]!
          : ZONE_NAMES[index % ZONE_NAMES.length]!.replace(".example", `-${index}.example`),
      accountId: account.id,
      certificatesEnabled: rng.chance(0.5),
    };
    zones.set(zone.id, zone);
  }
  return {
    seed: options.seed,
    base: {
      params: { seed: options.seed, accounts: options.accounts, devices: options.devices },
      rows: [],
    },
    accounts,
    zones,
    rng: new Rng(options.seed, 0x5eed),
  };
}

/** How many registrations a physical device has (most have one; shared machines more). */
const REGISTRATION_COUNTS = [
  [1, 86],
  [2, 10],
  [3, 4],
] as const;

const PAIRS = FIRST_NAMES.length * LAST_NAMES.length;
/** A (first, last) name pair's strings, made once and shared by every account and seed. */
interface NamePair {
  name: string;
  /** The email address of the pair's first user (later rounds add a number). */
  email: string;
  local: string;
}
const pairCache: NamePair[] = [];
/**
 * Device names of the form `<first name>'s <label>`, by label and first name: built once, so
 * the 100,000 devices of a large seed share a few hundred strings.
 */
const ownedNames = new Map<string, Map<string, string>>();

function ownedName(first: string, label: string): string {
  let byFirst = ownedNames.get(label);
  if (!byFirst) {
    byFirst = new Map();
    ownedNames.set(label, byFirst);
  }
  let name = byFirst.get(first);
  if (name === undefined) {
    name = `${first}'s ${label}`;
    byFirst.set(first, name);
  }
  return name;
}

/** `<n>@example.com`, the end of a later round's email addresses, by round. */
const emailSuffixes: string[] = [];

function emailSuffix(n: number): string {
  emailSuffixes[n] ??= `${n}@example.com`;
  return emailSuffixes[n];
}

/** Names of the form `<label>-<first name>-<nn>`, by label, first name and number. */
const numberedNames = new Map<string, Map<string, string[]>>();

function numberedName(label: string, first: string, n: number): string {
  let byFirst = numberedNames.get(label);
  if (!byFirst) {
    byFirst = new Map();
    numberedNames.set(label, byFirst);
  }
  let names = byFirst.get(first);
  if (!names) {
    names = [];
    byFirst.set(first, names);
  }
  names[n] ??= `${label}-${first.toLowerCase()}-${String(n).padStart(2, "0")}`;
  return names[n];
}

/**
 * The first name in the display names of the users made with each first name (the j-th user's
 * is at `j % FIRST_NAMES.length`): the part before the first space, as one shared string.
 */
const FIRST_OF: readonly string[] = FIRST_NAMES.map((name) => {
  const space = name.indexOf(" ");
  return space < 0 ? name : name.slice(0, space);
});

type OsEntry = (typeof OS_VERSIONS)[DeviceType][number];
/** The {@link DeviceOs} of each operating system in the catalog, shared by its devices. */
const osInfos = new Map<OsEntry, DeviceOs>();

function osOf(entry: OsEntry): DeviceOs {
  let os = osInfos.get(entry);
  if (!os) {
    os = {
      version: entry.version,
      extra: entry.extra,
      distroName: entry.distro?.[0] ?? null,
      distroRevision: entry.distro?.[1] ?? null,
    };
    osInfos.set(entry, os);
  }
  return os;
}

/** The {@link RegistrationTunnel} of each tunnel protocol, shared by its registrations. */
const tunnels = new Map<string, RegistrationTunnel>();

function tunnelOf(tunnel: string): RegistrationTunnel {
  let shared = tunnels.get(tunnel);
  if (!shared) {
    shared = { keyType: tunnel === "masque" ? "secp256r1" : "curve25519", tunnelType: tunnel };
    tunnels.set(tunnel, shared);
  }
  return shared;
}

/** The j-th user of an account: unique email addresses for any count. */
function makeUser(rng: Rng, j: number): UserRec {
  const f = j % FIRST_NAMES.length;
  const block = Math.floor(j / FIRST_NAMES.length);
  // (block + 5f) mod 48 visits every last name once per first name, so pairs stay unique.
  const l = (block + 5 * f) % LAST_NAMES.length;
  const pair = f * LAST_NAMES.length + l;
  let cached = pairCache[pair];
  if (!cached) {
    const first = FIRST_NAMES[f]!;
    const last = LAST_NAMES[l]!;
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
    cached = {
      name: `${first} ${last}`,
      email: `${local}@example.com`,
      local,
    };
    pairCache[pair] = cached;
  }
  const round = Math.floor(j / PAIRS);
  return {
    id: uuid(rng),
    email: round > 0 ? cached.local + emailSuffix(round + 1) : cached.email,
    name: cached.name,
    group: rng.weighted(GROUPS),
  };
}

function makeProfile(rng: Rng, template: ProfileTemplate, defaults: ProfileRec): ProfileRec {
  const settings: Record<string, unknown> = {
    ...PROFILE_DEFAULTS,
    name: template.name,
    description: template.description,
    match: template.match,
    precedence: template.precedence,
    enabled: template.enabled,
    ...cloneJson(template.settings),
  };
  return {
    policyId: uuid(rng),
    isDefault: false,
    settings,
    include: cloneJson([...(template.include ?? [])]),
    exclude: template.exclude
      ? cloneJson([...template.exclude])
      : template.include
        ? []
        : cloneJson(defaults.exclude),
    fallbackDomains: cloneJson([...(template.fallbackDomains ?? []), ...defaults.fallbackDomains]),
    gatewayUniqueId: hexId(rng),
    targetTests: (template.targetTests ?? []).map((name) => ({ id: uuid(rng), name })),
    updatedAt: SEED_NOW - rng.range(1, 200) * DAY,
    deletedAt: null,
  };
}

function seedAccount(
  rng: Rng,
  index: number,
  deviceCount: number,
): Omit<AccountRec, "areas" | keyof PostureMaps> {
  const id = hexId(rng);
  const defaultProfile: ProfileRec = {
    policyId: uuid(rng),
    isDefault: true,
    settings: {
      ...PROFILE_DEFAULTS,
      tunnel_protocol: "wireguard",
      service_mode_v2: { mode: "warp" },
    },
    include: [],
    exclude: cloneJson([...DEFAULT_EXCLUDE]),
    fallbackDomains: cloneJson([...DEFAULT_FALLBACK_DOMAINS]),
    gatewayUniqueId: hexId(rng),
    targetTests: [],
    updatedAt: SEED_NOW - 400 * DAY,
    deletedAt: null,
  };
  const profiles = new Map<string, ProfileRec>();
  const customs: { template: ProfileTemplate; profile: ProfileRec }[] = [];
  for (const template of PROFILE_TEMPLATES) {
    const profile = makeProfile(rng, template, defaultProfile);
    profiles.set(profile.policyId, profile);
    customs.push({ template, profile });
  }
  customs.sort((a, b) => a.template.precedence - b.template.precedence);
  const profileFor = (type: DeviceType, group: string | undefined): ProfileRec => {
    for (const { template, profile } of customs) {
      if (!template.enabled) continue;
      if (template.os.length > 0 && !template.os.includes(type)) continue;
      if (template.groups.length > 0 && (!group || !template.groups.includes(group))) continue;
      return profile;
    }
    return defaultProfile;
  };

  const userCount = Math.max(3, Math.round(deviceCount * 0.75));
  const users: UserRec[] = new Array(userCount);
  for (let j = 0; j < userCount; j++) users[j] = makeUser(rng, j);

  const deviceList: DeviceRec[] = new Array(deviceCount);
  const registrationList: RegistrationRec[] = [];
  let ipCounter = 2;

  for (let i = 0; i < deviceCount; i++) {
    const type = rng.weighted(DEVICE_TYPES);
    const hardware = rng.pick(HARDWARE[type]);
    const os = rng.pick(OS_VERSIONS[type]);
    const ownerIndex = rng.int(userCount);
    const owner = users[ownerIndex]!;
    const firstName = FIRST_OF[ownerIndex % FIRST_NAMES.length]!;
    const deviceId = uuid(rng);
    const created = SEED_NOW - rng.range(2, 540) * DAY - rng.int(DAY / 1000) * 1000;
    const neverSeen = rng.chance(0.01);
    const sinceCreated = SEED_NOW - created;
    const lastSeen = neverSeen
      ? null
      : SEED_NOW - Math.floor((rng.float() ** 3 * sinceCreated) / 1000) * 1000;
    let name: string;
    if (type === "windows" && rng.chance(0.5))
      // One flat string rather than a concatenation holding two.
      name = fromAlphabet(rng, UPPER_ALNUM, 7, "DESKTOP-");
    else if (type === "linux" || type === "chromeos")
      name = numberedName(hardware.label, firstName, rng.range(1, 99));
    else name = ownedName(firstName, hardware.label);
    const device = new DeviceRec(
      deviceId,
      name,
      type,
      created,
      lastSeen ?? created,
      lastSeen,
      rng.weighted(CLIENT_VERSIONS),
      hardware,
      osOf(os),
      LAZY,
      null,
    );
    // As a signed 32-bit value: a small integer to V8 rather than a boxed number for half the
    // records. The details use the seed only through 32-bit operations, so they are the same.
    device.detailSeed = rng.u32() | 0;

    const regCount = rng.weighted(REGISTRATION_COUNTS);
    let latest: RegistrationRec | null = null;
    for (let k = 0; k < regCount; k++) {
      const user = k === 0 ? owner : users[rng.int(userCount)]!;
      const profile = profileFor(type, user.group);
      const tunnel =
        // An empty tunnel_protocol (the spec's default) leaves the choice to the client.
        (profile.settings.tunnel_protocol as string | undefined) ||
        (rng.chance(0.65) ? "masque" : "wireguard");
      const regCreated =
        k === 0 ? created : created + rng.int(Math.max(1, sinceCreated / DAY)) * DAY;
      const seen =
        k === 0
          ? (lastSeen ?? regCreated)
          : Math.max(regCreated, (lastSeen ?? regCreated) - rng.range(0, 30) * DAY);
      const n = ipCounter++;
      const registration = new RegistrationRec(
        k === 0 ? deviceId : uuid(rng),
        device,
        user,
        profile.policyId,
        regCreated,
        seen,
        seen,
        LAZY,
        tunnelOf(tunnel),
      );
      registration.detailSeed = rng.u32() | 0; // signed, as above
      registration.addressIndex = n;
      if (rng.chance(0.06)) {
        registration.revokedAt = Math.min(SEED_NOW, seen + rng.range(1, 20) * DAY);
        registration.updatedAt = registration.revokedAt;
      } else {
        device.active++;
      }
      if (!latest || registration.lastSeenAt > latest.lastSeenAt) latest = registration;
      device.addRegistration(registration);
      registrationList.push(registration);
    }
    device.lastSeenRegistration = latest;
    device.lastSeenUser = latest?.user ?? owner;
    deviceList[i] = device;
  }

  return {
    id,
    name:
      index < ACCOUNT_NAMES.length
        ? ACCOUNT_NAMES[index]!
        : `${ACCOUNT_NAMES[index % ACCOUNT_NAMES.length]} ${Math.floor(index / ACCOUNT_NAMES.length) + 1}`,
    // Indexed by id on first use (see IdIndex).
    devices: new IdIndex(deviceList),
    deviceList,
    registrations: new IdIndex(registrationList),
    registrationList,
    users,
    defaultProfile,
    profiles,
  };
}
