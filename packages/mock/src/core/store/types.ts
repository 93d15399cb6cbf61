/**
 * The in-memory data model of one mock instance. Records hold references to each other
 * (a registration points at its device and user) and timestamps as epoch milliseconds; the views
 * in `../views.ts` turn them into the API's JSON shapes.
 */
import type { Rng, RngState } from "../prng.js";
import type { AccountAreas } from "./areas.js";
import { type DeviceDetails, deviceDetails, registrationKey, virtualAddresses } from "./details.js";
import type { PostureMaps } from "./posture.js";

export type DeviceType = "windows" | "mac" | "linux" | "android" | "ios" | "chromeos";

export interface UserRec {
  id: string;
  email: string;
  name: string;
  /** Identity-provider group, used to pick the profile the seed assigns. */
  group: string;
}

/** Marks details that are generated from the record's `detailSeed` on read. */
export const LAZY = undefined;

/**
 * A device's manufacturer and model. Seeded devices share one object per hardware model (a
 * field less per device than two strings); replaced, never changed in place.
 */
export interface DeviceHardware {
  readonly manufacturer: string | null;
  readonly model: string | null;
}

/** A device's operating system; shared and replaced like {@link DeviceHardware}. */
export interface DeviceOs {
  readonly version: string | null;
  readonly extra: string | null;
  readonly distroName: string | null;
  readonly distroRevision: string | null;
}

/**
 * A device. Sized for 100,000 of them: every field is 8 bytes per device, so what is mostly
 * shared (hardware, operating system) sits behind one field, details that are rarely set
 * explicitly behind another, and the getters and setters below keep the flat view.
 */
export class DeviceRec {
  /**
   * The registrations (see {@link registrations}): most devices have one, held without an
   * array around it (an array is 56 bytes more per device).
   */
  private regs: RegistrationRec | readonly RegistrationRec[] = NO_REGISTRATIONS;
  /** Number of registrations neither revoked nor deleted. */
  active = 0;
  /** The registration the device was last seen through. */
  lastSeenRegistration: RegistrationRec | null = null;
  /** Lower-cased text that `search` matches against; built on first use. */
  searchText: string | undefined = undefined;
  /** Seed of the details left {@link LAZY} (see `details.ts`). */
  detailSeed = 0;

  constructor(
    public id: string,
    public name: string,
    public deviceType: DeviceType,
    public createdAt: number,
    public updatedAt: number,
    public lastSeenAt: number | null,
    public clientVersion: string | null,
    public hardware: DeviceHardware,
    public os: DeviceOs,
    /** Details set explicitly; those it leaves out ({@link LAZY}: all) come from `detailSeed`. */
    private detailValues: Partial<DeviceDetails> | undefined,
    public lastSeenUser: UserRec | null,
    public deletedAt: number | null = null,
  ) {}

  /**
   * Registrations of this device, oldest first, deleted ones included. Read-only: change them
   * with {@link addRegistration} or by assigning a new list.
   */
  get registrations(): readonly RegistrationRec[] {
    const regs = this.regs;
    return regs instanceof RegistrationRec ? [regs] : regs;
  }

  set registrations(list: readonly RegistrationRec[]) {
    this.regs = list.length === 1 ? list[0]! : list.length === 0 ? NO_REGISTRATIONS : [...list];
  }

  /** Adds a registration after the others. */
  addRegistration(registration: RegistrationRec): void {
    const regs = this.regs;
    if (regs instanceof RegistrationRec) this.regs = [regs, registration];
    else if (regs.length === 0) this.regs = registration;
    else (regs as RegistrationRec[]).push(registration);
  }

  get manufacturer(): string | null {
    return this.hardware.manufacturer;
  }

  set manufacturer(value: string | null) {
    this.setHardware(value, this.hardware.model);
  }

  get model(): string | null {
    return this.hardware.model;
  }

  set model(value: string | null) {
    this.setHardware(this.hardware.manufacturer, value);
  }

  /** Sets manufacturer and model, keeping the shared object when they are the same. */
  setHardware(manufacturer: string | null, model: string | null): void {
    const hw = this.hardware;
    if (hw.manufacturer !== manufacturer || hw.model !== model)
      this.hardware = { manufacturer, model };
  }

  get osVersion(): string | null {
    return this.os.version;
  }

  set osVersion(value: string | null) {
    this.setOs({ ...this.os, version: value });
  }

