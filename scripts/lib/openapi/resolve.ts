/**
 * Following `$ref`s without throwing, for tools that compare documents they do not own (a
 * broken or circular reference reads as an empty schema, so one bad corner does not stop a
 * comparison).
 */
import { resolveRef } from "../spec.ts";
import type { Document, Reference, Schema, SchemaOrRef } from "./types.ts";

export const SCHEMA_REF = "#/components/schemas/";

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const isRef = (v: unknown): v is Reference => isObject(v) && typeof v.$ref === "string";

export const isSchemaRef = (v: unknown): v is Reference =>
  isRef(v) && v.$ref.startsWith(SCHEMA_REF);

/** `#/components/schemas/A/properties/b` → `A`. */
export function componentOf(ref: string): string {
  const first = ref.slice(SCHEMA_REF.length).split("/")[0] ?? "";
  return first.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** Follows `$ref`s; an unresolvable or circular one becomes an empty object. */
export function resolve<T extends object>(doc: Document, node: T | Reference | undefined): T {
  let current: unknown = node;
  const seen = new Set<string>();
  while (isRef(current)) {
    if (seen.has(current.$ref)) return {} as T;
    seen.add(current.$ref);
    try {
      current = resolveRef(doc, current.$ref);
    } catch {
      return {} as T;
    }
  }
  return (isObject(current) ? current : {}) as T;
}

const ANNOTATIONS = ["description", "title", "example", "examples", "deprecated"];

/** An `allOf`/`oneOf`/`anyOf` with one member and nothing else is just that member. */
export function unwrap(s: SchemaOrRef): SchemaOrRef {
  let current: SchemaOrRef = s;
  for (let i = 0; i < 5 && isObject(current); i++) {
    const keys = Object.keys(current).filter((k) => !ANNOTATIONS.includes(k));
    const only = keys.length === 1 ? keys[0] : undefined;
    const members =
      only === "allOf" || only === "oneOf" || only === "anyOf"
        ? (current as Schema)[only]
        : undefined;
    if (members?.length === 1 && members[0]) current = members[0];
    else break;
  }
  return current;
}

/** Resolves `$ref`s and single-member wrappers until a concrete schema is reached. */
export function settle(doc: Document, node: SchemaOrRef): Schema {
  let current: SchemaOrRef = node;
  for (let i = 0; i < 10; i++) {
    const next = unwrap(resolve<Schema>(doc, current));
    if (next === current) break;
    current = next;
  }
  return resolve<Schema>(doc, current);
}
