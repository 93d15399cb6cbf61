/**
 * The differences between our spec and the official document, operation by operation: the
 * pairing itself, deprecation, security (scheme names and requirement shape), parameters,
 * the request body, and the success response's `result` and `result_info`, each compared
 * recursively for presence, required-ness, type, nullability, enum, default, format and bounds.
 *
 * Not compared: descriptions and examples, error responses, and the rest of the success envelope
 * (`success`, `errors`, `messages`), which are the same shared envelope for every operation.
 */

import { pairUp } from "../openapi/pair.ts";
import { resolve } from "../openapi/resolve.ts";
import {
  CONSTRAINTS,
  type FlatSchema,
  flatten,
  MAX_DEPTH,
  show,
  unique,
} from "../openapi/schema.ts";
import { formatSecurity, schemeSignature, securityAlternatives } from "../openapi/security.ts";
import type {
  Document,
  MediaType,
  Parameter,
  RequestBody,
  Response,
  SchemaOrRef,
} from "../openapi/types.ts";
import {
  type Aspect,
  acceptingNote,
  type Drift,
  type NoteSite,
  namesOperation,
  notesOf,
} from "./drift.ts";
import { at, type DevicesOperation, type Matching, type Pair } from "./match.ts";

type Direction = "request" | "response";

interface Context {
  ours: Document;
  official: Document;
  dir: Direction;
  out: Drift[];
  operation: string;
  at: string;
  /** Schema pairs being compared further up, to stop on recursive schemas. */
  stack: Set<string>;
}

function emit(
  ctx: Context,
  where: string,
  aspect: Aspect,
  ours: string,
  official: string,
  sites: NoteSite[],
): void {
  const inferred = acceptingNote(sites);
  ctx.out.push({
    operation: ctx.operation,
    at: ctx.at,
    where,
    aspect,
    ours,
    official,
    ...(inferred ? { inferred } : {}),
  });
}

const child = (where: string, name: string): string => (where ? `${where}.${name}` : name);

const typeText = (f: FlatSchema): string => {
  if (!f.types) return "(not stated)";
  const types = [...f.types].sort();
  return types.length === 0 ? "null" : types.join("|");
};

const ids = new WeakMap<object, number>();
let lastId = 0;
const idOf = (o: object): number => {
  const known = ids.get(o);
  if (known !== undefined) return known;
  lastId += 1;
  ids.set(o, lastId);
  return lastId;
};

// ---------------------------------------------------------------------------------------------
// schemas

/**
 * Compares the schema(s) at `where`. `outer` are further places whose notes accept the
 * differences here: the parameter or request body around a top-level schema, or the object that
 * holds a property (for notes naming it).
 */