  get osVersionExtra(): string | null {
    return this.os.extra;
  }

  set osVersionExtra(value: string | null) {
    this.setOs({ ...this.os, extra: value });
  }

  get osDistroName(): string | null {
    return this.os.distroName;
  }

  set osDistroName(value: string | null) {
    this.setOs({ ...this.os, distroName: value });
  }

  get osDistroRevision(): string | null {
    return this.os.distroRevision;
  }

  set osDistroRevision(value: string | null) {
    this.setOs({ ...this.os, distroRevision: value });
  }

  /** Sets the operating system, keeping the shared object when nothing differs. */
  setOs(os: DeviceOs): void {
    const now = this.os;
    if (
      now.version !== os.version ||
      now.extra !== os.extra ||
      now.distroName !== os.distroName ||
      now.distroRevision !== os.distroRevision
    )
      this.os = {
        version: os.version,
        extra: os.extra,
        distroName: os.distroName,
        distroRevision: os.distroRevision,
      };
  }

  /** Generated on every read rather than cached, so reading devices does not grow memory. */
  private derived(): DeviceDetails {
    return deviceDetails(this.detailSeed, this.deviceType);
  }

  /**
   * All four details at once: one generation for a device's view instead of one per field
   * (each getter below generates them all).
   */
  details(): DeviceDetails {
    const set = this.detailValues;
    if (set === undefined) return this.derived();
    const lazy =
      set.hardwareId === undefined ||
      set.macAddress === undefined ||
      set.serialNumber === undefined ||
      set.publicIp === undefined;
    const d = lazy ? this.derived() : undefined;
    return {
      hardwareId: set.hardwareId === undefined ? d!.hardwareId : set.hardwareId,
      macAddress: set.macAddress === undefined ? d!.macAddress : set.macAddress,
      serialNumber: set.serialNumber === undefined ? d!.serialNumber : set.serialNumber,
      publicIp: set.publicIp === undefined ? d!.publicIp : set.publicIp,
    };
  }

  /** Sets the four details (a stored device overlaying a seeded one); undefined keeps one lazy. */
  setDetails(details: Partial<DeviceDetails>): void {
    const set: Partial<DeviceDetails> = { ...this.detailValues };
    if (details.hardwareId !== undefined) set.hardwareId = details.hardwareId;
    if (details.macAddress !== undefined) set.macAddress = details.macAddress;
    if (details.serialNumber !== undefined) set.serialNumber = details.serialNumber;
    if (details.publicIp !== undefined) set.publicIp = details.publicIp;
    this.detailValues = set;
  }

  get hardwareId(): string | null {
    const value = this.detailValues?.hardwareId;
    return value === undefined ? this.derived().hardwareId : value;
  }

  get macAddress(): string | null {
    const value = this.detailValues?.macAddress;
    return value === undefined ? this.derived().macAddress : value;
  }

  get serialNumber(): string | null {
    const value = this.detailValues?.serialNumber;
    return value === undefined ? this.derived().serialNumber : value;
  }

  get publicIp(): string | null {
    const value = this.detailValues?.publicIp;
    return value === undefined ? this.derived().publicIp : value;
  }
}

const NO_REGISTRATIONS: readonly RegistrationRec[] = Object.freeze([]);

/** A registration's key type and tunnel type; shared like {@link DeviceHardware}. */
export interface RegistrationTunnel {
  readonly keyType: string | null;
  readonly tunnelType: string | null;
}

/** A registration's key and tunnel addresses when not generated from its seed. */
export interface RegistrationValues {
  key: string;
  virtualIpv4: string | null;
  virtualIpv6: string | null;
}

/** A registration; its fields are packed as a device's are (see {@link DeviceRec}). */
export class RegistrationRec {
  /** Override codes handed out for this registration, generated on first request. */
  overrideCodes: Record<string, string> | null = null;
  /** Lower-cased text that `search` matches against; built on first use. */
  searchText: string | undefined = undefined;
  /** Seed of the key when the values are {@link LAZY}. */
  detailSeed = 0;
  /** Index for the tunnel addresses when the values are {@link LAZY}. */
  addressIndex = 0;

  constructor(
    public id: string,
    public device: DeviceRec,
    public user: UserRec | null,
    public policyId: string,
    public createdAt: number,
    public updatedAt: number,
    public lastSeenAt: number,
    /** The key and addresses, or {@link LAZY}: generated from `detailSeed` and `addressIndex`. */
    private values: RegistrationValues | undefined,
    public tunnel: RegistrationTunnel,
    public revokedAt: number | null = null,
    public deletedAt: number | null = null,
  ) {}

