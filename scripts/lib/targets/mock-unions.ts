/**
 * What the mock needs to know beyond a body's own schema, read off the spec's extensions:
 *
 * - unions whose member depends on a sibling `type` field (`x-schema-by-type`), and which body
 *   fields hold one (a posture rule's `input`, an integration's `config`);
 * - properties that name an object of another kind (`x-refers-to`);
 * - properties the API accepts but never returns (`writeOnly: true`).
 *
 * The mock target compiles a validator per union member and writes these tables beside them.
 */
import { deref, type Json, refName } from "../spec.ts";

/** A union with `x-schema-by-type`: for each `type` value, the member schema's name or null. */
export type ByType = Record<string, string | null>;

const SCHEMA_PREFIX = "#/components/schemas/";

function memberName(ref: unknown, union: string, type: string): string | null {
  if (ref === null) return null;
  if (typeof ref !== "string" || !ref.startsWith(SCHEMA_PREFIX)) {
    throw new Error(
      `mock target: ${union} x-schema-by-type.${type} must be null or a ${SCHEMA_PREFIX}… reference, got ${JSON.stringify(ref)}`,
    );
  }
  return ref.slice(SCHEMA_PREFIX.length);
}

/** Every schema of `components.schemas` with `x-schema-by-type`, by name. */
export function schemasByType(doc: Json): Record<string, ByType> {
  const out: Record<string, ByType> = {};
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
    const map = schema?.["x-schema-by-type"];
    if (!map) continue;
    out[name] = Object.fromEntries(
      Object.entries<unknown>(map).map(([type, ref]) => [type, memberName(ref, name, type)]),
    );
  }
  return out;
}

/**
 * The body fields of an object schema that hold a typed union, field → union name: properties
 * that `$ref` a schema with `x-schema-by-type`, beside a `type` property.
 */
export function typedFields(doc: Json, schema: Json, unions: Record<string, ByType>) {
  const s = deref(doc, schema);
  const out: Record<string, string> = {};
  if (!s?.properties?.type) return out;
  for (const [name, property] of Object.entries<Json>(s.properties)) {
    const union = refName(property);
    if (union && union in unions) out[name] = union;
  }
  return out;
}

/** For each object schema, its properties with `x-refers-to` (on them or on what they `$ref`). */
export function schemaReferences(doc: Json): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
    const refs: Record<string, string> = {};
    for (const [field, property] of Object.entries<Json>(schema?.properties ?? {})) {
      const kind = property?.["x-refers-to"] ?? deref(doc, property)?.["x-refers-to"];
      if (typeof kind === "string") refs[field] = kind;
    }
    if (Object.keys(refs).length > 0) out[name] = refs;
  }
  return out;
}

/** For each object schema, its properties marked `writeOnly: true`. */
export function writeOnlyFields(doc: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
    const fields = Object.entries<Json>(schema?.properties ?? {})
      .filter(([, property]) => property?.writeOnly === true || deref(doc, property)?.writeOnly)
      .map(([field]) => field);
    if (fields.length > 0) out[name] = fields;
  }
  return out;
}
