/**
 * Builds the operations manifest from the spec. Pure: document in, data out.
 */
import { deref, type Json, listOperations, refName } from "./spec.ts";

const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const PAGINATION = new Set(["cursor", "numbered", "page", "none"]);
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The schema of results that carry nothing (`{}`); operations returning it resolve to `void`. */
const EMPTY_RESULT = "EmptyResult";

export interface ManifestQueryParam {
  name: string;
  required: boolean;
  array: boolean;
  type: string;
  enum?: string[];
  default?: string | number | boolean;
  mockDefault?: string | number | boolean;
  aliases?: string[];
  description?: string;
  /** Bounds of the value (of each item, for arrays), as the spec's schema declares them. */
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Bounds of the number of values, for arrays. */
  minItems?: number;
  maxItems?: number;
}

const VALUE_BOUNDS = ["minimum", "maximum", "minLength", "maxLength"] as const;
const ITEM_BOUNDS = ["minItems", "maxItems"] as const;

/**
 * Copies the bounds a parameter's schema declares into the manifest entry. OpenAPI 3.0's
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become 3.1's numeric form.
 */
function addBounds(q: ManifestQueryParam, schema: Json, item: Json, where: string): void {
  const number = (s: Json, key: string): number | undefined => {
    const v = s[key];
    if (v === undefined || typeof v === "boolean") return undefined;
    if (typeof v !== "number" || !Number.isFinite(v))
      fail(where, `${q.name}: ${key} must be a number`);
    return v;
  };
  for (const key of VALUE_BOUNDS) {
    const v = number(item, key);
    if (v !== undefined) q[key] = v;
  }
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (item[flag] === true && q[bound] !== undefined) {
      q[flag] = q[bound];
      delete q[bound];
    } else {
      const v = number(item, flag);
      if (v !== undefined) q[flag] = v;
    }
  }
  if (item.pattern !== undefined) {
    try {
      new RegExp(item.pattern, "u");
    } catch {
      fail(where, `${q.name}: pattern is not a valid regular expression`);
    }
    q.pattern = item.pattern;
  }
  if (q.array) {
    for (const key of ITEM_BOUNDS) {
      const v = number(schema, key);
      if (v !== undefined) q[key] = v;
    }
  }
}

export interface ManifestEntry {
  operationId: string;
  cloudflareOperationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  deprecated: boolean;
  replacedBy: string[];
  pagination: string;
  idempotent: boolean;
  scope: "account" | "zone";
  security: string[][];
  pathParams: string[];
  queryParams: ManifestQueryParam[];
  requestBody: { required: boolean; schema: string | null; kind: "array" | "object" } | null;
  responseSchema: string;
  resultKind: "array" | "object" | "empty";
  resultNullable: boolean;
}

function fail(where: string, message: string): never {
  throw new Error(`spec: ${where}: ${message}`);
}

/** The JSON type of a schema, looking through `$ref` and nullable unions. */
function schemaType(doc: Json, schema: Json): string | undefined {
  const s = deref(doc, schema);
  if (!s) return undefined;
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== "null");
  if (typeof s.type === "string") return s.type;
  if (s.const === null) return "null";
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    if (Array.isArray(s[key])) {
      for (const part of s[key]) {
        const t = schemaType(doc, part);
        if (t) return t;
      }
    }
  }
  return undefined;
}

/** Whether a schema admits null: a `null` type, `const: null`, or a null branch of oneOf/anyOf. */
function schemaNullable(doc: Json, schema: Json): boolean {
  const s = deref(doc, schema);
  if (!s) return false;
  if (s.type === "null" || (Array.isArray(s.type) && s.type.includes("null"))) return true;
  if (s.const === null) return true;
  return ["oneOf", "anyOf"].some(
    (key) => Array.isArray(s[key]) && s[key].some((part: Json) => schemaNullable(doc, part)),
  );
}

/** Whether a result schema is (or may be) `EmptyResult`: a call with nothing to return. */
function isEmptyResult(schema: Json): boolean {
  if (refName(schema) === EMPTY_RESULT) return true;
  return ["oneOf", "anyOf"].some(
    (key) => Array.isArray(schema?.[key]) && schema[key].some((part: Json) => isEmptyResult(part)),
  );
}

/** Finds the schema of `result` in a success envelope (possibly composed with allOf). */
function resultSchema(doc: Json, envelope: Json): Json | undefined {
  const s = deref(doc, envelope);
  if (s?.properties?.result) return s.properties.result;
  for (const part of s?.allOf ?? []) {
    const found = resultSchema(doc, part);
    if (found) return found;
  }
  return undefined;
}