  get keyType(): string | null {
    return this.tunnel.keyType;
  }

  set keyType(value: string | null) {
    this.setTunnel(value, this.tunnel.tunnelType);
  }

  get tunnelType(): string | null {
    return this.tunnel.tunnelType;
  }

  set tunnelType(value: string | null) {
    this.setTunnel(this.tunnel.keyType, value);
  }

  /** Sets key and tunnel type, keeping the shared object when they are the same. */
  setTunnel(keyType: string | null, tunnelType: string | null): void {
    const now = this.tunnel;
    if (now.keyType !== keyType || now.tunnelType !== tunnelType)
      this.tunnel = { keyType, tunnelType };
  }

  /** Sets the key and tunnel addresses (a stored registration overlaying a seeded one). */
  setDetails(key: string, virtualIpv4: string | null, virtualIpv6: string | null): void {
    this.values = { key, virtualIpv4, virtualIpv6 };
  }

  // Lazy values are generated on every read rather than cached, so reads do not grow memory.
  get key(): string {
    return this.values?.key ?? registrationKey(this.detailSeed);
  }

  get virtualIpv4(): string | null {
    return this.values === undefined
      ? virtualAddresses(this.addressIndex).ipv4
      : this.values.virtualIpv4;
  }

  get virtualIpv6(): string | null {
    return this.values === undefined
      ? virtualAddresses(this.addressIndex).ipv6
      : this.values.virtualIpv6;
  }
}

export interface SplitTunnelEntry {
  address?: string;
  host?: string;
  description?: string;
}

export interface FallbackDomainEntry {
  suffix: string;
  description?: string;
  dns_server?: string[];
}

/**
 * A device settings profile. `settings` holds the writable fields under their API names
 * (`name`, `match`, `precedence`, `captive_portal`, …) so PATCH is a merge.
 */
export interface ProfileRec {
  policyId: string;
  isDefault: boolean;
  settings: Record<string, unknown>;
  include: SplitTunnelEntry[];
  exclude: SplitTunnelEntry[];
  fallbackDomains: FallbackDomainEntry[];
  gatewayUniqueId: string;
  targetTests: { id: string; name: string }[];
  updatedAt: number;
  /** Set when a custom profile is deleted; registrations still name it in policy summaries. */
  deletedAt: number | null;
}

