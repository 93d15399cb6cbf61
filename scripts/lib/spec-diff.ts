/**
 * The pure part of `pnpm spec:diff`: compares two OpenAPI documents and classifies every
 * difference as `breaking` or `non-breaking` for code that uses the generated packages
 * (the types, the client built on them, the CLI and the mock). Document in, data out.
 *
 * What is compared
 * - Operations, matched by operationId (`METHOD path` when there is none): method, path,
 *   deprecation, effective security, `x-pagination`, tag, parameters (by `in` + `name`),
 *   request body and responses (by status code and media type).
 * - Component schemas, matched by name, property by property and recursively through
 *   `items`, `additionalProperties`, `allOf` (inline members are merged into one object view,
 *   `$ref` members are compared by name) and `oneOf`/`anyOf` (variants matched by `$ref`, then
 *   by position).
 * - Security schemes and the default server URL.
 *
 * Where a change is reported
 * Two sides pointing at the same named schema (`$ref: "#/components/schemas/X"`) are not
 * looked into: X's own changes are reported once, under `schema X`, with the operations that use
 * it. Everything inline, and any place where the `$ref` itself changed, is compared in place.
 *
 * Direction
 * A schema change means different things in what clients send (requests: parameters and bodies)
 * and in what they receive (responses). Operation-level changes know their direction. A
 * component schema is classified for every direction it is used in (found by walking the
 * operations of both documents; an unused schema counts as both), and the stricter verdict wins.
 *
 * Rules (request side / response side)
 * - operation removed, method or path changed, operationId renamed (same method and path; the
 *   client function is named after it): breaking. Added: non-breaking. Deprecated:
 *   non-breaking. Security or `x-pagination` changed: breaking.
 * - parameter or body property added: breaking when required (existing calls lack it),
 *   non-breaking when optional / always non-breaking in responses. Removed: breaking on both
 *   sides (callers sending it fail to type-check; readers of it get nothing).
 * - optional → required: breaking / non-breaking. Required → optional: non-breaking / breaking
 *   (readers must now handle it missing).
 * - type: an unrelated type is breaking on both sides. Widening (e.g. `string` → `string|null`)
 *   is non-breaking / breaking; narrowing is breaking / non-breaking.
 * - enum value removed: breaking / non-breaking. Enum value added: non-breaking / **breaking**:
 *   the generated union type gains a member, so exhaustive `switch`es (`satisfies never`) stop
 *   compiling and code written for the old values may mishandle the new one. We call it breaking
 *   rather than hiding it; while the packages are 0.x a breaking change only bumps the minor.
 * - oneOf/anyOf variant added: non-breaking / breaking. Removed: breaking / non-breaking.
 * - constraints (format, pattern, min/max…): tightened is breaking for requests, loosened is
 *   not; in responses only a changed or dropped `format` is breaking (values may no longer parse
 *   the same way).
 * - response status removed: breaking for 2xx, non-breaking for errors. Added: non-breaking.
 * - component schema removed: breaking (its exported type alias disappears). Added: non-breaking.
 * Descriptions, summaries and examples are ignored.
 */
import { type Json, listOperations, resolveRef, type SpecOperation } from "./spec.ts";

export type Severity = "breaking" | "non-breaking";
export type ChangeKind = "added" | "removed" | "changed" | "deprecated";
export type Direction = "request" | "response";

export interface SpecChange {
  /** What the change belongs to. */
  scope: "operation" | "schema" | "security-scheme" | "document";
  /** operationId, schema name, security scheme name, or `servers`. */
  subject: string;
  /** Where inside the subject, e.g. `query.sort_by`, `body.name`, `response(200).result[].id`; empty for the subject itself. */
  where: string;
  kind: ChangeKind;
  /** What changed, e.g. `property added (required)`. */
  detail: string;
  severity: Severity;
  /** Why it has that severity. */
  reason: string;
  /** For schema changes: the operations that use the schema (either document). */
  operations?: string[];
}

export type Bump = "major" | "minor" | "patch";

const SCHEMA_REF = "#/components/schemas/";
const MAX_DEPTH = 40;

// ---------------------------------------------------------------------------------------------
// small helpers

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const isSchemaRef = (node: Json): boolean =>
  isObject(node) && typeof node.$ref === "string" && node.$ref.startsWith(SCHEMA_REF);

/** `#/components/schemas/A/properties/b` → `A`. */
function componentOf(ref: string): string {
  const first = ref.slice(SCHEMA_REF.length).split("/")[0] ?? "";
  return first.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** Follows `$ref`s; an unresolvable or circular one becomes an empty schema instead of throwing. */
function resolve(doc: Json, node: Json): Json {
  let current = node;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === "string") {
    if (seen.has(current.$ref)) return {};
    seen.add(current.$ref);
    try {
      current = resolveRef(doc, current.$ref);
    } catch {
      return {};
    }
  }
  return current ?? {};
}

const show = (v: unknown): string => JSON.stringify(v);
const list = (items: Iterable<string>): string => [...items].join(", ");
const child = (where: string, name: string): string => (where ? `${where}.${name}` : name);

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------------------------
// emitting changes

interface Verdict {
  severity: Severity;
  reason: string;
}

/** The verdict for each direction; `emit` picks the one that applies. */
interface Rule {
  request: Verdict;
  response: Verdict;
}

const breaking = (reason: string): Verdict => ({ severity: "breaking", reason });
const safe = (reason: string): Verdict => ({ severity: "non-breaking", reason });

interface SchemaContext {
  before: Json;
  after: Json;
  dir: Direction;
  out: SpecChange[];
  scope: SpecChange["scope"];
  subject: string;
  /** Pairs of `$ref`s being compared further up, to stop on recursive schemas. */
  stack: Set<string>;
}