function compareSchema(
  ctx: Context,
  ours: SchemaOrRef[],
  official: SchemaOrRef[],
  where: string,
  outer: NoteSite[] = [],
  depth = 0,
): void {
  if (depth > MAX_DEPTH) return;
  const a = flatten(ctx.ours, ours, "strict");
  const b = flatten(ctx.official, official, "refine");
  // The schema objects read on each side (refs followed): met again further down, a recursion.
  const key = `${a.nodes.map(idOf).join(",")}/${b.nodes.map(idOf).join(",")}`;
  if (ctx.stack.has(key)) return;
  ctx.stack.add(key);
  try {
    const here: NoteSite[] = [{ nodes: a.nodes, properties: propertiesOf(a, b) }, ...outer];
    const diff = (aspect: Aspect, x: string, y: string) => emit(ctx, where, aspect, x, y, here);

    const nonNull = (f: FlatSchema) => [...(f.types ?? [])].sort().join("|");
    if (!a.types || !b.types || a.types.size === 0 || b.types.size === 0) {
      // Not stated, or only null, on one side: one difference of type, null included.
      const full = (f: FlatSchema) =>
        f.types && f.types.size > 0 && f.nullable ? `${typeText(f)}|null` : typeText(f);
      if (full(a) !== full(b)) diff("type", full(a), full(b));
    } else {
      if (nonNull(a) !== nonNull(b)) diff("type", nonNull(a) || "null", nonNull(b) || "null");
      if (a.nullable !== b.nullable) {
        const text = (f: FlatSchema) => (f.nullable ? "nullable" : "not nullable");
        diff("nullable", text(a), text(b));
      }
    }

    if (a.values || b.values) {
      const onlyIn = (x: string[] | null, y: string[] | null) =>
        x === null
          ? "(any value)"
          : y === null
            ? x.join(", ")
            : x.filter((v) => !y.includes(v)).join(", ") || "—";
      const same =
        a.values &&
        b.values &&
        a.values.length === b.values.length &&
        a.values.every((v) => b.values?.includes(v));
      if (!same) diff("enum", onlyIn(a.values, b.values), onlyIn(b.values, a.values));
    }

    const dflt = (f: FlatSchema) => (f.default ? show(f.default.value) : "(none)");
    if (dflt(a) !== dflt(b)) diff("default", dflt(a), dflt(b));

    for (const k of CONSTRAINTS) {
      const x = a.constraints[k];
      const y = b.constraints[k];
      if (show(x) !== show(y)) {
        const text = (v: unknown) => (v === undefined ? "(none)" : `${k} ${show(v)}`);
        diff("constraint", text(x), text(y));
      }
    }
    const extraProps = (f: FlatSchema) =>
      f.additionalProperties === false
        ? "additionalProperties false"
        : "(extra properties allowed)";
    if ((a.additionalProperties === false) !== (b.additionalProperties === false)) {
      diff("constraint", extraProps(a), extraProps(b));
    }
    if (a.deprecated !== b.deprecated) {
      const text = (f: FlatSchema) => (f.deprecated ? "deprecated" : "not deprecated");
      diff("deprecated", text(a), text(b));
    }

    // A union on one side only: the shapes differ as a whole (reported with the variants).
    if (!a.variants !== !b.variants) {
      compareVariants(ctx, a, b, where, here, depth);
      return;
    }
    compareProperties(ctx, a, b, where, here, depth);

    if (a.items.length > 0 && b.items.length > 0) {
      compareSchema(ctx, a.items, b.items, `${where}[]`, [], depth + 1);
    }
    if (Array.isArray(a.additionalProperties) && Array.isArray(b.additionalProperties)) {
      const [x, y] = [a.additionalProperties, b.additionalProperties];
      if (x.length > 0 && y.length > 0) compareSchema(ctx, x, y, child(where, "*"), [], depth + 1);
    }
    compareVariants(ctx, a, b, where, here, depth);
  } finally {
    ctx.stack.delete(key);
  }
}

/** Property names declared at a place by either document. */
const propertiesOf = (a: FlatSchema, b: FlatSchema): string[] =>
  unique([...a.properties.keys(), ...b.properties.keys()]);

/** The notes of a property's own schema (not those about its own properties). */
function ownSite(
  ctx: Context,
  pa: SchemaOrRef[] | undefined,
  pb: SchemaOrRef[] | undefined,
): NoteSite {
  const a = flatten(ctx.ours, pa ?? []);
  return { nodes: a.nodes, properties: propertiesOf(a, flatten(ctx.official, pb ?? [], "refine")) };
}

