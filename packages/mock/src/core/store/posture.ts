/**
 * Device posture rules and posture integrations: their records, their seed, and their part of a
 * snapshot. Both are plain JSON objects in per-account maps keyed by id, under their API field
 * names, so they can be stored as entities of their own.
 *
 * Integration credentials (the spec's `writeOnly` fields of each `config` shape, such as
 * `client_secret`) are never kept: the mock accepts them, checks them, and drops them, so no
 * response, snapshot or state file can carry one.
 */
import {
  schemaFields,
  schemaReferences,
  schemasByType,
  writeOnlyFields,
} from "../../generated/data.js";
import { hexId, uuid } from "../ids.js";
import { cloneJson } from "../json.js";
import { hashString, Rng } from "../prng.js";

/** A posture rule under its API field names (what `GET …/devices/posture/{rule_id}` returns, but `enabled`). */
export interface PostureRuleRec {
  id: string;
  name: string;
  type: string;
  description?: string;
  input?: Record<string, unknown>;
  match?: { platform?: string }[];
  schedule?: string;
  expiration?: string;
}

/** A posture integration without its credentials. */
export interface PostureIntegrationRec {
  id: string;
  name: string;
  type: string;
  interval: string;
  /** The non-secret fields of the config, as responses show them. */
  config: Record<string, unknown>;
}

/** The posture data of an account. */
export interface PostureMaps {
  /** Posture rules by id, in creation order. */
  postureRules: Map<string, PostureRuleRec>;
  /** Posture integrations by id, in creation order. */
  postureIntegrations: Map<string, PostureIntegrationRec>;
}

/** The union of a rule's `input` shapes and of an integration's `config` shapes. */
export const RULE_INPUT_UNION = "PostureRuleInput";
export const INTEGRATION_CONFIG_UNION = "PostureIntegrationConfigRequest";

/** The member schema a typed union uses for `type` (undefined: unknown type; null: no value). */
export function memberSchema(union: string, type: string): string | null | undefined {
  const members = schemasByType[union];
  return members && Object.hasOwn(members, type) ? members[type] : undefined;
}

/**
 * A copy of `value` with only the fields its member schema declares and none it marks
 * write-only: what the mock stores of a rule's input or an integration's config.
 */
export function storedValue(
  union: string,
  type: string,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const member = memberSchema(union, type);
  if (!member) return {};
  const secret = new Set(writeOnlyFields[member] ?? []);
  const out: Record<string, unknown> = {};
  for (const field of schemaFields[member] ?? []) {
    if (Object.hasOwn(value, field) && value[field] !== undefined && !secret.has(field)) {
      out[field] = cloneJson(value[field]);
    }
  }
  return out;
}

/** Every field name the spec marks write-only in any schema (what the request log redacts). */
export const WRITE_ONLY_NAMES: ReadonlySet<string> = new Set(Object.values(writeOnlyFields).flat());

/** The kind of object `x-refers-to` names for a posture integration. */
export const INTEGRATION_KIND = "posture-integration";

/** The input fields of a rule of `type` that name a posture integration (`connection_id`). */
export function integrationFields(type: string): string[] {
  const member = memberSchema(RULE_INPUT_UNION, type);
  const refs = member ? (schemaReferences[member] ?? {}) : {};
  return Object.keys(refs).filter((field) => refs[field] === INTEGRATION_KIND);
}

/** Rules whose input names the integration `id`. */
export function rulesUsing(maps: PostureMaps, id: string): PostureRuleRec[] {
  return [...maps.postureRules.values()].filter((rule) =>
    integrationFields(rule.type).some((field) => rule.input?.[field] === id),
  );
}

// ---------------------------------------------------------------- seed

interface IntegrationTemplate {
  key: string;
  name: string;
  type: string;
  interval: string;
  config: (rng: Rng) => Record<string, unknown>;
}