function emit(
  ctx: SchemaContext,
  where: string,
  kind: ChangeKind,
  detail: string,
  rule: Rule | Verdict,
): void {
  const verdict = "severity" in rule ? rule : rule[ctx.dir];
  ctx.out.push({ scope: ctx.scope, subject: ctx.subject, where, kind, detail, ...verdict });
}

// ---------------------------------------------------------------------------------------------
// schema comparison

/** The set of JSON types a schema allows, or null when it does not say. */
function typeSet(s: Json): Set<string> | null {
  let types: string[] | null = null;
  if (typeof s.type === "string") types = [s.type];
  else if (Array.isArray(s.type)) types = [...s.type];
  const jsonType = (v: unknown): string =>
    v === null
      ? "null"
      : Array.isArray(v)
        ? "array"
        : typeof v === "number"
          ? Number.isInteger(v)
            ? "integer"
            : "number"
          : typeof v;
  if (!types && "const" in s) types = [jsonType(s.const)];
  if (!types && Array.isArray(s.enum) && s.enum.length > 0) types = unique(s.enum.map(jsonType));
  if (types && s.nullable === true) types.push("null");
  return types ? new Set(types) : null;
}

/** Whether a type set accepts every value of type `t` (`number` covers `integer`). */
const covers = (set: Set<string>, t: string): boolean =>
  set.has(t) || (t === "integer" && set.has("number"));

function enumValues(s: Json): string[] | null {
  if (Array.isArray(s.enum)) return s.enum.map(show);
  if ("const" in s) return [show(s.const)];
  return null;
}

/** Constraint keywords: which direction of change makes the schema stricter. */
const LOWER_BOUNDS = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"];
const UPPER_BOUNDS = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"];
const OPAQUE_CONSTRAINTS = ["format", "pattern", "multipleOf"];

/** An `allOf` with one member and nothing else is just that member (a common `$ref` wrapper). */
function unwrap(s: Json): Json {
  let current = s;
  for (let i = 0; i < 5 && isObject(current); i++) {
    const keys = Object.keys(current).filter(
      (k) => !["description", "title", "example", "examples", "deprecated"].includes(k),
    );
    const only = keys.length === 1 ? keys[0] : undefined;
    if (
      (only === "allOf" || only === "oneOf" || only === "anyOf") &&
      Array.isArray(current[only]) &&
      current[only].length === 1
    ) {
      current = current[only][0];
    } else break;
  }
  return current;
}

interface ObjectView {
  /** Properties from the schema itself and from inline `allOf` members. */
  props: Map<string, Json>;
  required: Set<string>;
  /** `$ref` members of `allOf`, compared by name. */
  refs: string[];
}

function objectView(doc: Json, s: Json): ObjectView {
  const view: ObjectView = { props: new Map(), required: new Set(), refs: [] };
  const visit = (node: Json, depth: number): void => {
    if (!isObject(node) || depth > MAX_DEPTH) return;
    for (const [k, v] of Object.entries(node.properties ?? {})) view.props.set(k, v);
    for (const r of node.required ?? []) view.required.add(r);
    for (const member of node.allOf ?? []) {
      if (isSchemaRef(member)) view.refs.push(member.$ref);
      else visit(resolve(doc, member), depth + 1);
    }
  };
  visit(s, 0);
  return view;
}

/** Every property name and required name, including those from `$ref` members of `allOf`. */
function allProperties(doc: Json, s: Json): { props: Set<string>; required: Set<string> } {
  const props = new Set<string>();
  const required = new Set<string>();
  const seen = new Set<Json>();
  const visit = (node: Json, depth: number): void => {
    const n = resolve(doc, node);
    if (!isObject(n) || seen.has(n) || depth > MAX_DEPTH) return;
    seen.add(n);
    for (const k of Object.keys(n.properties ?? {})) props.add(k);
    for (const r of n.required ?? []) required.add(r);
    for (const member of n.allOf ?? []) visit(member, depth + 1);
  };
  visit(s, 0);
  return { props, required };
}

/** Whether a property is part of the given direction (readOnly ones are never sent, writeOnly never received). */
function present(doc: Json, prop: Json, dir: Direction): boolean {
  if (prop === undefined) return false;
  const flag = dir === "request" ? "readOnly" : "writeOnly";
  return !(prop?.[flag] === true || resolve(doc, prop)?.[flag] === true);
}

function variantKey(doc: Json, v: Json): string {
  if (isObject(v) && typeof v.$ref === "string") return v.$ref;
  const types = typeSet(resolve(doc, v));
  return `inline:${types ? [...types].sort().join("|") : "?"}`;
}

function variantLabel(v: Json, index: number): string {
  return isObject(v) && typeof v.$ref === "string"
    ? (v.$ref.split("/").pop() ?? v.$ref)
    : `#${index + 1}`;
}

/**
 * Compares two schemas at `where` in the direction `ctx.dir`, emitting one change per
 * difference. Same named `$ref` on both sides: nothing to do here (reported under the schema).
 */