function compareProperties(
  ctx: Context,
  a: FlatSchema,
  b: FlatSchema,
  where: string,
  here: NoteSite[],
  depth: number,
) {
  // One side declares no properties at all: one difference, not one per property.
  const count = (f: FlatSchema) =>
    f.properties.size === 0 ? "(no properties declared)" : `${f.properties.size} properties`;
  if ((a.properties.size === 0) !== (b.properties.size === 0)) {
    emit(ctx, where, "property", count(a), count(b), here);
    return;
  }
  const flag = ctx.dir === "request" ? "readOnly" : "writeOnly";
  const inDirection = (doc: Document, nodes: SchemaOrRef[] | undefined) =>
    nodes !== undefined && !flatten(doc, nodes)[flag];
  for (const name of unique([...a.properties.keys(), ...b.properties.keys()])) {
    const pa = a.properties.get(name);
    const pb = b.properties.get(name);
    const inA = inDirection(ctx.ours, pa);
    const inB = inDirection(ctx.official, pb);
    const at = child(where, name);
    const container: NoteSite = { nodes: a.nodes, word: name };
    const own = ownSite(ctx, pa, pb);
    const req = (f: FlatSchema) => (f.required.has(name) ? "required" : "optional");
    if (!inA && !inB) continue;
    if (!inA) {
      emit(ctx, at, "property", "(absent)", `present, ${req(b)}`, [container]);
      continue;
    }
    if (!inB) {
      emit(ctx, at, "property", `present, ${req(a)}`, "(absent)", [own, container]);
      continue;
    }
    if (req(a) !== req(b)) emit(ctx, at, "required", req(a), req(b), [own, container]);
    compareSchema(ctx, pa ?? [], pb ?? [], at, [container], depth + 1);
  }
}

