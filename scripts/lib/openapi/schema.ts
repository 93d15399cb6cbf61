/**
 * Facts about a schema that both spec tools read the same way: the JSON types it allows (with
 * 3.0's `nullable` and 3.1's type arrays alike), its enum, its constraint keywords, and a flat
 * view of an object built from `allOf` members.
 */
import { isObject, isRef, resolve } from "./resolve.ts";
import type { Document, Schema, SchemaOrRef } from "./types.ts";

export const MAX_DEPTH = 40;

export const show = (v: unknown): string => JSON.stringify(v);

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/** The JSON type of a value, telling whole numbers (`integer`) from others (`number`). */
export function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** The set of JSON types a schema allows (`null` included), or null when it does not say. */
export function typeSet(s: Schema): Set<string> | null {
  let types: string[] | null = null;
  if (typeof s.type === "string") types = [s.type];
  else if (Array.isArray(s.type)) types = [...s.type];
  if (!types && "const" in s) types = [jsonType(s.const)];
  if (!types && Array.isArray(s.enum) && s.enum.length > 0) types = unique(s.enum.map(jsonType));
  if (types && s.nullable === true) types.push("null");
  return types ? new Set(types) : null;
}

/** Whether a type set accepts every value of type `t` (`number` covers `integer`). */
export const covers = (set: Set<string>, t: string): boolean =>
  set.has(t) || (t === "integer" && set.has("number"));

/** The allowed values as JSON text, from `enum` or `const`; null when the schema has neither. */
export function enumValues(s: Schema): string[] | null {
  if (Array.isArray(s.enum)) return s.enum.map(show);
  if ("const" in s) return [show(s.const)];
  return null;
}

/** Constraint keywords, by which direction of change makes the schema stricter. */
export const LOWER_BOUNDS = [
  "minLength",
  "minimum",
  "exclusiveMinimum",
  "minItems",
  "minProperties",
] as const;
export const UPPER_BOUNDS = [
  "maxLength",
  "maximum",
  "exclusiveMaximum",
  "maxItems",
  "maxProperties",
] as const;
export const OPAQUE_CONSTRAINTS = ["format", "pattern", "multipleOf"] as const;
export const CONSTRAINTS = [
  ...OPAQUE_CONSTRAINTS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  "uniqueItems",
] as const;
export type Constraint = (typeof CONSTRAINTS)[number];

export const unionKey = (s: Schema): "oneOf" | "anyOf" | null =>
  Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : null;

/** Whether a property is part of a direction (readOnly ones are never sent, writeOnly never received). */
export function present(
  doc: Document,
  prop: SchemaOrRef | undefined,
  dir: "request" | "response",
): boolean {
  if (prop === undefined) return false;
  const flag = dir === "request" ? "readOnly" : "writeOnly";
  return !((prop as Schema)[flag] === true || resolve<Schema>(doc, prop)[flag] === true);
}

// ---------------------------------------------------------------------------------------------
// the flat view

/**
 * How `allOf` members that each state a type are combined.
 * - `strict`: JSON Schema's reading, every member holds: the types they have in common, null
 *   only when every member allows it. What the generated TypeScript types say, so ours is read
 *   this way.
 * - `refine`: the later member refines the earlier one: its types replace theirs, and null is
 *   allowed when any member allows it. Cloudflare's official document builds every envelope as
 *   `allOf` of a shared collection envelope (`result` an array, nullable) and a member that states
 *   the operation's own `result`; its published SDK reads that as "this result, or null".
 */
export type AllOfReading = "strict" | "refine";

/** One schema with its `$ref`s followed and its `allOf` members merged. */
export interface FlatSchema {
  /** Every schema object merged in, in order (where notes such as `x-inferred` are found). */
  nodes: Schema[];
  /** The JSON types allowed apart from null; null when no member says. */
  types: Set<string> | null;
  /** Whether null is allowed (only meaningful when some member states a type). */
  nullable: boolean;
  /** Allowed values (JSON text, null excluded), or null when not restricted. */
  values: string[] | null;
  default?: { value: unknown };
  constraints: Partial<Record<Constraint, unknown>>;
  deprecated: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  /** Property name → the schema of each member that declares it. */
  properties: Map<string, SchemaOrRef[]>;
  required: Set<string>;
  /** `false` when any member forbids extra properties, else the members' schemas for them. */
  additionalProperties: false | SchemaOrRef[];
  items: SchemaOrRef[];
  /** The alternatives of a `oneOf`/`anyOf` with more than one non-null member. */
  variants: SchemaOrRef[] | null;
}

interface TypeStatement {
  types: Set<string>;
  nullable: boolean;
}

const siblingCache = new WeakMap<object, Schema | null>();

/** The keywords beside a `$ref`, as one object per `$ref` node (so it can be recognised again). */
function siblingsOf(node: object): Schema | null {
  let siblings = siblingCache.get(node);
  if (siblings === undefined) {
    const { $ref: _ref, ...rest } = node as Schema;
    siblings = Object.keys(rest).length > 0 ? rest : null;
    siblingCache.set(node, siblings);
  }
  return siblings;
}

