/**
 * Entries of the editable lists: split tunnel routes (an address range or a host) and local
 * domain fallback suffixes.
 */
import { createRequire } from "node:module";
import { UsageError } from "../../errors.js";
import type { ListEditSpec } from "../registry.js";

// Through require: an ESM import of node:net reads all its exports, loading more than isIP.
const { isIP } = createRequire(import.meta.url)("node:net") as typeof import("node:net");

type Entry = Record<string, unknown>;

/** `10.0.0.0/8` and `2001:db8::/32` are ranges; a bare IP becomes a single-address range. */
function asCidr(value: string): string | undefined {
  const [ip, bits, ...extra] = value.split("/");
  if (extra.length > 0 || !ip) return undefined;
  const family = isIP(ip);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  if (bits === undefined) return `${ip}/${max}`;
  const n = Number(bits);
  if (!/^\d+$/.test(bits) || n > max) return undefined;
  return `${ip}/${n}`;
}

export function parseEntries(
  kind: ListEditSpec["kind"],
  values: string[],
  flags: Record<string, unknown>,
  command: string,
): Entry[] {
  const description = flags.description as string | undefined;
  if (description !== undefined && description.length > 100) {
    throw new UsageError(
      `--description is ${description.length} characters; at most 100 are allowed`,
      command,
    );
  }
  return values.map((value) => {
    const extra = description !== undefined ? { description } : {};
    if (kind === "fallback-domains") {
      const dns = flags["dns-server"] as string[] | undefined;
      return { suffix: value, ...extra, ...(dns?.length ? { dns_server: dns } : {}) };
    }
    const cidr = asCidr(value);
    if (cidr) return { address: cidr, ...extra };
    if (/[/\s]/.test(value) || value.length === 0) {
      throw new UsageError(`"${value}" is neither an IP range (CIDR) nor a host name`, command);
    }
    return { host: value, ...extra };
  });
}

/** What identifies an entry: its address, host or suffix. */
export function entryKey(kind: ListEditSpec["kind"], entry: Entry): string {
  if (kind === "fallback-domains") return String(entry.suffix);
  return String(entry.address ?? entry.host);
}

function describe(kind: ListEditSpec["kind"], entry: Entry): string {
  const extra = [
    entry.description ? `(${entry.description})` : "",
    Array.isArray(entry.dns_server) && entry.dns_server.length
      ? `dns: ${entry.dns_server.join(", ")}`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `${entryKey(kind, entry)}${extra ? ` ${extra}` : ""}`;
}

/** `+ entry` / `- entry` lines between two lists, by key. */
export function diffLines(kind: ListEditSpec["kind"], before: Entry[], after: Entry[]): string[] {
  const beforeKeys = new Set(before.map((e) => entryKey(kind, e)));
  const afterKeys = new Set(after.map((e) => entryKey(kind, e)));
  return [
    ...before.filter((e) => !afterKeys.has(entryKey(kind, e))).map((e) => `- ${describe(kind, e)}`),
    ...after.filter((e) => !beforeKeys.has(entryKey(kind, e))).map((e) => `+ ${describe(kind, e)}`),
  ];
}
