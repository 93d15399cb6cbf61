/**
 * Comparing two schemas at one place, in one direction (what clients send, or what they
 * receive), and emitting one change per difference with its verdict and what callers must do.
 */

import { pairUp } from "../openapi/pair.ts";
import {
  componentOf,
  isObject,
  isRef,
  isSchemaRef,
  resolve,
  settle,
  unwrap,
} from "../openapi/resolve.ts";
import {
  covers,
  enumValues,
  flatten,
  LOWER_BOUNDS,
  MAX_DEPTH,
  OPAQUE_CONSTRAINTS,
  present,
  show,
  typeSet,
  UPPER_BOUNDS,
  unionKey,
  unique,
} from "../openapi/schema.ts";
import type { Document, Schema, SchemaOrRef } from "../openapi/types.ts";
import { breaking, emit, type SchemaContext, safe } from "./changes.ts";

const list = (items: Iterable<string>): string => [...items].join(", ");
export const child = (where: string, name: string): string => (where ? `${where}.${name}` : name);

/**
 * Compares two schemas at `where` in the direction `ctx.dir`, emitting one change per
 * difference. Same named `$ref` on both sides: nothing to do here (reported under the schema).
 */
export function diffSchema(
  ctx: SchemaContext,
  rawA: SchemaOrRef,
  rawB: SchemaOrRef,
  where: string,
  depth = 0,
): void {
  const a0 = unwrap(rawA);
  const b0 = unwrap(rawB);
  if (isSchemaRef(a0) && isSchemaRef(b0) && a0.$ref === b0.$ref) return;
  if (depth > MAX_DEPTH) return;
  // Two different $refs met again further down: a recursive schema, already being compared.
  const pair = isRef(a0) && isRef(b0) ? `${a0.$ref}→${b0.$ref}` : null;
  if (pair) {
    if (ctx.stack.has(pair)) return;
    ctx.stack.add(pair);
  }
  try {
    const a = settle(ctx.before, a0);
    const b = settle(ctx.after, b0);
    const ua = unionKey(a);
    const ub = unionKey(b);
    if (!ua && !ub) {
      compareResolved(ctx, a, b, where, depth);
      return;
    }
    // oneOf / anyOf: compare the variants (a plain schema is a single variant), then the rest.
    compareVariants(ctx, ua ? (a[ua] ?? []) : [a0], ub ? (b[ub] ?? []) : [b0], where, depth);
    if (!ua || !ub) return; // the single variant carried everything there is to compare
    const { [ua]: _a, ...restA } = a;
    const { [ub]: _b, ...restB } = b;
    compareResolved(ctx, restA, restB, where, depth);
  } finally {
    if (pair) ctx.stack.delete(pair);
  }
}

/** The JSON types a schema allows, looking into `allOf` members when it does not say itself. */
function typesOf(doc: Document, s: Schema, depth = 0): Set<string> | null {
  const own = typeSet(s);
  if (own || !Array.isArray(s.allOf) || depth > MAX_DEPTH) return own;
  // Every member must hold, so the schema allows the types all typed members have in common.
  const typed = s.allOf
    .map((member) => typesOf(doc, settle(doc, member), depth + 1))
    .filter((t): t is Set<string> => t !== null);
  const [first] = typed;
  if (!first) return null;
  return new Set([...first].filter((x) => typed.every((t) => t.has(x))));
}

/** How callers read a value that may now be null. */
const nullAction = (types: Set<string>) =>
  types.has("array")
    ? "treat null as an empty list (e.g. `result ?? []`) before iterating"
    : "check for null before using the value";

function compareTypes(ctx: SchemaContext, a: Schema, b: Schema, where: string): boolean {
  const ta = typesOf(ctx.before, a);
  const tb = typesOf(ctx.after, b);
  if (ta && tb) {
    const removed = [...ta].filter((t) => !covers(tb, t));
    const added = [...tb].filter((t) => !covers(ta, t));
    const from = [...ta].join("|");
    const to = [...tb].join("|");
    if (removed.length > 0 && added.length > 0) {
      // object → array, null → object, string|null → integer: a different kind of value.
      emit(ctx, where, "changed", `type changed from ${from} to ${to}`, {
        request: breaking(
          "the value has a different type: requests sending the old kind are rejected",
          `send ${to} here instead of ${from}`,
        ),
        response: breaking(
          "the value has a different type: code reading the old kind breaks",
          `read it as ${to} (it was ${from})${tb.has("null") ? `; ${nullAction(tb)}` : ""}`,
        ),
      });
      return true;
    }
    if (removed.length > 0) {
      emit(ctx, where, "changed", `type narrowed: no longer ${removed.join("|")}`, {
        request: breaking(
          `requests sending ${removed.join("|")} are no longer accepted`,
          `stop sending ${removed.join("|")} here`,
        ),
        response: safe("responses can only hold fewer kinds of value"),
      });
    }
    if (added.length > 0) {
      const becomesNullable = added.includes("null");
      emit(ctx, where, "changed", `type widened: now also ${added.join("|")}`, {
        request: safe(`requests may now also send ${added.join("|")}`),
        response: breaking(
          becomesNullable
            ? "the value may now be null: code using it unchecked crashes"
            : `readers must now handle ${added.join("|")}`,
          becomesNullable && added.length === 1
            ? nullAction(tb)
            : `handle ${added.join("|")} values where this is read`,
        ),
      });
    }
  } else if (ta && !tb) {
    emit(ctx, where, "changed", `type no longer declared (was ${[...ta].join("|")})`, {
      request: safe("any value is accepted now"),
      response: breaking(
        "the value is no longer typed; readers get `unknown`",
        "check the value's type before using it",
      ),
    });
  } else if (!ta && tb && Object.keys(a).length > 0) {
    emit(ctx, where, "changed", `type now declared as ${[...tb].join("|")}`, {
      request: breaking(
        "values of other types are no longer accepted",
        `send only ${[...tb].join("|")} here`,
      ),
      response: safe("the value is now typed more precisely"),
    });
  }
  return false;
}

