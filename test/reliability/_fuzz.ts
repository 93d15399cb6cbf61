/**
 * Property-based fuzzing of the mock, shared by `fuzz.test.ts` (a few hundred cases in
 * `pnpm test`) and `scripts/fuzz-mock.ts` (the long run).
 *
 * Every case picks an operation of the spec, builds a valid request from the spec's parameter
 * and body schemas, then breaks it in at most one way (wrong type, missing required field,
 * oversize string, bad enum, bad JSON, huge body, unknown query keys, odd ids, extra property,
 * wrong method, missing credentials, an injected fault). It is sent to one mock, either over
 * the standalone server's socket or in-process, and checked:
 *
 * - no 5xx unless a fault was injected, no hang (every request has a deadline), no crash;
 * - the answer matches the operation's 200 schema or the failure envelope (Ajv 2020);
 * - a request the spec rejects is not answered with 200; an oversize body gets 413;
 * - a request that is not a successful write leaves the data exactly as it was;
 * - the state stays valid: the snapshot restores into a fresh mock, which answers the listings
 *   exactly as the live one; `active_registrations` matches the registrations; custom profile
 *   precedences are unique; every posture rule's `connection_id` names an integration it holds;
 * - no field the spec marks `writeOnly` (integration credentials) is in a snapshot or, unredacted,
 *   in the request log.
 *
 * The mock is seeded and its clock is fake, so a run is reproducible from its seed.
 */
import type { Mock, MockOptions } from "@cf-devices/mock";
import fc from "fast-check";
import { badJsonTexts, otherType, valueArb, weirdIds, weirdKeys } from "./_arbitraries.ts";
import {
  conformance,
  deref,
  matchOperation,
  type OperationSpec,
  operations,
  type ParamSpec,
  type Schema,
  spec,
  validatorForSchema,
} from "./_spec.ts";

/** What the runner needs from `@cf-devices/mock` (sources under vitest, dist in the script). */
export interface FuzzDeps {
  createMock(options?: MockOptions): Mock;
  serve(
    options: MockOptions & { port?: number; faultsFromEnv?: boolean; maxBodyBytes?: number },
  ): Promise<{ url: string; origin: string; mock: Mock; close(): Promise<void> }>;
}

export interface FuzzOptions {
  runs: number;
  seed?: number;
  /** Physical devices of the seeded mock. */
  devices?: number;
  /** Go back to the seeded data every this many cases (deletes would empty it otherwise). */
  resetEvery?: number;
  /** Largest body the server accepts (bytes). */
  maxBodyBytes?: number;
  /** Called every `progressEvery` cases. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export interface FuzzFailure {
  case: number;
  operationId: string;
  mutation: string;
  via: string;
  request: string;
  status: number;
  problems: string[];
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  durationMs: number;
  byStatus: Record<string, number>;
  byMutation: Record<string, number>;
  byVia: Record<string, number>;
  operationsCovered: number;
  failures: FuzzFailure[];
}

const MUTATIONS = [
  "none",
  "wrong-type",
  "missing-required",
  "oversize-string",
  "bad-enum",
  "bad-format",
  "out-of-range",
  "bad-json",
  "huge-body",
  "unknown-query",
  "weird-id",
  "extra-property",
  "wrong-method",
  "no-auth",
  "injected-fault",
] as const;
type MutationKind = (typeof MUTATIONS)[number];

interface Plan {
  op: OperationSpec;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  hasBody: boolean;
  mutation: MutationKind;
  via: "http" | "in-process";
  picks: number[];
  text: string;
  junk: unknown;
}

/** The ways a request of `op` can be broken (decided from its spec). */
function applicable(op: OperationSpec): MutationKind[] {
  const query = op.params.filter((p) => p.in === "query").map((p) => itemSchema(p.schema));
  const types = new Set(query.map((s) => s.type));
  const kinds: MutationKind[] = ["unknown-query", "weird-id", "no-auth"];
  if (op.body || types.has("integer") || types.has("number") || types.has("boolean"))
    kinds.push("wrong-type");
  if (op.body || op.params.some((p) => p.in === "query" && p.required))
    kinds.push("missing-required");
  if (op.body || types.has("string")) kinds.push("oversize-string");
  if (query.some((s) => Array.isArray(s.enum))) kinds.push("bad-enum");
  if (query.some((s) => s.format)) kinds.push("bad-format");
  if (types.has("integer") || types.has("number")) kinds.push("out-of-range");
  if (op.method !== "GET") kinds.push("bad-json", "huge-body");
  if (op.body) kinds.push("extra-property");
  if (operations.filter((o) => o.path === op.path).length < 5) kinds.push("wrong-method");
  return kinds;
}

function itemSchema(schema: Schema): Schema {
  const s = deref(schema);
  return s.type === "array" ? deref(s.items ?? {}) : s;
}

const opArb = (op: OperationSpec): fc.Arbitrary<Plan> => {
  const pathModel: Record<string, fc.Arbitrary<unknown>> = {};
  const queryModel: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.params) {
    // A path segment is never empty (the spec's path templates have no optional parts).
    if (p.in === "path") pathModel[p.name] = valueArb({ minLength: 1, ...p.schema });
    // A required list in the query needs an item: an empty list cannot be written as `id=…`.
    else if (p.required && deref(p.schema).type === "array")
      queryModel[p.name] = valueArb({ minItems: 1, ...deref(p.schema) });
    else queryModel[p.name] = valueArb(p.schema);
  }
  const required = op.params.filter((p) => p.in === "query" && p.required).map((p) => p.name);
  const bodySchema = op.body?.schema;
  const bodyValid = bodySchema ? validatorForSchema(bodySchema) : null;
  return fc.record({
    op: fc.constant(op),
    path: fc.record(pathModel),
    query: fc.record(queryModel, { requiredKeys: required }),
    body: bodySchema ? valueArb(bodySchema).filter((b) => bodyValid!(b)) : fc.constant(undefined),
    hasBody: op.body?.required ? fc.constant(true) : fc.boolean(),
    mutation: fc.oneof(
      { weight: 10, arbitrary: fc.constant<MutationKind>("none") },
      {
        weight: 12,
        // The kinds that only some operations allow are drawn more often where they apply.
        arbitrary: fc.oneof(
          ...applicable(op).map((kind) => ({
            weight: ["unknown-query", "weird-id", "no-auth", "wrong-method"].includes(kind) ? 1 : 3,
            arbitrary: fc.constant(kind),
          })),
        ),
      },
      { weight: 1, arbitrary: fc.constant<MutationKind>("injected-fault") },
    ),
    via: fc.constantFrom<"http" | "in-process">("http", "in-process"),
    picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    text: fc.string({ unit: "grapheme", maxLength: 12 }),
    junk: fc.jsonValue({ maxDepth: 2 }),
  });
};

