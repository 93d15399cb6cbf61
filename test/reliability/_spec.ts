/**
 * The OpenAPI document as the reliability tests read it: every operation with its parameter and
 * body schemas taken from the spec (not from a hand-written list), and Ajv 2020 validators for
 * the response envelopes, compiled at test time. Shared by the vitest suites and
 * `scripts/fuzz-mock.ts`, so it imports nothing from the workspace packages.
 */
import { readFileSync } from "node:fs";
import Ajv2020Import from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import { parse } from "yaml";

// CommonJS modules: the class and the plugin are on `.default` under Node's ESM loader and Vite.
const Ajv2020 = Ajv2020Import.default;
const addFormats = addFormatsImport.default;

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema objects are open-ended
export type Schema = Record<string, any>;

export const spec: Schema = parse(
  readFileSync(new URL("../../spec/openapi.yaml", import.meta.url), "utf8"),
);

/** Follows a local JSON pointer (`#/components/schemas/X/properties/name`). */
export function resolvePointer(ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local refs are supported: ${ref}`);
  let at: unknown = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    at = (at as Record<string, unknown>)?.[key];
    if (at === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return at as Schema;
}

/** Follows `$ref`s until a schema without one; sibling keywords of a `$ref` are kept. */
export function deref(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; current.$ref && i < 32; i++) {
    const { $ref, ...rest } = current;
    current = { ...resolvePointer($ref), ...rest };
  }
  return current;
}

export interface ParamSpec {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: Schema;
}

export interface OperationSpec {
  operationId: string;
  method: string;
  /** Path template relative to `/client/v4`. */
  path: string;
  idempotent: boolean;
  params: ParamSpec[];
  body: { required: boolean; schema: Schema } | null;
  /** Name of the 200 envelope schema. */
  responseSchema: string;
}

const METHODS = ["get", "put", "post", "patch", "delete"];

/** Every operation of the spec, in spec order. */
export const operations: OperationSpec[] = Object.entries<Schema>(spec.paths).flatMap(
  ([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m] as Schema;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Schema) => {
        const param = deref(p);
        return {
          name: param.name,
          in: param.in,
          required: param.required === true,
          schema: param.schema ?? {},
        } as ParamSpec;
      });
      const body = op.requestBody ? deref(op.requestBody) : null;
      const ok = op.responses["200"]?.content?.["application/json"]?.schema as Schema;
      return {
        operationId: op.operationId as string,
        method: m.toUpperCase(),
        path,
        idempotent: op["x-idempotent"] !== false,
        params,
        body: body
          ? {
              required: body.required === true,
              schema: body.content["application/json"].schema as Schema,
            }
          : null,
        responseSchema: String(ok.$ref).split("/").pop()!,
      };
    }),
);

export const operationById = new Map(operations.map((op) => [op.operationId, op]));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "spec", components: spec.components });

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** An Ajv validator for a schema of `components.schemas`. */
export function validatorFor(name: string) {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile({ $ref: `spec#/components/schemas/${name}` });
    compiled.set(name, v);
  }
  return v;
}

/** An Ajv validator for an inline schema that may `$ref` into the spec. */
export function validatorForSchema(schema: Schema) {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(rebase(schema) as Schema);
    compiled.set(key, v);
  }
  return v;
}

/** Rewrites local `#/…` refs to the `spec` document registered with Ajv. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `spec${v}` : rebase(v),
      ]),
    );
  }
  return value;
}

/**
 * Checks an answer against the spec: a 200 against the operation's envelope, anything else
 * against `ApiResponseFailure`. Returns the problems (empty when it conforms).
 */
export function conformance(op: OperationSpec | null, status: number, body: unknown): string[] {
  const validate =
    status === 200 && op ? validatorFor(op.responseSchema) : validatorFor("ApiResponseFailure");
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

const routes = operations
  .map((op) => ({
    op,
    re: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    literals: op.path.split("/").filter((s) => s && !s.startsWith("{")).length,
  }))
  .sort((a, b) => b.literals - a.literals);

/**
 * The operation a method and path (relative to `/client/v4`, as a server receives it after URL
 * normalisation) reach, or null. Literal segments win over templates, as in the mock's router.
 */
export function matchOperation(method: string, path: string): OperationSpec | null {
  const clean = path.replace(/\/+$/, "");
  return routes.find((r) => r.op.method === method && r.re.test(clean))?.op ?? null;
}
