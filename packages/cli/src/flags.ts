/**
 * Every flag is declared here once, typed, with its description, so help text and completion
 * are generated from the same table that parses the command line.
 */
import type { QueryParamManifest } from "@cf-devices/types";
import { describeBounds } from "./bounds.js";

export interface FlagDef {
  type: "string" | "boolean";
  description: string;
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `ID`. */
  value?: string;
  /** Allowed values, checked before anything is sent. */
  choices?: readonly string[];
  /** Environment variable that supplies the default. */
  env?: string;
  /** A query parameter this flag fills. */
  query?: string;
}

export const globalFlags = {
  "account-id": {
    type: "string",
    value: "ID",
    env: "CLOUDFLARE_ACCOUNT_ID",
    description: "Account to act on (default: $CLOUDFLARE_ACCOUNT_ID)",
  },
  "zone-id": {
    type: "string",
    value: "ID",
    env: "CLOUDFLARE_ZONE_ID",
    description: "Zone to act on, for certificate commands (default: $CLOUDFLARE_ZONE_ID)",
  },
  json: { type: "boolean", description: "Print the result as JSON" },
  ndjson: { type: "boolean", description: "Print one JSON object per line" },
  fields: {
    type: "string",
    value: "a,b.c",
    description: "Only these fields (dot paths), in tables and JSON",
  },
  yes: { type: "boolean", short: "y", description: "Do not ask for confirmation" },
  "dry-run": { type: "boolean", description: "Print the request that would be sent; send nothing" },
  mock: {
    type: "boolean",
    description: "Run against an embedded mock of the API, with state kept between commands",
  },
  "mock-state": {
    type: "string",
    value: "FILE",
    env: "CF_DEVICES_MOCK_STATE",
    description:
      "State file for --mock (default: ~/.cache/cf-devices/mock-state.db; none: keep no state)",
  },
  verbose: { type: "boolean", short: "v", description: "Log requests and retries on stderr" },
  help: { type: "boolean", short: "h", description: "Show help" },
  version: { type: "boolean", description: "Print the version" },
} as const satisfies Record<string, FlagDef>;

export type GlobalFlagName = keyof typeof globalFlags;

/** The flag that fills a query parameter: `last_seen_user.email` → `last-seen-user-email`. */
export function queryFlagName(param: string): string {
  return param.replaceAll(/[._]/g, "-");
}

/** Flags for an operation's query parameters, derived from the manifest. */
export function queryFlags(
  params: readonly QueryParamManifest[],
  skip: readonly string[] = [],
): Record<string, FlagDef> {
  const out: Record<string, FlagDef> = {};
  for (const q of params) {
    if (skip.includes(q.name)) continue;
    // The first sentence of the spec's description, without its full stop ("…; one of: …").
    const first = q.description?.split(/(?<=\.)\s/)[0]?.replace(/\.$/, "");
    const parts = [first ?? `Query parameter ${q.name}`];
    if (q.enum) parts.push(`one of: ${q.enum.join(", ")}`);
    const bounds = describeBounds(q);
    if (bounds) parts.push(bounds);
    if (q.default !== undefined) parts.push(`default ${q.default}`);
    if (q.array) parts.push("repeatable");
    out[queryFlagName(q.name)] = {
      type: "string",
      multiple: q.array,
      value: q.type === "string" ? "VALUE" : q.type.toUpperCase(),
      ...(q.enum ? { choices: q.enum } : {}),
      query: q.name,
      description: parts.join("; "),
    };
  }
  return out;
}