/** Variants are paired by the property names they require (then by position). */
function compareVariants(
  ctx: Context,
  a: FlatSchema,
  b: FlatSchema,
  where: string,
  here: NoteSite[],
  depth: number,
) {
  const va = a.variants ?? [];
  const vb = b.variants ?? [];
  if (va.length === 0 && vb.length === 0) return;
  const shapes = (n: number) => (n === 0 ? "a single shape" : `one of ${n} shapes`);
  if (va.length === 0 || vb.length === 0) {
    emit(ctx, where, "variants", shapes(va.length), shapes(vb.length), here);
    return;
  }
  const signature = (doc: Document, v: SchemaOrRef) => {
    const f = flatten(doc, [v]);
    return `${[...(f.types ?? [])].sort().join("|")}:${[...f.required].sort().join(",")}`;
  };
  const sa = va.map((v) => signature(ctx.ours, v));
  const sb = vb.map((v) => signature(ctx.official, v));
  const { pairs } = pairUp(sa, sb);
  if (va.length !== vb.length)
    emit(ctx, where, "variants", shapes(va.length), shapes(vb.length), here);
  for (const [i, j] of pairs) {
    const [x, y] = [va[i], vb[j]];
    if (x && y) compareSchema(ctx, [x], [y], `${where} (variant ${i + 1})`, [], depth + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// operations

const pathNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");

/** Path parameters are keyed by position, as their names may differ between the documents. */
function paramKey(p: Parameter, path: string): string {
  if (p.in === "path") return `path#${pathNames(path).indexOf(p.name)}`;
  return `${p.in}.${p.in === "header" ? p.name.toLowerCase() : p.name}`;
}

function paramSchema(p: Parameter): SchemaOrRef[] {
  if (p.schema !== undefined) return [p.schema];
  const first = Object.values(p.content ?? {})[0] as MediaType | undefined;
  return first?.schema ? [first.schema] : [];
}

function compareSecurity(ctx: Context, pair: Pair, opSite: (word: string) => NoteSite[]) {
  const altsA = securityAlternatives(ctx.ours, pair.ours.op);
  const altsB = securityAlternatives(ctx.official, pair.official.op);
  const namesIn = (alts: string[][]) => unique(alts.flat()).sort();
  // Our scheme names translated to the official scheme that asks for the same credentials.
  const officialBySignature = new Map(
    Object.keys(ctx.official.components?.securitySchemes ?? {}).map((n) => [
      schemeSignature(ctx.official, n),
      n,
    ]),
  );
  const translate = (name: string) =>
    officialBySignature.get(schemeSignature(ctx.ours, name)) ?? name;
  const [na, nb] = [namesIn(altsA), namesIn(altsB)];
  const site = opSite("security");
  if (na.join(",") !== nb.join(",")) {
    emit(
      ctx,
      "security.schemes",
      "security",
      na.join(", ") || "none",
      nb.join(", ") || "none",
      site,
    );
  }
  const translated = altsA.map((alt) => alt.map(translate).sort());
  const text = (alts: string[][]) =>
    formatSecurity(
      unique(alts.map((a) => a.join("+")))
        .sort()
        .map((s) => s.split("+")),
    );
  if (text(translated) !== text(altsB)) {
    emit(
      ctx,
      "security.requirement",
      "security",
      formatSecurity(altsA),
      formatSecurity(altsB),
      site,
    );
  }
}

function compareParameters(ctx: Context, pair: Pair, opSite: (word: string) => NoteSite[]) {
  const { ours, official } = pair;
  const pa = new Map(ours.parameters.map((p) => [paramKey(p, ours.path), p]));
  const pb = new Map(official.parameters.map((p) => [paramKey(p, official.path), p]));
  const req = (p: Parameter) => (p.required ? "required" : "optional");
  for (const [key, p] of pa) {
    const where = `${p.in}.${p.name}`;
    const own: NoteSite = { nodes: [p, ...flatten(ctx.ours, paramSchema(p)).nodes] };
    const q = pb.get(key);
    if (!q) {
      emit(ctx, where, "parameter", `present, ${req(p)}`, "(absent)", [own]);
      continue;
    }
    if (req(p) !== req(q)) emit(ctx, where, "required", req(p), req(q), [own]);
    compareSchema(ctx, paramSchema(p), paramSchema(q), where, [{ nodes: [p] }]);
  }
  for (const [key, q] of pb) {
    if (pa.has(key)) continue;
    emit(ctx, `${q.in}.${q.name}`, "parameter", "(absent)", `present, ${req(q)}`, opSite(q.name));
  }
}

const JSON_TYPE = "application/json";

function compareBody(ctx: Context, pair: Pair, opSite: (word: string) => NoteSite[]) {
  const rawA = pair.ours.op.requestBody;
  const rawB = pair.official.op.requestBody;
  const a = rawA ? resolve<RequestBody>(ctx.ours, rawA) : undefined;
  const b = rawB ? resolve<RequestBody>(ctx.official, rawB) : undefined;
  const describe = (body: RequestBody | undefined) => {
    if (!body) return "(none)";
    const media = Object.keys(body.content ?? {});
    const schema = (body.content?.[JSON_TYPE] as MediaType | undefined)?.schema;
    return `${body.required ? "required" : "optional"} ${media.join(", ") || "(no media type)"}${
      media.includes(JSON_TYPE) && !schema ? " (no schema)" : ""
    }`;
  };
  const site = [...opSite("body"), { nodes: a ? [a] : [] }];
  const sa = (a?.content?.[JSON_TYPE] as MediaType | undefined)?.schema;
  const sb = (b?.content?.[JSON_TYPE] as MediaType | undefined)?.schema;
  // Presence, required-ness, media types and whether a JSON schema is given, in one line.
  if (describe(a) !== describe(b)) emit(ctx, "body", "body", describe(a), describe(b), site);
  if (sa && sb) compareSchema(ctx, [sa], [sb], "body", [{ nodes: a ? [a] : [] }]);
}

/** The first 2xx response and its JSON schema. */
function success(doc: Document, op: DevicesOperation) {
  const statuses = Object.keys(op.op.responses ?? {})
    .filter((s) => /^2/.test(s))
    .sort();
  const status = statuses[0];
  if (!status) return { status: "(none)" };
  const response = resolve<Response>(doc, op.op.responses?.[status]);
  const schema = (response.content?.[JSON_TYPE] as MediaType | undefined)?.schema;
  return { status, ...(schema ? { schema } : {}) };
}

const ENVELOPE_PARTS = ["result", "result_info"];

function compareResponse(ctx: Context, pair: Pair, opSite: (word: string) => NoteSite[]) {
  const a = success(ctx.ours, pair.ours);
  const b = success(ctx.official, pair.official);
  const text = (s: { status: string; schema?: SchemaOrRef }) =>
    `${s.status}${s.schema ? "" : " (no JSON body)"}`;
  if (text(a) !== text(b)) emit(ctx, "response", "status", text(a), text(b), opSite("status"));
  if (!a.schema || !b.schema) return;
  const ea = flatten(ctx.ours, [a.schema], "strict");
  const eb = flatten(ctx.official, [b.schema], "refine");
  for (const name of ENVELOPE_PARTS) {
    const pa = ea.properties.get(name);
    const pb = eb.properties.get(name);
    const container: NoteSite = { nodes: ea.nodes, word: name };
    const own = ownSite(ctx, pa, pb);
    const req = (f: FlatSchema) => (f.required.has(name) ? "required" : "optional");
    if (!pa && !pb) continue;
    if (!pa || !pb) {
      const present = (f: FlatSchema, p: unknown) => (p ? `present, ${req(f)}` : "(absent)");
      emit(
        ctx,
        name,
        "property",
        present(ea, pa),
        present(eb, pb),
        pa ? [own, container] : [container],
      );
      continue;
    }
    if (req(ea) !== req(eb)) emit(ctx, name, "required", req(ea), req(eb), [own, container]);
    compareSchema(ctx, pa, pb, name, [container]);
  }
}

function comparePair(ours: Document, official: Document, pair: Pair, out: Drift[]): void {
  const officialId = pair.official.op.operationId ?? at(pair.official);
  const ctx: Context = {
    ours,
    official,
    dir: "request",
    out,
    operation: `${pair.ours.op.operationId ?? at(pair.ours)} = ${officialId}`,
    at: at(pair.official),
    stack: new Set(),
  };
  const opSite = (word: string): NoteSite[] => [{ nodes: [pair.ours.op], word }];
  if (pair.idProblem) {
    emit(
      ctx,
      "",
      "operationId",
      pair.idProblem.ours,
      pair.idProblem.official,
      opSite("operationId"),
    );
  }
  const dep = (o: DevicesOperation) => (o.op.deprecated ? "deprecated" : "not deprecated");
  if (dep(pair.ours) !== dep(pair.official)) {
    emit(ctx, "", "deprecated", dep(pair.ours), dep(pair.official), opSite("deprecated"));
  }
  compareSecurity(ctx, pair, opSite);
  compareParameters(ctx, pair, opSite);
  compareBody(ctx, pair, opSite);
  compareResponse({ ...ctx, dir: "response" }, pair, opSite);
}

/** Every difference, operation by operation (ours in document order), then official-only ones. */
export function compareDocuments(ours: Document, official: Document, matching: Matching): Drift[] {
  const out: Drift[] = [];
  for (const pair of matching.pairs) comparePair(ours, official, pair, out);
  for (const { ours: o, recordedId } of matching.onlyOurs) {
    const inferred = acceptingNote([{ nodes: [o.op], word: "operation" }]);
    out.push({
      operation: o.op.operationId ?? at(o),
      at: at(o),
      where: "",
      aspect: "operation",
      ours: "present",
      official: recordedId ? `(absent; no operation ${recordedId})` : "(absent)",
      ...(inferred ? { inferred } : {}),
    });
  }
  const topNotes = notesOf(ours);
  for (const o of matching.onlyOfficial) {
    const id = o.op.operationId ?? at(o);
    const inferred = topNotes.find((n) => namesOperation(n, id));
    out.push({
      operation: id,
      at: at(o),
      where: "",
      aspect: "operation",
      ours: "(absent)",
      official: "present",
      ...(inferred ? { inferred } : {}),
    });
  }
  return out;
}