export function diffSchema(ctx: SchemaContext, rawA: Json, rawB: Json, where: string, depth = 0) {
  const a0 = unwrap(rawA);
  const b0 = unwrap(rawB);
  if (isSchemaRef(a0) && isSchemaRef(b0) && a0.$ref === b0.$ref) return;
  if (depth > MAX_DEPTH) return;
  // Two different $refs met again further down: a recursive schema, already being compared.
  const pair =
    typeof a0?.$ref === "string" && typeof b0?.$ref === "string" ? `${a0.$ref}→${b0.$ref}` : null;
  if (pair) {
    if (ctx.stack.has(pair)) return;
    ctx.stack.add(pair);
  }
  try {
    const a = settle(ctx.before, a0);
    const b = settle(ctx.after, b0);
    if (!isObject(a) || !isObject(b)) return;
    const ua = unionKey(a);
    const ub = unionKey(b);
    if (!ua && !ub) {
      compareResolved(ctx, a, b, where, depth);
      return;
    }
    // oneOf / anyOf: compare the variants (a plain schema is a single variant), then the rest.
    compareVariants(ctx, ua ? a[ua] : [a0], ub ? b[ub] : [b0], where, depth);
    if (!ua || !ub) return; // the single variant carried everything there is to compare
    const { [ua]: _a, ...restA } = a;
    const { [ub]: _b, ...restB } = b;
    compareResolved(ctx, restA, restB, where, depth);
  } finally {
    if (pair) ctx.stack.delete(pair);
  }
}

const unionKey = (s: Json): "oneOf" | "anyOf" | null =>
  Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : null;