/** Ids the mock holds right now, by kind; refreshed after resets and from answers. */
interface Pools {
  account: string;
  zone: string;
  devices: string[];
  registrations: string[];
  profiles: string[];
  users: string[];
  postureRules: string[];
  /** Posture integrations with their type (a rule refers to one of its own provider). */
  postureIntegrations: { id: string; type: string }[];
  networks: string[];
  ipProfiles: string[];
  deploymentGroups: string[];
}

/** The pool of each kind of object a schema's `x-refers-to` names. */
function poolForKind(kind: string, pools: Pools): string[] | null {
  switch (kind) {
    case "physical-device":
      return pools.devices;
    case "device-settings-profile":
      return pools.profiles;
    case "posture-integration":
      return pools.postureIntegrations.map((i) => i.id);
    default:
      return null;
  }
}

function poolFor(op: OperationSpec, name: string, pools: Pools): string[] | null {
  switch (name) {
    case "account_id":
      return [pools.account];
    case "zone_id":
      return [pools.zone];
    case "registration_id":
      return pools.registrations;
    case "policy_id":
    case "policy.id":
    case "last_seen_registration.policy":
      return pools.profiles;
    case "device.id":
      return pools.devices;
    case "user.id":
      return pools.users;
    case "rule_id":
      return pools.postureRules;
    case "integration_id":
    case "connection_id":
      return pools.postureIntegrations.map((i) => i.id);
    case "network_id":
      return pools.networks;
    case "profile_id":
      return pools.ipProfiles;
    case "group_id":
      return pools.deploymentGroups;
    case "device_id":
      return op.path.includes("physical-devices") ? pools.devices : pools.registrations;
    case "id":
      return op.path.includes("physical-devices") ? pools.devices : pools.registrations;
    default:
      return null;
  }
}

interface Built {
  method: string;
  /** Path relative to the API base, already encoded. */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** The body as a value, when it is JSON, for checking against the spec. */
  bodyValue: unknown;
  /** The spec says this request must not succeed. */
  mustFail: boolean;
  /** The answer must have exactly this status. */
  expectStatus: number | null;
  /** A fault header was sent: a 5xx is expected. */
  injected: boolean;
  /** What was actually done (a mutation that does not apply is reported as "none"). */
  mutation: MutationKind;
}

type Path = (string | number)[];

/** The path of every value inside a JSON value, root (`[]`) first. */
function slots(value: unknown): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path) => {
    out.push(path);
    if (Array.isArray(v)) v.forEach((item, i) => void walk(item, [...path, i]));
    else if (v && typeof v === "object")
      for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
  };
  walk(value, []);
  return out;
}