const INTEGRATIONS: readonly IntegrationTemplate[] = [
  {
    key: "crowdstrike",
    name: "CrowdStrike Falcon",
    type: "crowdstrike_s2s",
    interval: "10m",
    config: (rng) => ({
      api_url: "https://api.crowdstrike.com",
      client_id: hexId(rng),
      customer_id: hexId(rng).toUpperCase(),
    }),
  },
  {
    key: "intune",
    name: "Microsoft Intune",
    type: "intune",
    interval: "30m",
    config: (rng) => ({ client_id: uuid(rng), customer_id: uuid(rng) }),
  },
  {
    key: "kolide",
    name: "Kolide",
    type: "kolide",
    interval: "1h",
    config: (rng) => ({ client_id: hexId(rng, 24) }),
  },
  // Connected, but no rule checks it yet.
  {
    key: "tanium",
    name: "Tanium (staging)",
    type: "tanium_s2s",
    interval: "15m",
    config: (rng) => ({
      api_url: "https://tanium.corp.example.com/plugin/products/gateway/graphql",
      access_client_id: `${hexId(rng)}.access`,
    }),
  },
];

interface RuleTemplate {
  name: string;
  type: string;
  description?: string;
  match?: string[];
  schedule?: string;
  expiration?: string;
  /** The input; `integrations` maps template keys to the seeded integration ids. */
  input?: (rng: Rng, integrations: Record<string, string>) => Record<string, unknown>;
}

const RULES: readonly RuleTemplate[] = [
  {
    name: "WARP connected",
    type: "warp",
    description: "The device reaches Cloudflare through the WARP client.",
  },
  {
    name: "Gateway filtering",
    type: "gateway",
    description: "Traffic goes through Gateway with this account's policies.",
  },
  {
    name: "Disk encryption",
    type: "disk_encryption",
    match: ["mac", "windows"],
    schedule: "1h",
    input: () => ({ requireAll: true }),
  },
  {
    name: "Firewall on (Windows)",
    type: "firewall",
    match: ["windows"],
    input: () => ({ enabled: true, operating_system: "windows" }),
  },
  {
    name: "Windows 11 23H2 or newer",
    type: "os_version",
    match: ["windows"],
    schedule: "1h",
    input: () => ({ operating_system: "windows", operator: ">=", version: "10.0.22631" }),
  },
  {
    name: "Joined to corp.example.com",
    type: "domain_joined",
    match: ["windows"],
    input: () => ({ operating_system: "windows", domain: "corp.example.com" }),
  },
  {
    name: "Corporate device certificate",
    type: "client_certificate_v2",
    match: ["mac"],
    input: (rng) => ({
      certificate_id: uuid(rng),
      check_private_key: true,
      operating_system: "mac",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the API's own ${hostname} variable
      cn: "${hostname}.corp.example.com",
      extended_key_usage: ["clientAuth"],
      locations: { trust_stores: ["system"] },
    }),
  },
  {
    name: "Serial number in the asset inventory",
    type: "serial_number",
    input: (rng) => ({ id: uuid(rng) }),
  },
  {
    name: "CrowdStrike ZTA score 60 or more",
    type: "crowdstrike_s2s",
    match: ["windows", "mac"],
    expiration: "1h",
    input: (_rng, integrations) => ({
      connection_id: integrations.crowdstrike,
      overall: "60",
      operator: ">=",
      state: "online",
    }),
  },
  {
    name: "Intune compliant",
    type: "intune",
    match: ["windows", "ios", "android"],
    input: (_rng, integrations) => ({
      connection_id: integrations.intune,
      compliance_status: "compliant",
    }),
  },
  {
    name: "No blocking Kolide issues",
    type: "kolide",
    match: ["mac", "linux"],
    input: (_rng, integrations) => ({
      connection_id: integrations.kolide,
      auth_state: ["Good", "Notified"],
    }),
  },
];

