/**
 * fast-check arbitraries derived from JSON Schemas of the spec: valid values for any parameter or
 * body schema, following `$ref`, `allOf`, `oneOf`/`anyOf`, `enum`, `const`, formats, lengths and
 * ranges. `not` is honoured by filtering with Ajv, and a union chosen by a sibling `type`
 * (`x-schema-by-type`) by drawing the type first. Nothing here knows about a particular operation.
 */
import fc from "fast-check";
import { deref, type Schema, validatorForSchema } from "./_spec.ts";

const MAX_STRING = 24;
const MAX_ITEMS = 4;
const MAX_DEPTH = 6;

const unicodeText = (minLength: number, maxLength: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength, maxLength }) },
  );

/** Merges the members of an `allOf` into one object schema (enough for the spec's envelopes). */
function mergeAllOf(schema: Schema): Schema {
  const { allOf, ...rest } = schema;
  let out: Schema = { ...rest };
  for (const member of allOf as Schema[]) {
    const m = deref(member.allOf ? mergeAllOf(deref(member)) : member);
    out = {
      ...out,
      ...m,
      properties: { ...out.properties, ...m.properties },
      required: [...new Set([...(out.required ?? []), ...(m.required ?? [])])],
    };
  }
  return out;
}

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? MAX_STRING, MAX_STRING));
  switch (s.format) {
    case "uuid":
      return fc.uuid();
    case "date-time":
      return fc
        .date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2035-12-31T23:59:59Z"),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case "email":
      return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
    default:
      return unicodeText(min, max);
  }
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
  );
}

function objectArb(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set<string>(s.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(props)) {
    if (!required.has(name) && depth >= MAX_DEPTH) continue;
    model[name] = valueArb(prop, depth + 1);
  }
  return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
}

/**
 * The property of an object schema that holds a typed union (`x-schema-by-type`) beside a
 * `type` property, with the union's map from type to member schema (`$ref`, or null).
 */
function typedProperty(s: Schema): [string, Record<string, string | null>] | null {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  if (!props.type) return null;
  for (const [name, prop] of Object.entries(props)) {
    const map = name === "type" ? undefined : deref(prop)["x-schema-by-type"];
    if (map) return [name, map];
  }
  return null;
}

/**
 * An object whose `field` is a typed union: the `type` is drawn first and `field` from the member
 * schema it selects (a union alone would pair any type with any member's value). The two come
 * together or, when neither is required, not at all.
 */
function typedObjectArb(
  s: Schema,
  depth: number,
  [field, byType]: [string, Record<string, string | null>],
): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set<string>(s.required ?? []);
  const { type: typeSchema, [field]: _union, ...others } = s.properties as Record<string, Schema>;
  const rest = objectArb(
    { ...s, properties: others, required: [...required].filter((k) => k in others) },
    depth,
  );
  const types = (deref(typeSchema!).enum as string[]).filter((t) => Object.hasOwn(byType, t));
  const pair = fc.constantFrom(...types).chain((type) => {
    const member = byType[type];
    if (!member) return fc.constant<Record<string, unknown>>({ type });
    const value = valueArb({ $ref: member }, depth + 1);
    // A member with required fields has to be sent; one without may be left out.
    const needed = required.has(field) || (deref({ $ref: member }).required ?? []).length > 0;
    return (needed ? value : fc.option(value, { nil: undefined })).map((v) =>
      v === undefined ? { type } : { type, [field]: v },
    );
  });
  const maybe = required.has("type") ? pair : fc.option(pair, { nil: undefined });
  return fc.tuple(rest, maybe).map(([r, p]) => ({ ...r, ...p }));
}

/** Valid values for `schema` (as far as the keywords the spec uses go). */
export function valueArb(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  let s = deref(schema);
  if (s.allOf) s = mergeAllOf(s);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  let arb: fc.Arbitrary<unknown>;
  if (alternatives) {
    arb = fc.oneof(...alternatives.map((a) => valueArb(a, depth + 1)));
  } else if (Array.isArray(s.type)) {
    arb = fc.oneof(...(s.type as string[]).map((t) => valueArb({ ...s, type: t }, depth)));
  } else {
    switch (s.type) {
      case "string":
        arb = stringArb(s);
        break;
      case "integer":
        arb = numberArb(s, true);
        break;
      case "number":
        arb = numberArb(s, false);
        break;
      case "boolean":
        arb = fc.boolean();
        break;
      case "null":
        arb = fc.constant(null);
        break;
      case "array": {
        const minLength = s.minItems ?? 0;
        const maxLength = Math.max(
          minLength,
          Math.min(s.maxItems ?? MAX_ITEMS, depth >= MAX_DEPTH ? minLength : MAX_ITEMS),
        );
        arb = fc.array(valueArb(s.items ?? {}, depth + 1), { minLength, maxLength });
        break;
      }
      case "object": {
        const typed = typedProperty(s);
        arb = typed ? typedObjectArb(s, depth, typed) : objectArb(s, depth);
        break;
      }
      default:
        arb = s.properties ? objectArb(s, depth) : fc.jsonValue({ maxDepth: 2 });
    }
  }
  if (s.not) {
    const forbidden = validatorForSchema(s.not);
    arb = arb.filter((v) => !forbidden(v));
  }
  return arb;
}

/** A value of a JSON type other than `value`'s. */
export function otherType(value: unknown, pick: number): unknown {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  const candidates: unknown[] = [42, "not-the-right-type", true, null, [], { unexpected: 1 }, 1.5];
  const others = candidates.filter((c) => kind(c) !== kind(value));
  return others[pick % others.length];
}

/** Awkward path-segment values: traversal, encodings, unicode, control characters, length. */
export const weirdIds: readonly string[] = [
  "..",
  "../..",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e",
  "%2e%2e%2f%2e%2e%2f",
  "a%2Fb",
  "%00",
  "%",
  "%zz",
  "%E0%A4%A",
  " ",
  "%20",
  "ü",
  "%C3%BC",
  "💥",
  "\u202Eevil",
  "%F0%9F%92%A5",
  "x".repeat(300),
  "0".repeat(5000),
  "00000000-0000-0000-0000-000000000000",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "%3Cscript%3E",
  "'; DROP TABLE devices; --",
  "%0D%0ASet-Cookie:%20x=y",
];

/** Keys for unknown query parameters, including ones that are dangerous as object keys. */
export const weirdKeys: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "per_page[]",
  "cursor[]",
  "a[b]",
  "ü",
  "💥",
  "",
  "x".repeat(200),
  "include_deleted",
  "page",
];

/** Broken JSON texts, from subtle to blatant. */
export const badJsonTexts: readonly string[] = [
  "{",
  "[",
  "[1,2,",
  '{"a":}',
  "{'a': 1}",
  "NaN",
  "undefined",
  '"unterminated',
  '{"a":1}}',
  "\uFEFF{}",
  "{}garbage",
  "\u0000",
  "[,]",
  '{"a":1,}',
  "tru",
  "0x10",
  "-",
  "1e",
  '{"__proto__": ',
];