export function buildManifest(doc: Json): ManifestEntry[] {
  const seen = new Set<string>();
  const entries: ManifestEntry[] = [];
  const allIds = new Set(listOperations(doc).map((o) => o.op.operationId));

  for (const { path, method, parameters, op } of listOperations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    const id: string = op.operationId;
    if (typeof id !== "string" || !CAMEL_CASE.test(id))
      fail(where, `operationId "${id}" must be camelCase`);
    if (seen.has(id)) fail(where, `duplicate operationId "${id}"`);
    seen.add(id);
    const cloudflareOperationId = op["x-cloudflare-operation-id"];
    if (typeof cloudflareOperationId !== "string" || !KEBAB_CASE.test(cloudflareOperationId))
      fail(where, "x-cloudflare-operation-id must name Cloudflare's (kebab-case) operationId");

    const tags: string[] = op.tags ?? [];
    if (tags.length !== 1) fail(where, "needs exactly one tag");
    const pagination = op["x-pagination"];
    if (!PAGINATION.has(pagination))
      fail(where, "x-pagination must be cursor, numbered, page or none");
    if (typeof op["x-idempotent"] !== "boolean") fail(where, "x-idempotent must be true or false");
    const replacedBy: string[] = op["x-replaced-by"] ?? [];
    for (const r of replacedBy)
      if (!allIds.has(r)) fail(where, `x-replaced-by names unknown "${r}"`);
    if (op.deprecated && replacedBy.length === 0) fail(where, "deprecated without x-replaced-by");

    const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    for (const name of pathParams) {
      if (!parameters.some((p: Json) => p.in === "path" && p.name === name)) {
        fail(where, `path parameter {${name}} is not declared`);
      }
    }

    const queryParams: ManifestQueryParam[] = parameters
      .filter((p: Json) => p.in === "query")
      .map((p: Json) => {
        const schema = deref(doc, p.schema ?? {});
        const array = schemaType(doc, schema) === "array";
        const item = array ? deref(doc, schema.items ?? {}) : schema;
        const q: ManifestQueryParam = {
          name: p.name,
          required: p.required === true,
          array,
          type: schemaType(doc, item) ?? "string",
        };
        if (Array.isArray(item.enum)) q.enum = item.enum.map(String);
        if (item.default !== undefined) q.default = item.default;
        const mockDefault = p["x-mock-default"];
        if (mockDefault !== undefined) {
          if (item.default !== undefined)
            fail(where, `${p.name} has both default and x-mock-default`);
          if (!p["x-inferred"] && !p.description)
            fail(where, `${p.name}: x-mock-default needs an x-inferred note or a description`);
          q.mockDefault = mockDefault;
        }
        const aliases = p["x-mock-aliases"];
        if (aliases !== undefined) {
          if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === "string"))
            fail(where, `${p.name}: x-mock-aliases must be a list of parameter names`);
          q.aliases = aliases;
        }
        if (p.description) q.description = String(p.description).trim();
        addBounds(q, schema, item, where);
        return q;
      });

    let requestBody: ManifestEntry["requestBody"] = null;
    if (op.requestBody) {
      const rb = deref(doc, op.requestBody);
      const media = rb.content?.["application/json"];
      if (!media?.schema) fail(where, "requestBody needs an application/json schema");
      requestBody = {
        required: rb.required === true,
        schema: refName(media.schema),
        kind: schemaType(doc, media.schema) === "array" ? "array" : "object",
      };
    }

    const ok = deref(doc, op.responses?.["200"] ?? {});
    const okSchema = ok?.content?.["application/json"]?.schema;
    const responseSchema = refName(okSchema);
    if (!responseSchema) fail(where, "200 response must $ref a named envelope schema");
    const result = resultSchema(doc, okSchema);
    if (!result) fail(where, "200 envelope has no result property");
    const rt = schemaType(doc, result);
    if (rt === "null") fail(where, `a result that is always null is written as ${EMPTY_RESULT}`);
    const resultKind = isEmptyResult(result) ? "empty" : rt === "array" ? "array" : "object";
    const resultNullable = schemaNullable(doc, result);

    const security: string[][] = (op.security ?? doc.security ?? []).map((alt: Json) =>
      Object.keys(alt),
    );

    entries.push({
      operationId: id,
      cloudflareOperationId,
      method: method.toUpperCase(),
      path,
      tag: tags[0] as string,
      summary: String(op.summary ?? "").trim(),
      description: String(op.description ?? "").trim(),
      deprecated: op.deprecated === true,
      replacedBy,
      pagination,
      idempotent: op["x-idempotent"],
      scope: path.startsWith("/zones/") ? "zone" : "account",
      security,
      pathParams,
      queryParams,
      requestBody,
      responseSchema,
      resultKind,
      resultNullable,
    });
  }
  return entries;
}