/** Seeded posture data of account number `index`; its own random stream, so devices are unaffected. */
export function seedPosture(seed: number, index: number): PostureMaps {
  const rng = new Rng(seed, hashString(`posture:${index}`));
  const postureIntegrations = new Map<string, PostureIntegrationRec>();
  const ids: Record<string, string> = {};
  for (const t of INTEGRATIONS) {
    const integration: PostureIntegrationRec = {
      id: uuid(rng),
      name: t.name,
      type: t.type,
      interval: t.interval,
      config: t.config(rng),
    };
    ids[t.key] = integration.id;
    postureIntegrations.set(integration.id, integration);
  }
  const postureRules = new Map<string, PostureRuleRec>();
  for (const t of RULES) {
    const rule: PostureRuleRec = { id: uuid(rng), name: t.name, type: t.type };
    if (t.description !== undefined) rule.description = t.description;
    if (t.input) rule.input = t.input(rng, ids);
    if (t.match) rule.match = t.match.map((platform) => ({ platform }));
    rule.schedule = t.schedule ?? "5m";
    if (t.expiration !== undefined) rule.expiration = t.expiration;
    postureRules.set(rule.id, rule);
  }
  return { postureRules, postureIntegrations };
}

// ---------------------------------------------------------------- snapshot

/** The posture part of an account in a snapshot. */
export interface StatePosture {
  posture_rules?: PostureRuleRec[];
  posture_integrations?: PostureIntegrationRec[];
}

/** Copies an account's posture data for a snapshot; integration configs hold no credentials. */
export function encodePosture(maps: PostureMaps): Required<StatePosture> {
  return {
    posture_rules: [...maps.postureRules.values()].map((rule) => cloneJson(rule)),
    posture_integrations: [...maps.postureIntegrations.values()].map((integration) => ({
      ...cloneJson(integration),
      config: withoutSecrets(integration.type, integration.config),
    })),
  };
}

/** A config without the fields the spec marks write-only (for any integration type). */
function withoutSecrets(type: string, config: Record<string, unknown>): Record<string, unknown> {
  const member = memberSchema(INTEGRATION_CONFIG_UNION, type);
  const secret = new Set(member ? (writeOnlyFields[member] ?? []) : WRITE_ONLY_NAMES);
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(config)) {
    if (!secret.has(field) && !WRITE_ONLY_NAMES.has(field)) out[field] = cloneJson(value);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Rebuilds an account's posture data from a snapshot. A snapshot written before posture data
 * existed has none, and gives empty maps. `fail` throws the state error with a message.
 */
export function decodePosture(
  value: Record<string, unknown>,
  where: string,
  fail: (message: string) => never,
): PostureMaps {
  const list = (key: keyof StatePosture): Record<string, unknown>[] => {
    const items = value[key];
    if (items === undefined) return [];
    if (!Array.isArray(items)) fail(`${where}.${key}: expected an array`);
    return items.map((item, i) => {
      const at = `${where}.${key}[${i}]`;
      if (!isObject(item)) fail(`${at}: expected an object`);
      for (const field of ["id", "name", "type"]) {
        if (typeof item[field] !== "string") fail(`${at}.${field}: expected a string`);
      }
      return item;
    });
  };
  const postureRules = new Map<string, PostureRuleRec>();
  for (const [i, item] of list("posture_rules").entries()) {
    if (item.input !== undefined && !isObject(item.input)) {
      fail(`${where}.posture_rules[${i}].input: expected an object`);
    }
    if (item.match !== undefined && !Array.isArray(item.match)) {
      fail(`${where}.posture_rules[${i}].match: expected an array`);
    }
    const rule = cloneJson(item) as unknown as PostureRuleRec;
    postureRules.set(rule.id, rule);
  }
  const postureIntegrations = new Map<string, PostureIntegrationRec>();
  for (const [i, item] of list("posture_integrations").entries()) {
    const at = `${where}.posture_integrations[${i}]`;
    if (typeof item.interval !== "string") fail(`${at}.interval: expected a string`);
    if (!isObject(item.config)) fail(`${at}.config: expected an object`);
    const type = item.type as string;
    postureIntegrations.set(item.id as string, {
      id: item.id as string,
      name: item.name as string,
      type,
      interval: item.interval,
      // A hand-written state file may hold credentials; they are dropped, never kept.
      config: withoutSecrets(type, item.config),
    });
  }
  return { postureRules, postureIntegrations };
}
