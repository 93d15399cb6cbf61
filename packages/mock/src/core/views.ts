/**
 * Turns store records into the JSON shapes of the spec. Every response body the mock sends is
 * built here, so the response-conformance test covers one place. The objects may share nested
 * values with the store: the engine serialises them at once and never hands them out.
 */
import { schemaFields } from "../generated/data.js";
import { isoTime } from "./ids.js";
import { deviceTags, registrationType } from "./store/details.js";
import type { AccountRec, DeviceRec, ProfileRec, RegistrationRec, UserRec } from "./store/types.js";

type Json = Record<string, unknown>;

const iso = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

function user(u: UserRec): Json {
  return { id: u.id, email: u.email, name: u.name };
}

/** Sets `key` only when `value` is not null (for fields the spec types as non-null strings). */
function put(target: Json, key: string, value: unknown): void {
  if (value !== null && value !== undefined) target[key] = value;
}

/** The profile for `policyId`: default, custom, or a deleted custom one. */
export function findProfile(account: AccountRec, policyId: string): ProfileRec | undefined {
  return account.defaultProfile.policyId === policyId
    ? account.defaultProfile
    : account.profiles.get(policyId);
}

/** `PolicySummary`: the profile a registration was evaluated against. */
export function policySummary(account: AccountRec, policyId: string): Json | null {
  const profile = findProfile(account, policyId);
  if (!profile) return null;
  return {
    id: profile.policyId,
    default: profile.isDefault,
    deleted: profile.deletedAt !== null,
    name: profile.isDefault ? "Default" : String(profile.settings.name ?? ""),
    updated_at: isoTime(profile.updatedAt),
  };
}

/** `PhysicalDevice`. */
export function physicalDeviceView(
  account: AccountRec,
  d: DeviceRec,
  includePolicy: boolean,
): Json {
  const details = d.details();
  const out: Json = {
    id: d.id,
    name: d.name,
    active_registrations: d.active,
    created_at: isoTime(d.createdAt),
    updated_at: isoTime(d.updatedAt),
    last_seen_at: iso(d.lastSeenAt),
    client_version: d.clientVersion,
    deleted_at: iso(d.deletedAt),
    device_type: d.deviceType,
    hardware_id: details.hardwareId,
    mac_address: details.macAddress,
    manufacturer: d.manufacturer,
    model: d.model,
    os_version: d.osVersion,
    os_version_extra: d.osVersionExtra,
    serial_number: details.serialNumber,
    public_ip: details.publicIp,
    tags: deviceTags(d.id),
    last_seen_user: d.lastSeenUser ? user(d.lastSeenUser) : null,
  };
  if (includePolicy) {
    const last = d.lastSeenRegistration;
    out.last_seen_registration = { policy: last ? policySummary(account, last.policyId) : null };
  }
  return out;
}

/** `Registration`. */
export function registrationView(
  account: AccountRec,
  r: RegistrationRec,
  includePolicy: boolean,
): Json {
  const device: Json = { id: r.device.id, name: r.device.name };
  put(device, "client_version", r.device.clientVersion);
  const out: Json = {
    id: r.id,
    created_at: isoTime(r.createdAt),
    updated_at: isoTime(r.updatedAt),
    last_seen_at: isoTime(r.lastSeenAt),
    key: r.key,
    registration_type: registrationType(r.id),
    key_type: r.keyType,
    tunnel_type: r.tunnelType,
    virtual_ipv4: r.virtualIpv4,
    virtual_ipv6: r.virtualIpv6,
    deleted_at: iso(r.deletedAt),
    revoked_at: iso(r.revokedAt),
    device,
  };
  if (r.user) out.user = user(r.user);
  if (includePolicy) put(out, "policy", policySummary(account, r.policyId));
  return out;
}

/** Fields shared by the two legacy device shapes: a registration joined with its device. */
function legacyBase(r: RegistrationRec): Json {
  const d = r.device;
  const out: Json = {
    id: r.id,
    name: d.name,
    device_type: d.deviceType,
    created: isoTime(r.createdAt),
    updated: isoTime(r.updatedAt),
    last_seen: isoTime(r.lastSeenAt),
    deleted: r.deletedAt !== null,
    key: r.key,
  };
  put(out, "ip", d.publicIp);
  put(out, "mac_address", d.macAddress);
  put(out, "model", d.model);
  put(out, "os_version", d.osVersion);
  put(out, "serial_number", d.serialNumber);
  put(out, "version", d.clientVersion);
  if (r.user) out.user = user(r.user);
  return out;
}

/** `Device`: an item of the legacy device list. */
export function legacyDeviceView(r: RegistrationRec): Json {
  const d = r.device;
  const out = legacyBase(r);
  put(out, "manufacturer", d.manufacturer);
  put(out, "os_distro_name", d.osDistroName);
  put(out, "os_distro_revision", d.osDistroRevision);
  put(out, "os_version_extra", d.osVersionExtra);
  put(out, "revoked_at", iso(r.revokedAt));
  return out;
}

/** `DeviceDetails`: the legacy single-device shape, with the enrolled account. */
export function legacyDeviceDetailsView(account: AccountRec, r: RegistrationRec): Json {
  const out = legacyBase(r);
  out.account = { id: account.id, account_type: "standard", name: account.name };
  out.gateway_device_id = `PD${r.id.replaceAll("-", "").toUpperCase().slice(0, 24)}`;
  put(out, "key_type", r.keyType);
  put(out, "tunnel_type", r.tunnelType);
  return out;
}

/** `DeviceSettingsProfile` or, for the default profile, `DefaultDeviceSettingsProfile`. */
export function profileView(p: ProfileRec): Json {
  // The fields the API computes; the rest are the stored writable settings. Which fields a
  // response has, and in which order, comes from the spec's schema.
  const computed: Json = {
    policy_id: p.policyId,
    default: p.isDefault || p.settings.default === true,
    exclude: p.exclude,
    include: p.include,
    fallback_domains: p.fallbackDomains,
    gateway_unique_id: p.gatewayUniqueId,
    target_tests: p.targetTests,
  };
  const out: Json = {};
  for (const field of p.isDefault ? DEFAULT_PROFILE_FIELDS : PROFILE_FIELDS) {
    const value = field in computed ? computed[field] : p.settings[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

const PROFILE_FIELDS = schemaFields.DeviceSettingsProfile ?? [];
const DEFAULT_PROFILE_FIELDS = schemaFields.DefaultDeviceSettingsProfile ?? [];