const isNullOnly = (doc: Document, s: SchemaOrRef): boolean => {
  const t = typeSet(resolve<Schema>(doc, s));
  return t !== null && t.size === 1 && t.has("null");
};

/** Reads `nodes` as `allOf` of them all (a property declared by several members, for example). */
export function flatten(
  doc: Document,
  nodes: SchemaOrRef[],
  reading: AllOfReading = "strict",
): FlatSchema {
  const flat: FlatSchema = {
    nodes: [],
    types: null,
    nullable: false,
    values: null,
    constraints: {},
    deprecated: false,
    readOnly: false,
    writeOnly: false,
    properties: new Map(),
    required: new Set(),
    additionalProperties: [],
    items: [],
    variants: null,
  };
  const statements: TypeStatement[] = [];
  /** The statement the variants made, to drop them when a later member refines the type. */
  let variantStatement = -1;
  const valueLists: string[][] = [];
  const seen = new Set<object>();

  const state = (types: Set<string>, extraNull = false) => {
    const nonNull = new Set([...types].filter((t) => t !== "null"));
    statements.push({ types: nonNull, nullable: types.has("null") || extraNull });
  };

  const visit = (node: SchemaOrRef, depth: number, orNull: boolean): void => {
    if (!isObject(node) || depth > MAX_DEPTH || seen.has(node)) return;
    seen.add(node);
    if (!isRef(node)) {
      visitSchema(node as Schema, depth, orNull);
      return;
    }
    visit(resolve<Schema>(doc, node), depth + 1, orNull);
    // 3.1 allows keywords beside `$ref`: both hold.
    const siblings = siblingsOf(node);
    if (siblings) visitSchema(siblings, depth, orNull);
  };

  const visitSchema = (s: Schema, depth: number, orNull: boolean): void => {
    flat.nodes.push(s);
    const own = typeSet(s);
    if (own) state(own, orNull);
    if (Array.isArray(s.enum) || "const" in s) {
      valueLists.push((enumValues(s) ?? []).filter((v) => v !== "null"));
    }
    if ("default" in s) flat.default = { value: s.default };
    for (const key of CONSTRAINTS) {
      if (s[key] !== undefined) flat.constraints[key] = s[key];
    }
    if (s.deprecated === true) flat.deprecated = true;
    if (s.readOnly === true) flat.readOnly = true;
    if (s.writeOnly === true) flat.writeOnly = true;
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      flat.properties.set(name, [...(flat.properties.get(name) ?? []), prop]);
    }
    for (const name of s.required ?? []) flat.required.add(name);
    if (s.additionalProperties === false) flat.additionalProperties = false;
    else if (isObject(s.additionalProperties) && flat.additionalProperties !== false) {
      flat.additionalProperties.push(s.additionalProperties);
    }
    if (isObject(s.items)) flat.items.push(s.items);
    for (const member of s.allOf ?? []) visit(member, depth + 1, orNull);
    const union = s.oneOf ?? s.anyOf;
    if (!Array.isArray(union)) return;
    // A union with null is the other member(s), nullable.
    const others = union.filter((v) => !isNullOnly(doc, v));
    const withNull = others.length < union.length || orNull;
    if (others.length === 0) state(new Set(["null"]));
    else if (others.length === 1 && others[0]) visit(others[0], depth + 1, withNull);
    else {
      flat.variants = others;
      variantStatement = statements.length;
      const types = others.map((v) => flatten(doc, [v], reading).types);
      if (types.every((t): t is Set<string> => t !== null)) {
        state(new Set(types.flatMap((t) => [...t])), withNull);
      }
    }
  };
  for (const node of nodes) visit(node, 0, false);

  if (statements.length > 0) {
    if (reading === "refine") {
      const typed = statements.filter((st) => st.types.size > 0);
      const last = typed.at(-1) ?? statements.at(-1);
      flat.types = last?.types ?? null;
      if (last && statements.indexOf(last) > variantStatement) flat.variants = null;
      flat.nullable = statements.some((st) => st.nullable);
    } else {
      const typed = statements.filter((st) => st.types.size > 0 || st.nullable);
      const sets = typed.map((st) => st.types);
      // Types in common; `integer` is what `integer` and `number` have in common.
      const inCommon = (x: Set<string>, y: Set<string>) =>
        new Set([...x].filter((t) => covers(y, t)).concat([...y].filter((t) => covers(x, t))));
      flat.types = sets.reduce(inCommon);
      flat.nullable = typed.every((st) => st.nullable);
    }
  }
  // No type stated, but properties or items: generators (and readers) take it as that type.
  if (flat.types === null && (flat.properties.size > 0 || flat.required.size > 0)) {
    flat.types = new Set(["object"]);
  } else if (flat.types === null && flat.items.length > 0) {
    flat.types = new Set(["array"]);
  }
  if (valueLists.length > 0) {
    flat.values =
      reading === "refine"
        ? (valueLists.at(-1) ?? null)
        : valueLists.reduce((acc, v) => acc.filter((x) => v.includes(x)));
  }
  return flat;
}
