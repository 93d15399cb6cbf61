/**
 * Query strings: parsing (`id=a&id=b`, `+` as space, `name[]` as an alias of an array parameter)
 * and turning the raw strings into the JSON types the manifest declares, so that the generated
 * validators can check them. Values that do not convert are left as strings for the validator
 * to reject with a precise message.
 */
import type { QueryParamManifest } from "@cf-devices/types";

export type RawQuery = Map<string, string[]>;

function decode(text: string): string {
  const spaced = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Parses `a=1&b=2&b=3` (without the leading `?`). */
export function parseQuery(search: string): RawQuery {
  const out: RawQuery = new Map();
  if (!search) return out;
  for (const part of search.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : decode(part.slice(eq + 1));
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function coerce(value: string, type: QueryParamManifest["type"]): unknown {
  // A number too large for a double (`1e400`) stays text, for the validator to refuse: as
  // Infinity it would pass `type: integer` where the schema sets no maximum.
  if ((type === "integer" || type === "number") && NUMBER.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** The declared query parameters of an operation, typed; undeclared parameters are ignored. */
export function typedQuery(
  raw: RawQuery,
  params: readonly QueryParamManifest[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const param of params) {
    let values = param.array
      ? [...(raw.get(param.name) ?? []), ...(raw.get(`${param.name}[]`) ?? [])]
      : raw.get(param.name);
    for (const alias of param.aliases ?? []) {
      if (values && values.length > 0) break;
      values = raw.get(alias);
    }
    if (!values || values.length === 0) continue;
    out[param.name] = param.array
      ? values.map((v) => coerce(v, param.type))
      : coerce(values[0]!, param.type);
  }
  return out;
}

/**
 * Fills in every declared parameter the request left out that has a value to assume: the spec's
 * `default` (documented by the API) or its `x-mock-default` (the mock's choice where the API
 * documents none).
 */
export function withDefaults(
  query: Record<string, unknown>,
  params: readonly QueryParamManifest[],
): Record<string, unknown> {
  for (const param of params) {
    const value = param.default ?? param.mockDefault;
    if (value !== undefined && !(param.name in query)) query[param.name] = value;
  }
  return query;
}

/**
 * A copy of a parsed query for the request log, as a record without a prototype: any name the
 * client sent (`__proto__` included) is an ordinary key.
 */
export function queryRecord(raw: RawQuery): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, values] of raw) out[name] = values.length === 1 ? values[0]! : [...values];
  return out;
}
