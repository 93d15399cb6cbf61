/**
 * The shape of the operations manifest. The manifest itself is generated from
 * `spec/openapi.yaml` into `generated/manifest.ts`; client, CLI and mock read it
 * instead of keeping their own lists of operations.
 * @module
 */

/** HTTP methods the Devices API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Names of the security schemes in the spec. */
export type SecuritySchemeName = "api_token" | "api_email" | "api_key";

/**
 * How a list operation pages through results.
 * - `cursor`: request `cursor` + `per_page`; `result_info.cursor` is empty on the last page.
 * - `numbered`: request `page` (from 1) + `per_page`; the last page is short, empty, or number
 *   `result_info.total_pages`.
 * - `page`: the whole list comes back at once; `result_info` may carry page figures.
 * - `none`: not a list.
 */
export type PaginationKind = "cursor" | "numbered" | "page" | "none";

/** A query parameter as the manifest describes it. */
export interface QueryParamManifest {
  readonly name: string;
  readonly required: boolean;
  /** True when the parameter repeats (`id=a&id=b`). */
  readonly array: boolean;
  /** JSON type of the value (of each item, for arrays). */
  readonly type: "string" | "integer" | "number" | "boolean";
  readonly enum?: readonly string[];
  /** A default the API documents (the server applies it when the parameter is left out). */
  readonly default?: string | number | boolean;
  /**
   * What the cf-devices mock assumes when the parameter is left out, where the API documents no
   * default (`x-mock-default` in the spec). Not a promise of the real API.
   */
  readonly mockDefault?: string | number | boolean;
  /** Other names the cf-devices mock accepts for this parameter (`x-mock-aliases`). */
  readonly aliases?: readonly string[];
  readonly description?: string;
  /**
   * Bounds the spec declares for the value (for arrays: for each item), with JSON Schema's
   * names and meaning: numbers between `minimum` and `maximum` (inclusive) or strictly between
   * `exclusiveMinimum` and `exclusiveMaximum`; strings of `minLength` to `maxLength` characters
   * matching `pattern` (an ECMAScript regular expression, not anchored).
   */
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** For arrays: how many values may be given. */
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** The request body an operation takes. */
export interface RequestBodyManifest {
  readonly required: boolean;
  /** Name of the schema in `components.schemas`, when the body is a named schema. */
  readonly schema: string | null;
  /** Whether the body is a JSON array (a whole list) or an object. */
  readonly kind: "array" | "object";
}

/** One operation of the API, as the generator reads it from the spec. */
export interface OperationManifest {
  readonly operationId: string;
  /** The operationId of the same operation in Cloudflare's own OpenAPI document. */
  readonly cloudflareOperationId: string;
  readonly method: HttpMethod;
  /** Path template relative to the base URL, e.g. `/accounts/{account_id}/devices`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description: string;
  readonly deprecated: boolean;
  /** For deprecated operations: the operations that replace them. */
  readonly replacedBy: readonly string[];
  readonly pagination: PaginationKind;
  /**
   * True when sending the request twice has the same effect as sending it once,
   * so a client may retry it after it may have reached the server.
   */
  readonly idempotent: boolean;
  /** Whether the path is under an account or a zone. */
  readonly scope: "account" | "zone";
  /** Alternatives of security schemes; any one alternative is enough. */
  readonly security: readonly (readonly SecuritySchemeName[])[];
  /** Names of path parameters in the order they appear in the path. */
  readonly pathParams: readonly string[];
  readonly queryParams: readonly QueryParamManifest[];
  readonly requestBody: RequestBodyManifest | null;
  /** Name of the 200 response schema (the envelope) in `components.schemas`. */
  readonly responseSchema: string;
  /**
   * What `result` holds on success: a list, an object, or nothing of use (`empty`: `{}`, null or
   * absent; the operation functions resolve to `undefined`).
   */
  readonly resultKind: "array" | "object" | "empty";
  /** Whether the API may answer `result: null` (for lists: instead of an empty list). */
  readonly resultNullable: boolean;
}
