/** Identifier and value formats drawn from a seeded random source. */
import type { RandomSource } from "./prng.js";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_CODES = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const DASH = 45;
/** Reused buffer for building UUIDs without intermediate strings. */
const UUID_CODES = new Array<number>(36).fill(DASH);
const UUID_SLOTS = [
  0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30,
  31, 32, 33, 34, 35,
];

function hex32(rng: RandomSource): string {
  const v = rng.u32();
  return HEX[v >>> 24]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!;
}

const HEX_UPPER_CODES = Uint8Array.from("0123456789ABCDEF", (c) => c.charCodeAt(0));

/** A random (version 4) UUID, lowercase unless `upper` (as hardware ids are written). */
export function uuid(rng: RandomSource, upper = false): string {
  const digits = upper ? HEX_UPPER_CODES : HEX_CODES;
  let slot = 0;
  for (let w = 0; w < 4; w++) {
    let v = rng.u32();
    for (let n = 0; n < 8; n++) {
      UUID_CODES[UUID_SLOTS[slot++]!] = digits[v & 15]!;
      v >>>= 4;
    }
  }
  UUID_CODES[14] = 52; // "4": version
  UUID_CODES[19] = digits[8 + (UUID_CODES[19]! & 3)]!; // 8, 9, a or b: variant
  return String.fromCharCode.apply(null, UUID_CODES);
}

/** A lowercase hex string of `chars` characters (a multiple of 8), like Cloudflare account ids. */
export function hexId(rng: RandomSource, chars = 32): string {
  let out = "";
  while (out.length < chars) out += hex32(rng);
  return out.slice(0, chars);
}

const B64 = Uint8Array.from(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  (c) => c.charCodeAt(0),
);

/** Standard base64 of `bytes` random bytes, like a WireGuard public key (32 bytes → 44 chars). */
export function base64Key(rng: RandomSource, bytes = 32): string {
  const data = new Uint8Array(bytes + 3);
  for (let i = 0; i < bytes; i += 4) {
    const v = rng.u32();
    data[i] = v >>> 24;
    data[i + 1] = (v >>> 16) & 255;
    data[i + 2] = (v >>> 8) & 255;
    data[i + 3] = v & 255;
  }
  const codes: number[] = [];
  for (let i = 0; i < bytes; i += 3) {
    const n =
      (data[i]! << 16) |
      ((i + 1 < bytes ? data[i + 1]! : 0) << 8) |
      (i + 2 < bytes ? data[i + 2]! : 0);
    codes.push(B64[n >>> 18]!, B64[(n >>> 12) & 63]!);
    codes.push(i + 1 < bytes ? B64[(n >>> 6) & 63]! : 61, i + 2 < bytes ? B64[n & 63]! : 61);
  }
  return String.fromCharCode.apply(null, codes);
}

/** A MAC address such as `3a:9f:12:c4:7b:e0` (locally administered, unicast). */
export function macAddress(rng: RandomSource): string {
  const v = rng.u32();
  const w = rng.u32();
  const first = ((v >>> 24) & 0xfc) | 0x02;
  return `${HEX[first]}:${HEX[(v >>> 16) & 255]}:${HEX[(v >>> 8) & 255]}:${HEX[v & 255]}:${HEX[(w >>> 8) & 255]}:${HEX[w & 255]}`;
}

/** A string of `length` characters drawn from `alphabet`. */
export function fromAlphabet(
  rng: RandomSource,
  alphabet: string,
  length: number,
  /** Put before the drawn characters, in the same (flat) string. */
  prefix = "",
): string {
  const codes = new Array<number>(prefix.length + length);
  for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
  for (let i = prefix.length; i < codes.length; i++)
    codes[i] = alphabet.charCodeAt(rng.int(alphabet.length));
  return String.fromCharCode.apply(null, codes);
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const DAY_MS = 86_400_000;
/** Years this formatter handles itself; others go through `Date`. */
const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * An RFC 3339 timestamp in UTC (`2025-06-18T16:39:57Z`), with milliseconds only when they are
 * not zero. Hand-rolled because responses format many timestamps and `toISOString` is slower.
 */
export function isoTime(ms: number): string {
  if (!(ms >= MIN_MS && ms <= MAX_MS) || !Number.isInteger(ms)) {
    const iso = new Date(ms).toISOString();
    return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
  }
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const time = `${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}`;
  const fraction = milli === 0 ? "" : `.${String(milli).padStart(3, "0")}`;
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${time}${fraction}Z`;
}
