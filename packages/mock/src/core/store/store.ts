/**
 * The mutable store of one mock instance: its data plus a version counter that list caches and
 * persistence watch. Every change goes through the methods here so that derived fields
 * (a device's `active` count) stay right.
 */
import type {
  AccountRec,
  DeviceRec,
  ProfileRec,
  RegistrationRec,
  StoreData,
  ZoneRec,
} from "./types.js";

/**
 * Most serialized record views the store keeps at once: a few pages' worth, so listing the same
 * pages again is cheap while walking 100,000 devices does not grow memory.
 */
const VIEW_CACHE_LIMIT = 2_000;

export class MockStore {
  /** Bumped on every change; list caches and the state-file writer compare against it. */
  version = 0;
  private readonly listeners = new Set<() => void>();
  private readonly views = new Map<object, string>();
  private viewsVersion = -1;
  /**
   * Records of the many-record kinds (devices, registrations) changed since the persistence
   * layer last saved; kept only while {@link trackChanges} is on (a persisted mock), so an
   * in-memory mock does not collect them. See `entities.ts`.
   */
  readonly touched = new Set<object>();
  /** Whether {@link touched} is kept. */
  trackChanges = false;
  /** Set by {@link replace} until the persistence layer has written the new data. */
  replaced = false;
  /** Called by {@link willChange}: the persistence layer notes what is stored (see there). */
  beforeChange: (() => void) | undefined;

  constructor(public data: StoreData) {}

  /** Replaces all data (reset, reseed, restore). */
  replace(data: StoreData): void {
    this.data = data;
    this.replaced = true;
    this.touched.clear();
    this.changed(true);
  }

  /**
   * Notes that `record` (a device, a registration, a user, or a record of a kind registered
   * with `track: "touch"`) changed, so a persisted mock writes it. Handlers that change such a
   * record directly call this; the store's own methods below do it themselves.
   */
  touch(record: object): void {
    if (this.trackChanges) this.touched.add(record);
  }

  /**
   * Called before an operation's handler runs (it may change data): a persisted mock notes then
   * what its `diff` records look like as stored, which a run that only reads never needs.
   */
  willChange(): void {
    this.beforeChange?.();
  }

  /** Records that data changed and tells the listeners. */
  changed(replacing = false): void {
    // Changed data is no longer exactly its seed plus stored rows.
    if (!replacing) this.data.base = undefined;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /**
   * The JSON text of `record`'s view, built by `build` on first use and reused until any data
   * changes (every change bumps {@link version}, which empties the cache).
   */
  viewJson(record: object, build: () => unknown): string {
    if (this.viewsVersion !== this.version) {
      this.views.clear();
      this.viewsVersion = this.version;
    }
    let json = this.views.get(record);
    if (json === undefined) {
      if (this.views.size >= VIEW_CACHE_LIMIT) this.views.clear();
      json = JSON.stringify(build());
      this.views.set(record, json);
    }
    return json;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  account(id: string): AccountRec | undefined {
    return this.data.accounts.get(id);
  }

  zone(id: string): ZoneRec | undefined {
    return this.data.zones.get(id);
  }

  /** A device that exists and is not deleted. */
  device(account: AccountRec, id: string): DeviceRec | undefined {
    const device = account.devices.get(id);
    return device && device.deletedAt === null ? device : undefined;
  }

  /** A registration that exists and is not deleted. */
  registration(account: AccountRec, id: string): RegistrationRec | undefined {
    const registration = account.registrations.get(id);
    return registration && registration.deletedAt === null ? registration : undefined;
  }

  /** A custom profile that is not deleted, or the default profile when `id` is its id. */
  profile(account: AccountRec, id: string): ProfileRec | undefined {
    if (account.defaultProfile.policyId === id) return account.defaultProfile;
    const profile = account.profiles.get(id);
    return profile && profile.deletedAt === null ? profile : undefined;
  }

  /** Custom profiles that are not deleted, by precedence. */
  customProfiles(account: AccountRec): ProfileRec[] {
    return [...account.profiles.values()]
      .filter((p) => p.deletedAt === null)
      .sort(
        (a, b) =>
          (a.settings.precedence as number) - (b.settings.precedence as number) ||
          (a.policyId < b.policyId ? -1 : 1),
      );
  }

  revoke(registration: RegistrationRec, now: number): void {
    if (registration.revokedAt !== null || registration.deletedAt !== null) return;
    registration.revokedAt = now;
    registration.updatedAt = now;
    registration.device.active--;
    registration.device.updatedAt = now;
    this.touch(registration);
    this.touch(registration.device);
  }

  unrevoke(registration: RegistrationRec, now: number): void {
    if (registration.revokedAt === null || registration.deletedAt !== null) return;
    registration.revokedAt = null;
    registration.updatedAt = now;
    registration.device.active++;
    registration.device.updatedAt = now;
    this.touch(registration);
    this.touch(registration.device);
  }

  deleteRegistration(registration: RegistrationRec, now: number): void {
    if (registration.deletedAt !== null) return;
    if (registration.revokedAt === null) registration.device.active--;
    registration.deletedAt = now;
    registration.updatedAt = now;
    registration.device.updatedAt = now;
    this.touch(registration);
    this.touch(registration.device);
  }

  deleteDevice(device: DeviceRec, now: number): void {
    for (const registration of device.registrations) this.deleteRegistration(registration, now);
    device.deletedAt = now;
    device.updatedAt = now;
    this.touch(device);
  }
}
