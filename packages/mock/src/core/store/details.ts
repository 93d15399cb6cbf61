/**
 * Device and registration details that nothing filters or sorts on (hardware id, MAC address,
 * serial number, public IP, public key, tunnel addresses). The seed stores only a 32-bit seed per
 * record and these are generated from it on first read, which keeps seeding 100,000 devices fast
 * and light. The same seed always gives the same values.
 */
import { base64Key, fromAlphabet, macAddress, uuid } from "../ids.js";
import { hashString, mix32, SplitMix } from "../prng.js";
import { OFFICE_IPS } from "./catalog.js";

const UPPER_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

export interface DeviceDetails {
  hardwareId: string | null;
  macAddress: string | null;
  serialNumber: string | null;
  publicIp: string | null;
}

/** Details of a seeded device; phones and tablets have no hardware id or MAC address. */
export function deviceDetails(seed: number, deviceType: string): DeviceDetails {
  const rng = new SplitMix(mix32(seed ^ 0xde7a));
  const mobile = deviceType === "ios" || deviceType === "android";
  const apple = deviceType === "mac" || deviceType === "ios";
  return {
    hardwareId: mobile ? null : uuid(rng, true),
    macAddress: mobile ? null : macAddress(rng),
    serialNumber: fromAlphabet(rng, UPPER_ALNUM, apple ? 12 : 10),
    publicIp:
      rng.float() < 0.6
        ? OFFICE_IPS[rng.int(OFFICE_IPS.length)]!
        : `198.51.100.${1 + rng.int(254)}`,
  };
}

/** The public key of a seeded registration (32 bytes, base64, like a WireGuard key). */
export function registrationKey(seed: number): string {
  return base64Key(new SplitMix(mix32(seed ^ 0x6e7)));
}

/** The tunnel addresses of the n-th seeded registration of an account. */
export function virtualAddresses(n: number): { ipv4: string; ipv6: string } {
  return {
    ipv4: `100.${96 + ((n >>> 16) & 15)}.${(n >>> 8) & 255}.${n & 255}`,
    ipv6: `2606:4700:110:8${(n >>> 16).toString(16).padStart(3, "0")}::${(n & 0xffff).toString(16)}`,
  };
}

const SITES = ["lon", "nyc", "sfo", "sin", "fra"] as const;
const TIERS = ["standard", "privileged"] as const;

/**
 * Tags of a device (`key: value`), derived from its id so they survive a saved state without
 * being stored: most devices carry a `site`, some a `tier`, a few none at all.
 */
export function deviceTags(deviceId: string): Record<string, string> {
  const h = hashString(`tags:${deviceId}`);
  const tags: Record<string, string> = {};
  if (h % 10 < 8) tags.site = SITES[(h >>> 4) % SITES.length]!;
  if ((h >>> 8) % 4 === 0) tags.tier = TIERS[(h >>> 12) % TIERS.length]!;
  return tags;
}

/**
 * What enrolled a registration, derived from its id: about one in twelve is the browser
 * extension, the rest the WARP client.
 */
export function registrationType(registrationId: string): "warp" | "browser_extension" {
  return hashString(`type:${registrationId}`) % 12 === 0 ? "browser_extension" : "warp";
}