function getSlot(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], root);
}

/** Sets the value at `path` (in place) and returns the root, which is new when `path` is `[]`. */
function setSlot(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getSlot(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
  return root;
}

const encodeQueryValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const isUuid = (s: unknown) =>
  typeof s === "string" &&
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * `value` with every string whose schema has an `x-refers-to` replaced by `swap(kind, value)`,
 * following `$ref`, `allOf`, object properties and array items.
 */
function swapReferences(
  schema: Schema,
  value: unknown,
  swap: (kind: string, value: string) => string,
  depth = 0,
): unknown {
  const s = deref(schema);
  if (depth > 8) return value;
  if (typeof value === "string" && typeof s["x-refers-to"] === "string")
    return swap(s["x-refers-to"], value);
  if (Array.isArray(value))
    return s.items ? value.map((v) => swapReferences(s.items, v, swap, depth + 1)) : value;
  if (value === null || typeof value !== "object") return value;
  const properties: Record<string, Schema> = { ...s.properties };
  for (const part of (s.allOf ?? []) as Schema[]) Object.assign(properties, deref(part).properties);
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, v] of Object.entries(out)) {
    if (properties[name]) out[name] = swapReferences(properties[name], v, swap, depth + 1);
  }
  return out;
}

function build(plan: Plan, pools: Pools, token: string, maxBodyBytes: number): Built {
  const { op, picks } = plan;
  const pick = (i: number, n: number) => (n <= 0 ? 0 : picks[i % picks.length]! % n);
  const known = (name: string, fallback: unknown, i: number): unknown => {
    const pool = poolFor(op, name, pools);
    // account and zone are always the real ones; other ids are known ones two times in three.
    if (pool && pool.length > 0 && (name === "account_id" || name === "zone_id" || pick(i, 3) > 0))
      return pool[pick(i + 1, pool.length)];
    return fallback;
  };

  // Valid values, with ids swapped for ones the mock holds.
  const pathValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(plan.path))
    pathValues[name] = String(known(name, value, name.length));
  const query: Record<string, unknown> = structuredClone(plan.query);
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) query[name] = value.map((v, i) => known(name, v, i));
    else query[name] = known(name, value, name.length + 3);
  }
  let bodyValue: unknown = plan.hasBody ? structuredClone(plan.body) : undefined;
  if (Array.isArray(bodyValue) && bodyValue.every(isUuid) && pools.registrations.length > 0) {
    bodyValue = bodyValue.map((v, i) =>
      pick(i, 3) > 0 ? pools.registrations[pick(i + 2, pools.registrations.length)] : v,
    );
  }
  // Body fields that name another object (`x-refers-to`) hold a known id two times in three.
  if (op.body && bodyValue !== undefined) {
    let n = 0;
    bodyValue = swapReferences(op.body.schema, bodyValue, (kind, value) => {
      const pool = poolForKind(kind, pools);
      n++;
      return pool && pool.length > 0 && pick(n, 3) > 0 ? pool[pick(n + 1, pool.length)]! : value;
    });
  }

  // A posture rule names an integration the mock holds, of the rule's provider, two times in three.
  const input = (bodyValue as { type?: unknown; input?: Record<string, unknown> } | undefined)
    ?.input;
  if (input && typeof input.connection_id === "string" && pick(5, 3) > 0) {
    const type = (bodyValue as { type?: unknown }).type;
    const same = pools.postureIntegrations.filter((i) => i.type === type);
    const from = same.length > 0 ? same : pools.postureIntegrations;
    if (from.length > 0) input.connection_id = from[pick(6, from.length)]!.id;
  }

  let method = op.method;
  let mutation: MutationKind = plan.mutation;
  let mustFail = false;
  let expectStatus: number | null = null;
  let injected = false;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let bodyText: string | Uint8Array | undefined;
  const extraQuery: [string, string][] = [];
  const bodySchema = op.body?.schema;
  const bodyInvalid = (v: unknown) => (bodySchema ? !validatorForSchema(bodySchema)(v) : false);
  const queryParams = op.params.filter((p) => p.in === "query");
  const paramSchema = (p: ParamSpec) => itemSchema(p.schema);

  const notApplicable = () => {
    mutation = "none";
  };

  switch (plan.mutation) {
    case "none":
      break;
    case "wrong-type": {
      const numeric = queryParams.filter((p) =>
        ["integer", "number", "boolean"].includes(paramSchema(p).type),
      );
      if (bodyValue !== undefined && (numeric.length === 0 || pick(0, 2) === 0)) {
        const all = slots(bodyValue);
        const slot = all[pick(1, all.length)]!;
        bodyValue = setSlot(bodyValue, slot, otherType(getSlot(bodyValue, slot), pick(2, 7)));
        mustFail = bodyInvalid(bodyValue);
      } else if (numeric.length > 0) {
        const p = numeric[pick(1, numeric.length)]!;
        query[p.name] = ["maybe", "ten", "1,2", "[]", "{}", "0x10", "", "NaN"][pick(2, 8)];
        mustFail = true;
      } else notApplicable();
      break;
    }
    case "missing-required": {
      const requiredQuery = queryParams.filter((p) => p.required && p.name in query);
      if (requiredQuery.length > 0 && (bodyValue === undefined || pick(0, 2) === 0)) {
        delete query[requiredQuery[pick(1, requiredQuery.length)]!.name];
        mustFail = true;
        break;
      }
      if (bodyValue === undefined) {
        notApplicable();
        break;
      }
      if (op.body?.required && pick(2, 4) === 0) {
        bodyValue = undefined;
        mustFail = true;
        break;
      }
      // Drop a key whose absence makes the body invalid.
      const removals: (() => unknown)[] = [];
      for (const slot of slots(bodyValue)) {
        const container = getSlot(bodyValue, slot);
        if (!container || typeof container !== "object" || Array.isArray(container)) continue;
        for (const key of Object.keys(container)) {
          const copy = structuredClone(bodyValue);
          const target = getSlot(copy, slot) as Record<string, unknown>;
          delete target[key];
          if (bodyInvalid(copy)) removals.push(() => copy);
        }
      }
      if (removals.length === 0) notApplicable();
      else {
        bodyValue = removals[pick(3, removals.length)]!();
        mustFail = true;
      }
      break;
    }
    case "oversize-string": {
      const long = (n: number) => "é💥x".repeat(Math.ceil(n / 3)).slice(0, n);
      const strings = bodyValue === undefined ? [] : slots(bodyValue);
      const stringSlots = strings.filter((s) => typeof getSlot(bodyValue, s) === "string");
      if (stringSlots.length > 0 && pick(0, 3) > 0) {
        const slot = stringSlots[pick(1, stringSlots.length)]!;
        bodyValue = setSlot(bodyValue, slot, long([101, 501, 5_000, 100_000][pick(2, 4)]!));
        mustFail = bodyInvalid(bodyValue);
      } else {
        const stringParams = queryParams.filter((p) => paramSchema(p).type === "string");
        if (stringParams.length === 0) {
          notApplicable();
          break;
        }
        const p = stringParams[pick(1, stringParams.length)]!;
        const s = paramSchema(p);
        query[p.name] = long([37, 1_000, 6_000][pick(2, 3)]!);
        mustFail = s.maxLength !== undefined || s.enum !== undefined || s.format === "uuid";
      }
      break;
    }
    case "bad-enum": {
      const enums = queryParams.filter((p) => Array.isArray(paramSchema(p).enum));
      if (enums.length === 0) {
        notApplicable();
        break;
      }
      const p = enums[pick(0, enums.length)]!;
      const wrong = [plan.text, "ASC", "all ", "", "only,include", "\u0000"].filter(
        (v) => !paramSchema(p).enum.includes(v),
      );
      query[p.name] = wrong[pick(1, wrong.length)];
      mustFail = true;
      break;
    }
    case "bad-format": {
      const formatted = queryParams.filter((p) => paramSchema(p).format);
      if (formatted.length === 0) {
        notApplicable();
        break;
      }
      const p = formatted[pick(0, formatted.length)]!;
      const bad = ["yesterday", "2024-13-45T99:99:99Z", "not-a-uuid", "1234", "🙂"][pick(1, 5)];
      query[p.name] = paramSchema(p).type === "array" ? [bad] : bad;
      mustFail = true;
      break;
    }
    case "out-of-range": {
      const numbers = queryParams.filter((p) =>
        ["integer", "number"].includes(paramSchema(p).type),
      );
      if (numbers.length === 0) {
        notApplicable();
        break;
      }
      const p = numbers[pick(0, numbers.length)]!;
      const s = paramSchema(p);
      const candidates = [
        s.minimum !== undefined ? s.minimum - 1 : null,
        s.maximum !== undefined ? s.maximum + 1 : null,
        s.type === "integer" ? 1.5 : null,
        "1e400",
        "-0",
        "9007199254740993",
      ].filter((c) => c !== null);
      const value = candidates[pick(1, candidates.length)]!;
      query[p.name] = value;
      const n = Number(value);
      mustFail =
        !Number.isFinite(n) ||
        (s.minimum !== undefined && n < s.minimum) ||
        (s.maximum !== undefined && n > s.maximum) ||
        (s.type === "integer" && !Number.isInteger(n));
      break;
    }
    case "bad-json": {
      const valid = JSON.stringify(bodyValue ?? {});
      const variants: (string | Uint8Array)[] = [
        valid.slice(0, Math.max(1, pick(0, valid.length))),
        `${valid}${badJsonTexts[pick(1, badJsonTexts.length)]}`,
        badJsonTexts[pick(2, badJsonTexts.length)]!,
        new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // {"\xff\xfe":1}
      ];
      bodyText = variants[pick(3, variants.length)]!;
      bodyValue = undefined;
      // Invalid UTF-8 decodes to U+FFFD, which is valid JSON; whether that passes is up to the spec.
      // A byte order mark is dropped by Request.text() in-process, so that one may pass too.
      mustFail = op.body !== null && typeof bodyText === "string" && !bodyText.startsWith("\uFEFF");
      break;
    }
    case "huge-body": {
      if (method === "GET") {
        notApplicable();
        break;
      }
      const size = maxBodyBytes + 1 + pick(0, 256 * 1024);
      const entries = Math.ceil(size / 24);
      bodyText =
        pick(1, 2) === 0
          ? JSON.stringify({ name: "x".repeat(size) })
          : JSON.stringify(
              Array.from({ length: entries }, (_, i) => ({
                address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`,
              })),
            );
      bodyValue = undefined;
      // The cap applies over the socket; in-process there is no transport limit.
      expectStatus = plan.via === "http" ? 413 : null;
      break;
    }
    case "unknown-query": {
      const n = 1 + pick(0, 4);
      for (let i = 0; i < n; i++) {
        extraQuery.push([
          weirdKeys[pick(i + 1, weirdKeys.length)] ?? plan.text,
          encodeQueryValue(i === 0 ? plan.junk : plan.text),
        ]);
      }
      break;
    }
    case "weird-id": {
      const names = Object.keys(pathValues);
      if (names.length === 0) {
        notApplicable();
        break;
      }
      const name = names[pick(0, names.length)]!;
      pathValues[name] =
        `\0raw${pick(1, 3) === 0 ? plan.text : weirdIds[pick(2, weirdIds.length)]}`;
      mustFail = true;
      break;
    }
    case "extra-property": {
      if (!bodyValue || typeof bodyValue !== "object" || Array.isArray(bodyValue)) {
        if (Array.isArray(bodyValue) && bodyValue.length > 0 && typeof bodyValue[0] === "object") {
          (bodyValue[0] as Record<string, unknown>)[plan.text || "extra"] = plan.junk;
          mustFail = bodyInvalid(bodyValue);
          break;
        }
        notApplicable();
        break;
      }
      const key = [plan.text, "__proto__", "constructor", "policy_id", "default"][pick(0, 5)]!;
      // JSON.parse makes "__proto__" an own key, as a request body would; build the text by hand.
      const text = JSON.stringify(bodyValue);
      bodyText =
        text === "{}"
          ? `{${JSON.stringify(key)}:${JSON.stringify(plan.junk)}}`
          : `{${JSON.stringify(key)}:${JSON.stringify(plan.junk)},${text.slice(1)}`;
      mustFail = bodyInvalid(JSON.parse(bodyText));
      bodyValue = undefined;
      break;
    }
    case "wrong-method": {
      const sameShape = operations.filter((o) => o.path === op.path).map((o) => o.method);
      const others = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter(
        (m) => !sameShape.includes(m),
      );
      if (others.length === 0) {
        notApplicable();
        break;
      }
      method = others[pick(0, others.length)]!;
      expectStatus = 405;
      break;
    }
    case "no-auth": {
      const variants = [null, "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer"];
      const v = variants[pick(0, variants.length)];
      if (v === null) delete headers.authorization;
      else headers.authorization = v!;
      expectStatus = 401;
      break;
    }
    case "injected-fault": {
      const status = [500, 502, 503, 429, 408][pick(0, 5)]!;
      headers["x-mock-fault"] = `status=${status}; retry-after=${pick(1, 3)}`;
      expectStatus = status;
      injected = status >= 500;
      break;
    }
  }

  if (bodyText === undefined && bodyValue !== undefined) bodyText = JSON.stringify(bodyValue);
  if (bodyText !== undefined) headers["content-type"] = "application/json";
  if (op.body?.required && bodyText === undefined && expectStatus === null) mustFail = true;

  const segments = op.path.split("/").map((segment) => {
    const m = /^\{(.+)\}$/.exec(segment);
    if (!m) return segment;
    const value = pathValues[m[1]!] ?? "";
    return value.startsWith("\0raw") ? value.slice(4) : encodeURIComponent(value);
  });
  const queryPairs: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      queryPairs.push([name, encodeQueryValue(v)]);
    }
  }
  queryPairs.push(...extraQuery);
  return {
    method,
    path: segments.join("/"),
    query: queryPairs,
    headers,
    body: bodyText,
    bodyValue,
    mustFail,
    expectStatus,
    injected,
    mutation,
  };
}

function describeRequest(b: Built): string {
  const qs = b.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  const body =
    b.body === undefined
      ? ""
      : typeof b.body === "string"
        ? ` body(${b.body.length})=${b.body.slice(0, 300)}`
        : ` body(bytes)=${[...b.body].map((x) => x.toString(16)).join(" ")}`;
  const fault = b.headers["x-mock-fault"] ? ` x-mock-fault: ${b.headers["x-mock-fault"]}` : "";
  const auth = b.headers.authorization === undefined ? " (no auth)" : "";
  return `${b.method} ${b.path}${qs.length ? `?${qs.join("&")}` : ""}${body}${fault}${auth}`.slice(
    0,
    1200,
  );
}

const json = async (res: Response) => JSON.parse(await res.text());

async function readPools(mock: Mock): Promise<Pools> {
  const auth = { authorization: `Bearer ${mock.credentials.apiToken}` };
  const base = `/client/v4/accounts/${mock.accountId}/devices`;
  /** The items of a list, or none when it cannot be read (an area not built yet, say). */
  const items = async <T>(path: string): Promise<T[]> => {
    const res = await mock.fetch(`${base}${path}`, { headers: auth });
    const body = res.status === 200 ? await json(res) : null;
    return Array.isArray(body?.result) ? body.result : [];
  };
  const devices = await json(
    await mock.fetch(`${base}/physical-devices?active_registrations=include&per_page=1000`, {
      headers: auth,
    }),
  );
  const regs = await json(
    await mock.fetch(`${base}/registrations?status=all&per_page=1000`, { headers: auth }),
  );
  const profiles = await json(await mock.fetch(`${base}/policies`, { headers: auth }));
  return {
    account: mock.accountId,
    zone: mock.zoneId,
    devices: devices.result.map((d: { id: string }) => d.id),
    registrations: regs.result.map((r: { id: string }) => r.id),
    profiles: profiles.result.map((p: { policy_id: string }) => p.policy_id),
    users: [
      ...new Set<string>(
        regs.result.map((r: { user?: { id?: string } }) => r.user?.id).filter(Boolean),
      ),
    ],
    postureRules: (await items<{ id: string }>("/posture")).map((r) => r.id),
    postureIntegrations: (await items<{ id: string; type: string }>("/posture/integration")).map(
      (i) => ({ id: i.id, type: i.type }),
    ),
    networks: (await items<{ network_id: string }>("/networks")).map((n) => n.network_id),
    ipProfiles: (await items<{ id: string }>("/ip-profiles?per_page=100")).map((p) => p.id),
    deploymentGroups: (await items<{ id: string }>("/deployment-groups?per_page=100")).map(
      (g) => g.id,
    ),
  };
}

/** The listings that must be the same on the live mock and on a mock restored from its snapshot. */
async function listings(mock: Mock): Promise<Record<string, unknown>> {
  const auth = { authorization: `Bearer ${mock.credentials.apiToken}` };
  const base = `/client/v4/accounts/${mock.accountId}/devices`;
  const get = async (path: string) =>
    (await json(await mock.fetch(path, { headers: auth }))).result;
  return {
    devices: await get(
      `${base}/physical-devices?active_registrations=include&per_page=1000&include=last_seen_registration.policy`,
    ),
    registrations: await get(`${base}/registrations?status=all&per_page=1000&include=policy`),
    legacy: await get(base),
    profiles: await get(`${base}/policies`),
    certificates: await get(`/client/v4/zones/${mock.zoneId}/devices/policy/certificates`),
    networks: await get(`${base}/networks`),
    settings: await get(`${base}/settings`),
    warpOverride: await get(`${base}/resilience/disconnect`),
    ipProfiles: await get(`${base}/ip-profiles?per_page=100`),
    deploymentGroups: await get(`${base}/deployment-groups?per_page=100`),
    postureRules: await get(`${base}/posture`),
    postureIntegrations: await get(`${base}/posture/integration`),
  };
}

/** Every property name the spec marks `writeOnly`. */
const writeOnlyNames = new Set<string>(
  Object.values<Schema>(spec.components.schemas).flatMap((schema) =>
    Object.entries<Schema>(schema.properties ?? {})
      .filter(([, property]) => property.writeOnly === true)
      .map(([name]) => name),
  ),
);

/** Where a write-only field holds a value other than the redaction marker, by path. */
function writeOnlyValues(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => writeOnlyValues(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) =>
    writeOnlyNames.has(key) && v !== "[redacted]"
      ? [`${path}.${key}`]
      : writeOnlyValues(v, `${path}.${key}`),
  );
}

/** Problems with the mock's state; empty when it is consistent. */
export async function checkState(mock: Mock, checker: Mock): Promise<string[]> {
  const problems: string[] = [];
  const snapshot = mock.snapshot();
  try {
    // Through JSON, as a state file would carry it.
    checker.restore(JSON.parse(JSON.stringify(snapshot)));
  } catch (error) {
    return [`snapshot does not restore: ${(error as Error).name}: ${(error as Error).message}`];
  }
  const live = await listings(mock);
  const restored = await listings(checker);
  for (const key of Object.keys(live)) {
    if (JSON.stringify(live[key]) !== JSON.stringify(restored[key]))
      problems.push(`${key} differ between the live mock and its restored snapshot`);
  }
  const devices = live.devices as { id: string; active_registrations: number }[];
  const registrations = live.registrations as {
    device: { id: string };
    revoked_at: string | null;
  }[];
  const active = new Map<string, number>();
  for (const r of registrations)
    if (r.revoked_at === null) active.set(r.device.id, (active.get(r.device.id) ?? 0) + 1);
  for (const d of devices) {
    if (d.active_registrations !== (active.get(d.id) ?? 0))
      problems.push(
        `device ${d.id}: active_registrations ${d.active_registrations}, but ${active.get(d.id) ?? 0} active registrations`,
      );
  }
  const profiles = live.profiles as { default?: boolean; precedence?: number }[];
  const precedences = profiles.filter((p) => !p.default).map((p) => p.precedence);
  if (new Set(precedences).size !== precedences.length)
    problems.push(`custom profile precedences are not unique: ${precedences.join(", ")}`);
  const integrationIds = new Set(
    (live.postureIntegrations as { id: string }[] | null)?.map((i) => i.id),
  );
  for (const rule of (live.postureRules as
    | { id: string; input?: { connection_id?: string } }[]
    | null) ?? []) {
    const id = rule.input?.connection_id;
    if (id !== undefined && !integrationIds.has(id))
      problems.push(`posture rule ${rule.id} names integration ${id}, which does not exist`);
  }
  for (const where of writeOnlyValues(snapshot, "snapshot"))
    problems.push(`a write-only field is in the snapshot at ${where}`);
  for (const where of writeOnlyValues(mock.requests, "requests"))
    problems.push(`a write-only field is unredacted in the request log at ${where}`);
  return problems;
}

/**
 * Runs the fuzzer: `runs` cases against one mock served on a loopback port (half of the cases go
 * over the socket, half in-process to the same mock).
 */
export async function runFuzz(deps: FuzzDeps, options: FuzzOptions): Promise<FuzzSummary> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
  const resetEvery = options.resetEvery ?? 1000;
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const mockOptions: MockOptions = {
    seed: 7,
    devices: options.devices ?? 40,
    now: () => (clock += 1000),
    requestLogLimit: 50,
  };
  const server = await deps.serve({
    ...mockOptions,
    port: 0,
    faultsFromEnv: false,
    maxBodyBytes,
  });
  const { mock } = server;
  const checker = deps.createMock({ ...mockOptions, devices: 0 });
  const token = mock.credentials.apiToken;
  let pools = await readPools(mock);

  const summary: FuzzSummary = {
    seed,
    cases: 0,
    durationMs: 0,
    byStatus: {},
    byMutation: {},
    byVia: {},
    operationsCovered: 0,
    failures: [],
  };
  const covered = new Set<string>();
  const started = performance.now();
  const arb = fc.oneof(...operations.map(opArb));
  // The first cases visit every operation once, in a seeded order, so every run covers the whole
  // spec; the rest pick operations at random.
  const firstVisits = operations.map(
    (op, i) => fc.sample(opArb(op), { seed: seed + i, numRuns: 1 })[0]!,
  );

  const property = fc.asyncProperty(arb, async (generated) => {
    const n = summary.cases++;
    const plan = n < firstVisits.length ? firstVisits[n]! : generated;
    if (n > 0 && n % resetEvery === 0) {
      mock.reset();
      pools = await readPools(mock);
    }
    const b = build(plan, pools, token, maxBodyBytes);
    const problems: string[] = [];
    const before = JSON.stringify(mock.snapshot());
    const base = plan.via === "http" ? server.url : "/client/v4";
    const qs = b.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    const url = `${base}${b.path}${qs.length ? `?${qs.join("&")}` : ""}`;
    const init: RequestInit = {
      method: b.method,
      headers: b.headers,
      signal: AbortSignal.timeout(15_000),
    };
    if (b.body !== undefined && b.method !== "GET") init.body = b.body as BodyInit;
    // URL parsing resolves dot segments ("..", "%2e%2e"), so a request may reach another route.
    const sentPath = new URL(url, "http://x").pathname.replace(/^\/client\/v4/, "");
    const reached = matchOperation(b.method, sentPath);
    const rerouted = reached !== plan.op && b.method === plan.op.method;
    let status = 0;
    let body: unknown;
    try {
      const res = plan.via === "http" ? await fetch(url, init) : await mock.fetch(url, init);
      status = res.status;
      const text = await res.text();
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`body is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
      }
      if (status === 405 && !res.headers.get("allow")) problems.push("405 without Allow");
    } catch (error) {
      problems.push(`no answer: ${(error as Error).name}: ${(error as Error).message}`);
    }

    summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    summary.byMutation[b.mutation] = (summary.byMutation[b.mutation] ?? 0) + 1;
    summary.byVia[plan.via] = (summary.byVia[plan.via] ?? 0) + 1;
    covered.add(plan.op.operationId);

    if (status >= 500 && !b.injected) problems.push(`${status} without an injected fault`);
    if (b.expectStatus !== null && status !== b.expectStatus)
      problems.push(`expected ${b.expectStatus}, got ${status}`);
    if (b.mustFail && !rerouted && status === 200)
      problems.push("the spec rejects this request, but got 200");
    if (body !== undefined) {
      for (const p of conformance(reached, status, body)) problems.push(`response ${p}`);
    }
    const codes = ((body as { errors?: { code: number; message: string }[] })?.errors ?? []).map(
      (e) => `${e.code} ${e.message}`,
    );
    // The mock's validators come from the same spec: a request valid by the spec passes them.
    if (b.mutation === "none" && !rerouted && codes.some((c) => c.startsWith("2001 ")))
      problems.push(`valid by the spec, refused as invalid: ${codes.join("; ")}`);
    const wrote = status === 200 && b.method !== "GET";
    // Override codes are made on first read and then kept (derived from the ids and the seed).
    const makesCodes = status === 200 && /OverrideCodes$/.test(plan.op.operationId);
    if (!wrote && !makesCodes && JSON.stringify(mock.snapshot()) !== before)
      problems.push(
        `data changed although the answer was ${status}${b.method === "GET" ? " to a GET" : ""}`,
      );
    if (status === 200 && plan.op.operationId === "createDeviceSettingsProfile") {
      const id = (body as { result?: { policy_id?: string } })?.result?.policy_id;
      if (id) pools.profiles.push(id);
    }
    const createdIn: Record<string, [string[], string]> = {
      createManagedNetwork: [pools.networks, "network_id"],
      createIpProfile: [pools.ipProfiles, "id"],
      createDeploymentGroup: [pools.deploymentGroups, "id"],
    };
    const createdHere = status === 200 ? createdIn[plan.op.operationId] : undefined;
    if (createdHere) {
      const id = (body as { result?: Record<string, unknown> })?.result?.[createdHere[1]];
      if (typeof id === "string") createdHere[0].push(id);
    }
    const created = (body as { result?: { id?: string; type?: string } } | undefined)?.result;
    if (status === 200 && plan.op.operationId === "createPostureRule" && created?.id)
      pools.postureRules.push(created.id);
    if (status === 200 && plan.op.operationId === "createPostureIntegration" && created?.id)
      pools.postureIntegrations.push({ id: created.id, type: String(created.type) });
    if (wrote || n % 25 === 0) problems.push(...(await checkState(mock, checker)));
    if (wrote && /delete|revoke|updatePostureIntegration/i.test(plan.op.operationId))
      pools = await readPools(mock);
    // A huge body accepted in-process (no transport cap there) would make every later case slow.
    if (wrote && b.mutation === "huge-body") mock.restore(JSON.parse(before));

    if (problems.length > 0 && summary.failures.length < 50) {
      summary.failures.push({
        case: n,
        operationId: plan.op.operationId,
        mutation: b.mutation,
        via: plan.via,
        request: describeRequest(b),
        status,
        problems,
      });
    }
    if (options.onProgress && (n + 1) % (options.progressEvery ?? 1000) === 0)
      options.onProgress(n + 1);
  });

  try {
    await fc.assert(property, { numRuns: options.runs, seed, endOnFailure: true });
  } finally {
    await server.close();
  }
  summary.durationMs = Math.round(performance.now() - started);
  summary.operationsCovered = covered.size;
  return summary;
}

/** Operations of the spec (for coverage checks). */
export const operationCount = operations.length;