/** FNV-1a of a string, for the lookup table of an {@link IdIndex} (no need to mix it further). */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * A map from id to record that holds a list's records without building a `Map` of them until
 * it must. The seed's 100,000 devices and their registrations come as lists; a hash map of them
 * costs a quarter of a large seed's time, yet a fresh mock's first requests need no map (a
 * listing) or only lookups (a persisted state's rows laid over the seed, a device read by id).
 * Lookups go through a table of list positions (a typed array, built on the first lookup in a
 * small fraction of a map's time); the first change, count or walk builds the real map.
 * Behaves as a `Map` holding the list's records as they were when it was made.
 */
export class IdIndex<T extends { id: string }> extends Map<string, T> {
  /** The records not in the map yet (the list's first `pending` ones); undefined once built. */
  private source: readonly T[] | undefined;
  private pending: number;
  /** Open-addressing table of list positions + 1 (0: empty slot), by {@link idHash}. */
  private table: Int32Array | undefined;

  constructor(source: readonly T[]) {
    super();
    this.source = source;
    this.pending = source.length;
  }

  private build(): void {
    const source = this.source;
    if (source === undefined) return;
    this.source = undefined;
    this.table = undefined;
    for (let i = 0; i < this.pending; i++) super.set(source[i]!.id, source[i]!);
  }

  /** The record with `id` in the list (the last of equal ids, as in a map built from it). */
  private lookup(id: string): T | undefined {
    const source = this.source!;
    let table = this.table;
    if (table === undefined) {
      let size = 16;
      while (size < this.pending * 2) size *= 2;
      table = new Int32Array(size);
      const mask = size - 1;
      for (let i = 0; i < this.pending; i++) {
        const key = source[i]!.id;
        let slot = idHash(key) & mask;
        // A later record with the same id takes the earlier one's slot.
        while (table[slot] !== 0 && source[table[slot]! - 1]!.id !== key) slot = (slot + 1) & mask;
        table[slot] = i + 1;
      }
      this.table = table;
    }
    const mask = table.length - 1;
    for (let slot = idHash(id) & mask; table[slot] !== 0; slot = (slot + 1) & mask) {
      const record = source[table[slot]! - 1]!;
      if (record.id === id) return record;
    }
    return undefined;
  }

  override get(id: string): T | undefined {
    return this.source !== undefined ? this.lookup(id) : super.get(id);
  }

  /** Whether no lookup structure (table or map) has been built yet. */
  get unindexed(): boolean {
    return this.source !== undefined && this.table === undefined;
  }

  /**
   * The records whose ids are in `ids`, found in one pass over the list (the last of equal ids,
   * as in a map built from it) without building anything. For a handful of lookups right after
   * seeding (a persisted state's rows laid over the seed): the lookup table of 100,000 devices
   * and their registrations would cost ~60 ms and 2 MB for the rest of the process.
   */
  pick(ids: ReadonlySet<string>): Map<string, T> {
    const found = new Map<string, T>();
    const source = this.source;
    if (source === undefined || this.table !== undefined) {
      for (const id of ids) {
        const record = this.get(id);
        if (record !== undefined) found.set(id, record);
      }
      return found;
    }
    for (let i = 0; i < this.pending; i++) {
      const record = source[i]!;
      if (ids.has(record.id)) found.set(record.id, record);
    }
    return found;
  }

  override has(id: string): boolean {
    return this.source !== undefined ? this.lookup(id) !== undefined : super.has(id);
  }

  override set(id: string, record: T): this {
    // Called by Map's constructor before the fields exist: nothing to build then.
    if (this.source !== undefined) this.build();
    return super.set(id, record);
  }

  override delete(id: string): boolean {
    this.build();
    return super.delete(id);
  }

  override clear(): void {
    this.source = undefined;
    this.table = undefined;
    super.clear();
  }

  override get size(): number {
    this.build();
    return super.size;
  }

  override forEach(
    callback: (value: T, key: string, map: Map<string, T>) => void,
    thisArg?: unknown,
  ): void {
    this.build();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[string, T]> {
    this.build();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.build();
    return super.keys();
  }

  override values(): MapIterator<T> {
    this.build();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }
}

/** An account; its posture rules and integrations are in the maps of {@link PostureMaps}. */
export interface AccountRec extends PostureMaps {
  id: string;
  name: string;
  devices: Map<string, DeviceRec>;
  /** Devices in creation order (the base every listing sorts from). */
  deviceList: DeviceRec[];
  registrations: Map<string, RegistrationRec>;
  registrationList: RegistrationRec[];
  users: UserRec[];
  defaultProfile: ProfileRec;
  /** Custom profiles, deleted ones included (with `deletedAt`). */
  profiles: Map<string, ProfileRec>;
  /** Managed networks, account device settings, WARP override, IP profiles, deployment groups. */
  areas: AccountAreas;
}

export interface ZoneRec {
  id: string;
  name: string;
  accountId: string;
  certificatesEnabled: boolean;
}

/** Parameters of a seed: the same parameters always give the same data. */
export interface SeedParams {
  seed: number;
  /** Number of accounts (each with one zone). */
  accounts: number;
  /** Number of physical devices per account. */
  devices: number;
}

/** One stored entity (see `entities.ts`): its kind, its key, and its JSON text (null: removed). */
export interface StoredEntity {
  kind: string;
  key: string;
  value: string | null;
}

/**
 * How data that was not changed since it was built can be rebuilt: the seed of `params`, then
 * `rows` laid over it, then the id generator set to `rng`. Set by the seed and by the
 * persistence layer; a persisted store writes exactly this when its data is replaced.
 */
export interface StoreBase {
  params: SeedParams;
  rows: readonly StoredEntity[];
  rng?: RngState;
}

export interface StoreData {
  /** The seed the data was generated from (kept for information and for `reset`). */
  seed: number;
  /**
   * Set when the data is exactly a seed plus stored rows (fresh from `seedStore` or from a
   * persisted state); left out for data from a snapshot.
   */
  base?: StoreBase;
  accounts: Map<string, AccountRec>;
  zones: Map<string, ZoneRec>;
  /** Source of ids for records created through the API, continuing the seed's sequence. */
  rng: Rng;
}