function compareEnums(ctx: SchemaContext, a: Schema, b: Schema, where: string) {
  const ea = enumValues(a);
  const eb = enumValues(b);
  if (ea && eb) {
    for (const v of ea.filter((x) => !eb.includes(x))) {
      emit(ctx, where, "removed", `enum value ${v} removed`, {
        request: breaking(
          `requests sending ${v} are rejected and no longer type-check`,
          `stop sending ${v}`,
        ),
        response: safe(`responses no longer contain ${v}`),
      });
    }
    for (const v of eb.filter((x) => !ea.includes(x))) {
      emit(ctx, where, "added", `enum value ${v} added`, {
        request: safe(`requests may now send ${v}`),
        response: breaking(
          `responses may contain ${v}: the union type grows, so exhaustive switches stop compiling and old code may not handle it`,
          `handle ${v} (add a case to exhaustive switches)`,
        ),
      });
    }
  } else if (!ea && eb) {
    emit(ctx, where, "changed", `restricted to enum ${eb.join(", ")}`, {
      request: breaking("other values are no longer accepted", `send only ${eb.join(", ")}`),
      response: safe("responses hold only the listed values"),
    });
  } else if (ea && !eb) {
    emit(ctx, where, "changed", "enum restriction removed", {
      request: safe("any value of the type is accepted now"),
      response: breaking(
        "responses may hold values outside the old list",
        "handle values outside the old list",
      ),
    });
  }
}

function compareDefaults(ctx: SchemaContext, a: Schema, b: Schema, where: string) {
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
}

function compareResolved(ctx: SchemaContext, a: Schema, b: Schema, where: string, depth: number) {
  if (compareTypes(ctx, a, b, where)) return;
  compareEnums(ctx, a, b, where);
  compareConstraints(ctx, a, b, where);
  if (a.deprecated !== true && b.deprecated === true) {
    emit(ctx, where, "deprecated", "deprecated", safe("still works; marked for removal"));
  }
  compareDefaults(ctx, a, b, where);
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
      breaking(
        "requests carrying extra properties are now rejected",
        "send only the declared properties",
      ),
    );
  }
}

function variantKey(doc: Document, v: SchemaOrRef): string {
  if (isRef(v)) return v.$ref;
  const types = typeSet(resolve<Schema>(doc, v));
  return `inline:${types ? [...types].sort().join("|") : "?"}`;
}

function variantLabel(v: SchemaOrRef, index: number): string {
  return isRef(v) ? (v.$ref.split("/").pop() ?? v.$ref) : `#${index + 1}`;
}

function compareVariants(
  ctx: SchemaContext,
  va: SchemaOrRef[],
  vb: SchemaOrRef[],
  where: string,
  depth: number,
) {
  const keysA = va.map((v) => variantKey(ctx.before, v));
  const keysB = vb.map((v) => variantKey(ctx.after, v));
  // Unmatched inline variants are paired up by position (an edited inline variant).
  const { pairs, onlyA, onlyB } = pairUp(keysA, keysB, (key) => !key.startsWith("#"));
  const label = (w: string, v: SchemaOrRef, i: number) => `${w} (variant ${variantLabel(v, i)})`;
  for (const [i, j] of pairs) {
    const [x, y] = [va[i], vb[j]];
    if (!x || !y) continue;
    diffSchema(ctx, x, y, va.length > 1 || vb.length > 1 ? label(where, y, j) : where, depth + 1);
  }
  for (const i of onlyA) {
    const v = va[i] ?? {};
    const what = keysA[i] === "inline:null" ? "null" : `variant ${variantLabel(v, i)}`;
    emit(ctx, where, "removed", `${what} no longer an alternative`, {
      request: breaking("requests of that shape are no longer accepted", "stop sending that shape"),
      response: safe("responses of that shape no longer occur"),
    });
  }
  for (const j of onlyB) {
    const v = vb[j] ?? {};
    const isNull = keysB[j] === "inline:null";
    const what = isNull ? "null" : `variant ${variantLabel(v, j)}`;
    emit(ctx, where, "added", `${what} added as an alternative`, {
      request: safe("requests may now take that shape too"),
      response: isNull
        ? breaking(
            "the value may now be null: code using it unchecked crashes",
            "check for null before using the value",
          )
        : breaking("readers must now handle that shape", `handle the ${what} shape too`),
    });
  }
}