/** Resolves `$ref`s and single-member wrappers until a concrete schema is reached. */
function settle(doc: Json, node: Json): Json {
  let current = node;
  for (let i = 0; i < 10; i++) {
    const next = unwrap(resolve(doc, current));
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The JSON types a schema allows, looking into `allOf` members when it does not say itself. */
function typesOf(doc: Json, s: Json, depth = 0): Set<string> | null {
  const own = typeSet(s);
  if (own || !Array.isArray(s.allOf) || depth > MAX_DEPTH) return own;
  // Every member must hold, so the schema allows the types all typed members have in common.
  const typed = s.allOf
    .map((member: Json) => typesOf(doc, settle(doc, member), depth + 1))
    .filter((t: Set<string> | null): t is Set<string> => t !== null);
  if (typed.length === 0) return null;
  return new Set([...typed[0]].filter((x) => typed.every((t: Set<string>) => t.has(x))));
}

function compareResolved(ctx: SchemaContext, a: Json, b: Json, where: string, depth: number) {
  // Types.
  const ta = typesOf(ctx.before, a);
  const tb = typesOf(ctx.after, b);
  if (ta && tb) {
    const removed = [...ta].filter((t) => !covers(tb, t));
    const added = [...tb].filter((t) => !covers(ta, t));
    const nonNull = (ts: string[]) => ts.filter((t) => t !== "null");
    if (nonNull(removed).length > 0 && nonNull(added).length > 0) {
      emit(
        ctx,
        where,
        "changed",
        `type changed from ${[...ta].join("|")} to ${[...tb].join("|")}`,
        breaking("the value has a different type: old code sends or reads the wrong kind of value"),
      );
      return;
    }
    if (removed.length > 0) {
      emit(ctx, where, "changed", `type narrowed: no longer ${removed.join("|")}`, {
        request: breaking(`requests sending ${removed.join("|")} are no longer accepted`),
        response: safe("responses can only hold fewer kinds of value"),
      });
    }
    if (added.length > 0) {
      emit(ctx, where, "changed", `type widened: now also ${added.join("|")}`, {
        request: safe(`requests may now also send ${added.join("|")}`),
        response: breaking(`readers must now handle ${added.join("|")}`),
      });
    }
  } else if (ta && !tb) {
    emit(ctx, where, "changed", `type no longer declared (was ${[...ta].join("|")})`, {
      request: safe("any value is accepted now"),
      response: breaking("the value is no longer typed; readers get `unknown`"),
    });
  } else if (!ta && tb && Object.keys(a).length > 0) {
    emit(ctx, where, "changed", `type now declared as ${[...tb].join("|")}`, {
      request: breaking("values of other types are no longer accepted"),
      response: safe("the value is now typed more precisely"),
    });
  }

  // Enums and const.
  const ea = enumValues(a);
  const eb = enumValues(b);
  if (ea && eb) {
    for (const v of ea.filter((x) => !eb.includes(x))) {
      emit(ctx, where, "removed", `enum value ${v} removed`, {
        request: breaking(`requests sending ${v} are rejected and no longer type-check`),
        response: safe(`responses no longer contain ${v}`),
      });
    }
    for (const v of eb.filter((x) => !ea.includes(x))) {
      emit(ctx, where, "added", `enum value ${v} added`, {
        request: safe(`requests may now send ${v}`),
        response: breaking(
          `responses may contain ${v}: the union type grows, so exhaustive switches stop compiling and old code may not handle it`,
        ),
      });
    }
  } else if (!ea && eb) {
    emit(ctx, where, "changed", `restricted to enum ${eb.join(", ")}`, {
      request: breaking("other values are no longer accepted"),
      response: safe("responses hold only the listed values"),
    });
  } else if (ea && !eb) {
    emit(ctx, where, "changed", "enum restriction removed", {
      request: safe("any value of the type is accepted now"),
      response: breaking("responses may hold values outside the old list"),
    });
  }

  compareConstraints(ctx, a, b, where);

  if (a.deprecated !== true && b.deprecated === true) {
    emit(ctx, where, "deprecated", "deprecated", safe("still works; marked for removal"));
  }
  if ("default" in a && "default" in b && show(a.default) !== show(b.default)) {
    emit(
      ctx,
      where,
      "changed",
      `default changed from ${show(a.default)} to ${show(b.default)}`,
      safe("values stay valid; only what is assumed when it is left out changes"),
    );
  } else if (!("default" in a) && "default" in b) {
    emit(
      ctx,
      where,
      // "changed", not "added": no new capability, so it is a patch, not a minor release.
      "changed",
      `default ${show(b.default)} stated`,
      safe("values stay valid; what is assumed when it is left out is now written down"),
    );
  } else if ("default" in a && !("default" in b)) {
    emit(
      ctx,
      where,
      "changed",
      `default ${show(a.default)} no longer stated`,
      safe("values stay valid; what is assumed when it is left out is no longer promised"),
    );
  }

  compareObject(ctx, a, b, where, depth);

  // Arrays.
  if (a.items !== undefined && b.items !== undefined) {
    diffSchema(ctx, a.items, b.items, `${where}[]`, depth + 1);
  }

  // Maps.
  const apA = a.additionalProperties;
  const apB = b.additionalProperties;
  if (isObject(apA) && isObject(apB)) {
    diffSchema(ctx, apA, apB, child(where, "*"), depth + 1);
  } else if (apA !== false && apB === false && ctx.dir === "request") {
    emit(
      ctx,
      where,
      "changed",
      "additional properties no longer allowed",
      breaking("requests carrying extra properties are now rejected"),
    );
  }
}

function compareVariants(ctx: SchemaContext, va: Json[], vb: Json[], where: string, depth: number) {
  const keysA = va.map((v) => variantKey(ctx.before, v));
  const keysB = vb.map((v) => variantKey(ctx.after, v));
  const matchedB = new Set<number>();
  const pairs: [number, number][] = [];
  const unmatchedA: number[] = [];
  keysA.forEach((key, i) => {
    const j = keysB.findIndex((k, jj) => k === key && !matchedB.has(jj));
    if (j === -1) unmatchedA.push(i);
    else {
      matchedB.add(j);
      pairs.push([i, j]);
    }
  });
  // Unmatched inline variants are paired up by position (an edited inline variant).
  const inlineB = vb.map((_, j) => j).filter((j) => !matchedB.has(j) && !keysB[j]!.startsWith("#"));
  for (const i of [...unmatchedA]) {
    if (keysA[i]!.startsWith("#")) continue;
    const j = inlineB.shift();
    if (j === undefined) break;
    matchedB.add(j);
    pairs.push([i, j]);
    unmatchedA.splice(unmatchedA.indexOf(i), 1);
  }
  const label = (w: string, v: Json, i: number) => `${w} (variant ${variantLabel(v, i)})`;
  for (const [i, j] of pairs) {
    diffSchema(
      ctx,
      va[i],
      vb[j],
      va.length > 1 || vb.length > 1 ? label(where, vb[j], j) : where,
      depth + 1,
    );
  }
  for (const i of unmatchedA) {
    const what = keysA[i] === "inline:null" ? "null" : `variant ${variantLabel(va[i], i)}`;
    emit(ctx, where, "removed", `${what} no longer an alternative`, {
      request: breaking("requests of that shape are no longer accepted"),
      response: safe("responses of that shape no longer occur"),
    });
  }
  vb.forEach((v, j) => {
    if (matchedB.has(j)) return;
    const what = keysB[j] === "inline:null" ? "null" : `variant ${variantLabel(v, j)}`;
    emit(ctx, where, "added", `${what} added as an alternative`, {
      request: safe("requests may now take that shape too"),
      response: breaking(`readers must now handle ${what === "null" ? "null" : "that shape"}`),
    });
  });
}

function compareConstraints(ctx: SchemaContext, a: Json, b: Json, where: string) {
  const tighter = (key: string, detail: string) =>
    emit(ctx, where, "changed", detail, {
      request: breaking(`stricter ${key}: requests valid before may be rejected`),
      response:
        key === "format" && a.format !== undefined
          ? breaking("values have a different format: code parsing them may fail")
          : safe("responses stay within what readers expect"),
    });
  const looser = (key: string, detail: string) =>
    emit(ctx, where, "changed", detail, {
      request: safe(`looser ${key}: every request valid before still is`),
      response:
        key === "format"
          ? breaking("values no longer promise a format: code parsing them may fail")
          : safe("responses stay within the types"),
    });
  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const x = a[key];
    const y = b[key];
    if (x === y || (typeof x !== "number" && typeof y !== "number")) continue;
    const detail = `${key} ${x === undefined ? "set to" : `changed from ${show(x)} to`} ${y === undefined ? "(none)" : show(y)}`;
    const lower = LOWER_BOUNDS.includes(key);
    const stricter = x === undefined || (y !== undefined && (lower ? y > x : y < x));
    if (y === undefined) looser(key, `${key} ${show(x)} removed`);
    else if (stricter) tighter(key, detail);
    else looser(key, detail);
  }
  for (const key of OPAQUE_CONSTRAINTS) {
    const x = a[key];
    const y = b[key];
    if (show(x) === show(y)) continue;
    if (y === undefined) looser(key, `${key} ${show(x)} removed`);
    else
      tighter(
        key,
        x === undefined
          ? `${key} ${show(y)} added`
          : `${key} changed from ${show(x)} to ${show(y)}`,
      );
  }
  if (a.uniqueItems !== true && b.uniqueItems === true)
    tighter("uniqueItems", "items must now be unique");
}

function compareObject(ctx: SchemaContext, a: Json, b: Json, where: string, depth: number) {
  const va = objectView(ctx.before, a);
  const vb = objectView(ctx.after, b);
  if (va.props.size === 0 && vb.props.size === 0 && va.refs.length === 0 && vb.refs.length === 0) {
    return;
  }
  const fa = allProperties(ctx.before, a);
  const fb = allProperties(ctx.after, b);
  const dir = ctx.dir;

  // allOf members that are named schemas.
  for (const ref of va.refs.filter((r) => !vb.refs.includes(r))) {
    const name = componentOf(ref);
    const lost = [...allProperties(ctx.before, { $ref: ref }).props].filter(
      (p) => !fb.props.has(p),
    );
    emit(
      ctx,
      where,
      "removed",
      `no longer includes ${name} (allOf)`,
      lost.length > 0
        ? breaking(`properties ${list(lost)} are gone`)
        : safe(`${name}'s properties are still all present`),
    );
  }
  for (const ref of vb.refs.filter((r) => !va.refs.includes(r))) {
    const name = componentOf(ref);
    const newlyRequired = [...allProperties(ctx.after, { $ref: ref }).required].filter(
      (p) => !fa.required.has(p),
    );
    emit(ctx, where, "added", `now also includes ${name} (allOf)`, {
      request:
        newlyRequired.length > 0
          ? breaking(`requests must now also send ${list(newlyRequired)}`)
          : safe(`${name} adds no required properties`),
      response: safe(`responses gain ${name}'s properties`),
    });
  }

  const names = unique([...va.props.keys(), ...vb.props.keys()]);
  for (const name of names) {
    const pa = va.props.get(name);
    const pb = vb.props.get(name);
    const inA = present(ctx.before, pa, dir);
    const inB = present(ctx.after, pb, dir);
    const at = child(where, name);
    if (!inA && !inB) continue;
    if (!inA) {
      if (pa === undefined && fa.props.has(name)) continue; // moved out of an allOf member
      const required = fb.required.has(name);
      emit(ctx, at, "added", `property added (${required ? "required" : "optional"})`, {
        request: required
          ? breaking("existing requests lack it, so they fail validation and type-checking")
          : safe("optional: existing requests stay valid"),
        response: safe("readers can ignore a new property"),
      });
      continue;
    }
    if (!inB) {
      if (pb === undefined && fb.props.has(name)) continue; // moved into an allOf member
      emit(ctx, at, "removed", "property removed", {
        request: breaking("requests sending it no longer type-check and may be rejected"),
        response: breaking("readers of it get nothing and no longer type-check"),
      });
      continue;
    }
    const ra = fa.required.has(name);
    const rb = fb.required.has(name);
    if (!ra && rb) {
      emit(ctx, at, "changed", "now required", {
        request: breaking("requests that leave it out are rejected and no longer type-check"),
        response: safe("it is now always present"),
      });
    } else if (ra && !rb) {
      emit(ctx, at, "changed", "now optional", {
        request: safe("requests may now leave it out"),
        response: breaking("readers must now handle it missing (its type gains `undefined`)"),
      });
    }
    diffSchema(ctx, pa, pb, at, depth + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// where component schemas are used

interface Usage {
  request: Set<string>;
  response: Set<string>;
}

/** Collects the named schemas reachable from a node (through any `$ref`). */
function collectSchemaRefs(doc: Json, node: Json, out: Set<string>): void {
  const seen = new Set<Json>();
  const walk = (n: Json, inProperties: boolean): void => {
    if (!n || typeof n !== "object" || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) {
      for (const item of n) walk(item, false);
      return;
    }
    if (typeof n.$ref === "string") {
      // A ref into a schema (`…/schemas/A/properties/b`) marks A as used, but only b is walked.
      if (n.$ref.startsWith(SCHEMA_REF)) out.add(componentOf(n.$ref));
      walk(resolve(doc, n), false);
      return;
    }
    for (const [key, value] of Object.entries(n)) {
      if (!inProperties && (key === "example" || key === "examples")) continue;
      walk(value, key === "properties" && !inProperties);
    }
  };
  walk(node, false);
}

const opKey = (o: SpecOperation): string =>
  o.op.operationId ?? `${o.method.toUpperCase()} ${o.path}`;

/** Which operations use each named schema, in requests and in responses. */
export function schemaUsage(doc: Json): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  const mark = (names: Set<string>, dir: Direction, op: string) => {
    for (const name of names) {
      const u = usage.get(name) ?? { request: new Set<string>(), response: new Set<string>() };
      usage.set(name, u);
      u[dir].add(op);
    }
  };
  for (const o of listOperations(doc)) {
    const request = new Set<string>();
    for (const p of o.parameters) collectSchemaRefs(doc, p, request);
    if (o.op.requestBody) collectSchemaRefs(doc, o.op.requestBody, request);
    const response = new Set<string>();
    if (o.op.responses) collectSchemaRefs(doc, o.op.responses, response);
    mark(request, "request", opKey(o));
    mark(response, "response", opKey(o));
  }
  return usage;
}

// ---------------------------------------------------------------------------------------------
// operations

function securityOf(doc: Json, op: Json): string {
  const reqs: Json[] = op.security ?? doc.security ?? [];
  const alternatives = reqs.map((r: Json) =>
    Object.entries<Json>(r ?? {})
      .map(([name, scopes]) => (scopes?.length ? `${name}[${[...scopes].sort().join(",")}]` : name))
      .sort()
      .join("+"),
  );
  const text = unique(alternatives).sort().join(" | ");
  return text === "" ? "none" : text;
}

const paramKey = (p: Json): string =>
  `${p.in}.${p.in === "header" ? String(p.name).toLowerCase() : p.name}`;

function paramSchema(p: Json): Json {
  if (p.schema !== undefined) return p.schema;
  const first = Object.values<Json>(p.content ?? {})[0];
  return first?.schema ?? {};
}

/** `body`, or `body[text/plain]` for anything but JSON. */
function mediaLabel(base: string, type: string): string {
  return type === "application/json" ? base : `${base}[${type}]`;
}

function diffOperation(
  before: Json,
  after: Json,
  a: SpecOperation,
  b: SpecOperation,
  out: SpecChange[],
) {
  const subject = opKey(b);
  const opChange = (where: string, kind: ChangeKind, detail: string, verdict: Verdict) =>
    out.push({ scope: "operation", subject, where, kind, detail, ...verdict });
  const ctx = (dir: Direction): SchemaContext => ({
    before,
    after,
    dir,
    out,
    scope: "operation",
    subject,
    stack: new Set(),
  });

  if (a.method !== b.method || a.path !== b.path) {
    opChange(
      "",
      "changed",
      `moved from ${a.method.toUpperCase()} ${a.path} to ${b.method.toUpperCase()} ${b.path}`,
      breaking("calls to the old method and path fail"),
    );
  }
  if (a.op.deprecated !== true && b.op.deprecated === true) {
    const by = b.op["x-replaced-by"];
    opChange(
      "",
      "deprecated",
      `deprecated${Array.isArray(by) && by.length ? ` (use ${by.join(", ")})` : ""}`,
      safe("still works; callers should move off it"),
    );
  } else if (a.op.deprecated === true && b.op.deprecated !== true) {
    opChange("", "changed", "no longer deprecated", safe("nothing changes for callers"));
  }
  const sa = securityOf(before, a.op);
  const sb = securityOf(after, b.op);
  if (sa !== sb) {
    opChange(
      "security",
      "changed",
      `security changed from ${sa} to ${sb}`,
      breaking("credentials that worked may no longer be accepted"),
    );
  }
  const pagA = a.op["x-pagination"] ?? "none";
  const pagB = b.op["x-pagination"] ?? "none";
  if (pagA !== pagB) {
    opChange(
      "x-pagination",
      "changed",
      `pagination changed from ${pagA} to ${pagB}`,
      breaking("paginating callers (client helpers, CLI) read the result differently"),
    );
  }
  const tagA = a.op.tags?.[0];
  const tagB = b.op.tags?.[0];
  if (tagA !== tagB) {
    opChange(
      "tag",
      "changed",
      `tag changed from ${tagA ?? "(none)"} to ${tagB ?? "(none)"}`,
      safe("only grouping in docs and the manifest changes"),
    );
  }

  // Parameters.
  const pa = new Map(a.parameters.map((p) => [paramKey(p), p]));
  const pb = new Map(b.parameters.map((p) => [paramKey(p), p]));
  for (const [key, p] of pa) {
    if (!pb.has(key)) {
      opChange(
        key,
        "removed",
        `${p.in} parameter removed`,
        breaking("calls passing it no longer type-check and may be rejected"),
      );
    }
  }
  for (const [key, p] of pb) {
    const old = pa.get(key);
    if (!old) {
      opChange(
        key,
        "added",
        `${p.in} parameter added (${p.required ? "required" : "optional"})`,
        p.required
          ? breaking("existing calls lack it, so they fail validation and type-checking")
          : safe("optional: existing calls stay valid"),
      );
      continue;
    }
    if (!old.required && p.required) {
      opChange(
        key,
        "changed",
        "parameter now required",
        breaking("calls that leave it out are rejected and no longer type-check"),
      );
    } else if (old.required && !p.required) {
      opChange(key, "changed", "parameter now optional", safe("calls may now leave it out"));
    }
    if (old.deprecated !== true && p.deprecated === true) {
      opChange(key, "deprecated", "parameter deprecated", safe("still works; marked for removal"));
    }
    const styleA = `${old.style ?? ""}/${old.explode ?? ""}`;
    const styleB = `${p.style ?? ""}/${p.explode ?? ""}`;
    if (styleA !== styleB) {
      opChange(
        key,
        "changed",
        `serialization changed (style/explode ${styleA} → ${styleB})`,
        breaking("the value is encoded differently on the wire"),
      );
    }
    diffSchema(ctx("request"), paramSchema(old), paramSchema(p), key);
  }

  // Request body.
  const ba = a.op.requestBody ? resolve(before, a.op.requestBody) : null;
  const bb = b.op.requestBody ? resolve(after, b.op.requestBody) : null;
  if (ba && !bb) {
    opChange(
      "body",
      "removed",
      "request body removed",
      breaking("calls sending a body no longer type-check and may be rejected"),
    );
  } else if (!ba && bb) {
    opChange(
      "body",
      "added",
      `request body added (${bb.required ? "required" : "optional"})`,
      bb.required
        ? breaking("existing calls send no body and are rejected")
        : safe("optional: existing calls stay valid"),
    );
  } else if (ba && bb) {
    if (!ba.required && bb.required) {
      opChange(
        "body",
        "changed",
        "request body now required",
        breaking("calls without a body are rejected and no longer type-check"),
      );
    } else if (ba.required && !bb.required) {
      opChange("body", "changed", "request body now optional", safe("calls may now leave it out"));
    }
    const ca = ba.content ?? {};
    const cb = bb.content ?? {};
    for (const type of Object.keys(ca)) {
      if (!(type in cb)) {
        opChange(
          mediaLabel("body", type),
          "removed",
          `request media type ${type} removed`,
          breaking("calls sending that media type are rejected"),
        );
      }
    }
    for (const type of Object.keys(cb)) {
      if (!(type in ca)) {
        opChange(
          mediaLabel("body", type),
          "added",
          `request media type ${type} added`,
          safe("another way to send the body"),
        );
        continue;
      }
      diffSchema(
        ctx("request"),
        ca[type]?.schema ?? {},
        cb[type]?.schema ?? {},
        mediaLabel("body", type),
      );
    }
  }

  // Responses.
  const ra: Record<string, Json> = a.op.responses ?? {};
  const rb: Record<string, Json> = b.op.responses ?? {};
  for (const status of Object.keys(ra)) {
    if (status in rb) continue;
    const success = /^2/.test(status);
    opChange(
      `response(${status})`,
      "removed",
      `response ${status} removed`,
      success
        ? breaking("callers relying on that success response get something else")
        : safe("one error response fewer"),
    );
  }
  for (const status of Object.keys(rb)) {
    if (!(status in ra)) {
      opChange(
        `response(${status})`,
        "added",
        `response ${status} added`,
        safe("a newly documented response"),
      );
      continue;
    }
    const ca = resolve(before, ra[status]).content ?? {};
    const cb = resolve(after, rb[status]).content ?? {};
    const base = `response(${status})`;
    for (const type of Object.keys(ca)) {
      if (!(type in cb)) {
        opChange(
          mediaLabel(base, type),
          "removed",
          `response media type ${type} removed`,
          breaking("callers expecting that media type get something else"),
        );
      }
    }
    for (const type of Object.keys(cb)) {
      if (!(type in ca)) {
        opChange(
          mediaLabel(base, type),
          "added",
          `response media type ${type} added`,
          safe("another media type may be returned"),
        );
        continue;
      }
      diffSchema(
        ctx("response"),
        ca[type]?.schema ?? {},
        cb[type]?.schema ?? {},
        mediaLabel(base, type),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the whole document

/** Every difference between two OpenAPI documents, operations first, then schemas. */
export function diffSpecs(before: Json, after: Json): SpecChange[] {
  const out: SpecChange[] = [];

  // Document level.
  const serverA = before.servers?.[0]?.url;
  const serverB = after.servers?.[0]?.url;
  if (serverA !== serverB) {
    out.push({
      scope: "document",
      subject: "servers",
      where: "",
      kind: "changed",
      detail: `default server URL changed from ${serverA ?? "(none)"} to ${serverB ?? "(none)"}`,
      ...safe("only the default base URL changes; callers passing their own are unaffected"),
    });
  }
  const schemesA: Record<string, Json> = before.components?.securitySchemes ?? {};
  const schemesB: Record<string, Json> = after.components?.securitySchemes ?? {};
  for (const name of Object.keys(schemesA)) {
    if (!(name in schemesB)) {
      out.push({
        scope: "security-scheme",
        subject: name,
        where: "",
        kind: "removed",
        detail: "security scheme removed",
        ...breaking("credentials of that kind are no longer accepted"),
      });
    }
  }
  for (const [name, scheme] of Object.entries(schemesB)) {
    const old = schemesA[name];
    if (!old) {
      out.push({
        scope: "security-scheme",
        subject: name,
        where: "",
        kind: "added",
        detail: "security scheme added",
        ...safe("a new way to authenticate"),
      });
      continue;
    }
    const key = (s: Json) => {
      const r = resolve(before, s);
      return show([r.type, r.scheme, r.in, r.name, r.bearerFormat]);
    };
    if (key(old) !== key(scheme)) {
      out.push({
        scope: "security-scheme",
        subject: name,
        where: "",
        kind: "changed",
        detail: `security scheme changed from ${key(old)} to ${key(scheme)}`,
        ...breaking("credentials are sent differently"),
      });
    }
  }

  // Operations. An operationId missing on one side and new on the other at the same method and
  // path is a rename, compared like any other pair.
  const opsA = new Map(listOperations(before).map((o) => [opKey(o), o]));
  const opsB = new Map(listOperations(after).map((o) => [opKey(o), o]));
  const at = (o: SpecOperation) => `${o.method.toUpperCase()} ${o.path}`;
  const renamedFrom = new Map<string, string>();
  for (const [key, o] of opsB) {
    if (opsA.has(key)) continue;
    const old = [...opsA].find(([k, p]) => !opsB.has(k) && at(p) === at(o));
    if (old && ![...renamedFrom.values()].includes(old[0])) renamedFrom.set(key, old[0]);
  }
  for (const [key, o] of opsB) {
    const oldKey = renamedFrom.get(key) ?? key;
    const old = opsA.get(oldKey);
    if (!old) {
      out.push({
        scope: "operation",
        subject: key,
        where: "",
        kind: "added",
        detail: `operation added (${at(o)})`,
        ...safe("a new operation; nothing existing changes"),
      });
      continue;
    }
    if (oldKey !== key) {
      out.push({
        scope: "operation",
        subject: key,
        where: "",
        kind: "changed",
        detail: `operationId renamed from ${oldKey} (${at(o)})`,
        ...breaking("the client function, manifest entry and types named after it change"),
      });
    }
    diffOperation(before, after, old, o, out);
  }
  const renamed = new Set(renamedFrom.values());
  for (const [key, o] of opsA) {
    if (!opsB.has(key) && !renamed.has(key)) {
      out.push({
        scope: "operation",
        subject: key,
        where: "",
        kind: "removed",
        detail: `operation removed (${at(o)})`,
        ...breaking("callers of it fail, and its function and types disappear"),
      });
    }
  }

  // Component schemas.
  const schemasA: Record<string, Json> = before.components?.schemas ?? {};
  const schemasB: Record<string, Json> = after.components?.schemas ?? {};
  const usageA = schemaUsage(before);
  const usageB = schemaUsage(after);
  const usedBy = (name: string): { dirs: Direction[]; ops: string[] } => {
    const ua = usageA.get(name);
    const ub = usageB.get(name);
    const dirs = (["request", "response"] as const).filter(
      (d) => (ua?.[d].size ?? 0) + (ub?.[d].size ?? 0) > 0,
    );
    const ops = unique([
      ...(ub?.request ?? []),
      ...(ub?.response ?? []),
      ...(ua?.request ?? []),
      ...(ua?.response ?? []),
    ]);
    return { dirs: dirs.length > 0 ? dirs : ["request", "response"], ops };
  };
  for (const [name, schema] of Object.entries(schemasB)) {
    const { dirs, ops } = usedBy(name);
    const operations = ops.length > 0 ? { operations: ops } : {};
    if (!(name in schemasA)) {
      out.push({
        scope: "schema",
        subject: name,
        where: "",
        kind: "added",
        detail: "schema added",
        ...safe("a new type; nothing existing changes"),
        ...operations,
      });
      continue;
    }
    // Classify in every direction the schema is used in; the stricter verdict wins.
    const merged = new Map<string, SpecChange>();
    for (const dir of dirs) {
      const found: SpecChange[] = [];
      diffSchema(
        { before, after, dir, out: found, scope: "schema", subject: name, stack: new Set() },
        schemasA[name],
        schema,
        "",
      );
      for (const change of found) {
        const key = `${change.where}\u0000${change.detail}`;
        const prev = merged.get(key);
        if (!prev || (prev.severity === "non-breaking" && change.severity === "breaking")) {
          merged.set(key, { ...change, ...operations });
        }
      }
    }
    out.push(...merged.values());
  }
  for (const name of Object.keys(schemasA)) {
    if (!(name in schemasB)) {
      const { ops } = usedBy(name);
      out.push({
        scope: "schema",
        subject: name,
        where: "",
        kind: "removed",
        detail: "schema removed",
        ...breaking("its exported type disappears"),
        ...(ops.length > 0 ? { operations: ops } : {}),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// what to release

/**
 * The version bump for the fixed group of packages.
 * From 1.0 on: major for any breaking change, minor for additions and deprecations, patch
 * otherwise. While the version is 0.x a breaking change bumps the **minor**, as semver's 0.x
 * convention (and npm's `^0.y.z` ranges) treat the minor as the breaking digit; going to 1.0 is
 * a decision people make, not something a spec diff triggers. Additions are minor in both cases.
 * No changes: null.
 */
export function recommendBump(
  changes: SpecChange[],
  currentVersion: string,
): { bump: Bump | null; reason: string } {
  if (changes.length === 0) return { bump: null, reason: "no changes" };
  const major = Number.parseInt(currentVersion.split(".")[0] ?? "0", 10);
  const breakingCount = changes.filter((c) => c.severity === "breaking").length;
  if (breakingCount > 0) {
    return major >= 1
      ? { bump: "major", reason: `${breakingCount} breaking change(s)` }
      : {
          bump: "minor",
          reason: `${breakingCount} breaking change(s); ${currentVersion} is 0.x, where a breaking change bumps the minor`,
        };
  }
  if (changes.some((c) => c.kind === "added" || c.kind === "deprecated")) {
    return { bump: "minor", reason: "additions or deprecations, nothing breaking" };
  }
  return { bump: "patch", reason: "changes that are neither additions nor breaking" };
}

const subjectLabel = (c: SpecChange): string =>
  c.scope === "operation"
    ? c.subject
    : c.scope === "schema"
      ? `schema ${c.subject}`
      : `${c.scope} ${c.subject}`;

/** One scoped line for a changeset or a commit: `feat(spec)!: listThings: query.sort enum value "x" removed`. */
export function changeLine(c: SpecChange): string {
  const type = c.kind === "changed" ? "fix" : "feat";
  const bang = c.severity === "breaking" ? "!" : "";
  const where = c.where ? ` ${c.where}` : "";
  return `${type}(spec)${bang}: ${subjectLabel(c)}${where}: ${c.detail}`;
}

/**
 * The text of a changeset bumping every package of the fixed group: one scoped summary line
 * (what the changelog shows as the entry), then one scoped line per change, breaking ones first,
 * as a nested list under it.
 */
export function renderChangeset(changes: SpecChange[], packages: string[], bump: Bump): string {
  const header = packages.map((p) => `"${p}": ${bump}`).join("\n");
  const breakingCount = changes.filter((c) => c.severity === "breaking").length;
  const additive = changes.some((c) => c.kind === "added" || c.kind === "deprecated");
  const summary =
    `${additive || breakingCount > 0 ? "feat" : "fix"}(spec)${breakingCount > 0 ? "!" : ""}: ` +
    `spec changes: ${breakingCount} breaking, ${changes.length - breakingCount} non-breaking`;
  const ordered = [
    ...changes.filter((c) => c.severity === "breaking"),
    ...changes.filter((c) => c.severity !== "breaking"),
  ];
  const lines = ordered.map((c) => `- ${changeLine(c)}`).join("\n");
  return `---\n${header}\n---\n\n${summary}\n\n${lines}\n`;
}

/** A readable report: one block per subject, one line per change. */
export function formatReport(changes: SpecChange[]): string {
  if (changes.length === 0) return "No differences in operations, schemas or security.";
  const groups = new Map<string, SpecChange[]>();
  for (const c of changes) {
    const key = subjectLabel(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const lines: string[] = [];
  for (const [label, group] of groups) {
    const ops = group.find((c) => c.operations)?.operations;
    const used = ops
      ? `  (used by ${ops.slice(0, 4).join(", ")}${ops.length > 4 ? `, +${ops.length - 4}` : ""})`
      : "";
    lines.push(`${label}${used}`);
    const width = Math.min(40, Math.max(1, ...group.map((c) => (c.where || "·").length)));
    for (const c of group) {
      const sev = c.severity === "breaking" ? "BREAKING" : "non-breaking";
      lines.push(
        `  ${sev.padEnd(13)} ${(c.where || "·").padEnd(width)}  ${c.detail} — ${c.reason}`,
      );
    }
    lines.push("");
  }
  const b = changes.filter((c) => c.severity === "breaking").length;
  lines.push(`${changes.length} change(s): ${b} breaking, ${changes.length - b} non-breaking`);
  return lines.join("\n");
}