function compareConstraints(ctx: SchemaContext, a: Schema, b: Schema, where: string) {
  const tighter = (key: string, detail: string) =>
    emit(ctx, where, "changed", detail, {
      request: breaking(
        `stricter ${key}: requests valid before may be rejected`,
        `keep values within the new ${key}`,
      ),
      response:
        key === "format" && a.format !== undefined
          ? breaking(
              "values have a different format: code parsing them may fail",
              `parse the value as ${show(b.format)}`,
            )
          : safe("responses stay within what readers expect"),
    });
  const looser = (key: string, detail: string) =>
    emit(ctx, where, "changed", detail, {
      request: safe(`looser ${key}: every request valid before still is`),
      response:
        key === "format"
          ? breaking(
              "values no longer promise a format: code parsing them may fail",
              `not rely on the value being ${show(a.format)}`,
            )
          : safe("responses stay within the types"),
    });
  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const x = a[key];
    const y = b[key];
    if (x === y || (typeof x !== "number" && typeof y !== "number")) continue;
    const detail = `${key} ${x === undefined ? "set to" : `changed from ${show(x)} to`} ${y === undefined ? "(none)" : show(y)}`;
    const lower = (LOWER_BOUNDS as readonly string[]).includes(key);
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

interface ObjectView {
  /** Properties from the schema itself and from inline `allOf` members. */
  props: Map<string, SchemaOrRef>;
  required: Set<string>;
  /** `$ref` members of `allOf`, compared by name. */
  refs: string[];
}

function objectView(doc: Document, s: Schema): ObjectView {
  const view: ObjectView = { props: new Map(), required: new Set(), refs: [] };
  const visit = (node: Schema, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const [k, v] of Object.entries(node.properties ?? {})) view.props.set(k, v);
    for (const r of node.required ?? []) view.required.add(r);
    for (const member of node.allOf ?? []) {
      if (isSchemaRef(member)) view.refs.push(member.$ref);
      else visit(resolve<Schema>(doc, member), depth + 1);
    }
  };
  visit(s, 0);
  return view;
}

/** Every property name and required name, including those from `$ref` members of `allOf`. */
function allProperties(
  doc: Document,
  s: SchemaOrRef,
): { props: Set<string>; required: Set<string> } {
  const flat = flatten(doc, [s]);
  return { props: new Set(flat.properties.keys()), required: flat.required };
}

function compareObject(ctx: SchemaContext, a: Schema, b: Schema, where: string, depth: number) {
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
        ? breaking(`properties ${list(lost)} are gone`, `stop using ${list(lost)}`)
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
          ? breaking(
              `requests must now also send ${list(newlyRequired)}`,
              `send ${list(newlyRequired)}`,
            )
          : safe(`${name} adds no required properties`),
      response: safe(`responses gain ${name}'s properties`),
    });
  }

  for (const name of unique([...va.props.keys(), ...vb.props.keys()])) {
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
          ? breaking(
              "existing requests lack it, so they fail validation and type-checking",
              `send ${name}`,
            )
          : safe("optional: existing requests stay valid"),
        response: safe("readers can ignore a new property"),
      });
      continue;
    }
    if (!inB) {
      if (pb === undefined && fb.props.has(name)) continue; // moved into an allOf member
      emit(ctx, at, "removed", "property removed", {
        request: breaking(
          "requests sending it no longer type-check and may be rejected",
          `stop sending ${name}`,
        ),
        response: breaking(
          "readers of it get nothing and no longer type-check",
          `stop reading ${name}`,
        ),
      });
      continue;
    }
    const ra = fa.required.has(name);
    const rb = fb.required.has(name);
    if (!ra && rb) {
      emit(ctx, at, "changed", "now required", {
        request: breaking(
          "requests that leave it out are rejected and no longer type-check",
          `always send ${name}`,
        ),
        response: safe("it is now always present"),
      });
    } else if (ra && !rb) {
      emit(ctx, at, "changed", "now optional", {
        request: safe("requests may now leave it out"),
        response: breaking(
          "readers must now handle it missing (its type gains `undefined`)",
          `handle ${name} being absent (undefined)`,
        ),
      });
    }
    if (pa && pb) diffSchema(ctx, pa, pb, at, depth + 1);
  }
}
