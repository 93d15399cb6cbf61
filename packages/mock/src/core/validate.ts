/**
 * Request validation with the validators generated ahead of time from the spec (one module per
 * operation under `src/generated/validators/`, imported on first use), and the translation of
 * their errors into Cloudflare-style messages that name the field, with a JSON pointer in
 * `source.pointer`.
 */

import { manifest, type OperationManifest } from "@cf-devices/types";
import {
  bodyFields,
  operationIds,
  schemasByType,
  typedBodyFields,
  type ValidationError,
  type Validator,
} from "../generated/data.js";
import { loadOperationValidators, type OperationValidators } from "../generated/load.js";
import { validation } from "./errors.js";
import { type RawQuery, typedQuery } from "./query.js";

/** Operations whose body is a profile, where `not` means "include and exclude together". */
const PROFILE_BODIES = new Set([
  "createDeviceSettingsProfile",
  "updateDeviceSettingsProfile",
  "updateDefaultDeviceSettingsProfile",
]);
/** Where a Split Tunnel entry sits: a bare list item, or an item of a profile's include/exclude. */
const SPLIT_TUNNEL_ENTRY = /^(?:\/(?:include|exclude))?\/\d+$/;

const FORMAT_NAMES: Record<string, string> = {
  uuid: "a UUID (such as 5a7c9e1b-3d5f-4b7a-8c9e-1f3a5c7e9b2d)",
  "date-time": "an RFC 3339 date-time (such as 2025-06-18T16:39:57Z)",
};

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapePointer = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

/**
 * A readable name for the value at `pointer`: `/query/per_page` → `per_page`,
 * `/include/0/address` → `include[0].address`, `/0/host` → `body[0].host`.
 */
export function fieldLabel(pointer: string, where: "params" | "body"): string {
  const parts = pointer.split("/").slice(1).map(unescapePointer);
  if (where === "params") parts.shift();
  if (parts.length === 0) return where === "body" ? "the request body" : "the request";
  // A bare list body: `body[0].address` reads better than `[0].address`.
  let label = where === "body" && /^\d+$/.test(parts[0]!) ? "body" : "";
  for (const part of parts) {
    if (/^\d+$/.test(part)) label += `[${part}]`;
    else label += label ? `.${part}` : part;
  }
  return label;
}

function typeName(type: unknown): string {
  const names = (Array.isArray(type) ? type : String(type).split(",")).filter((t) => t !== "null");
  const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
  return names.map(article).join(" or ");
}

/** Turns the errors of one failed validation into a message and a pointer. */
export function describeErrors(
  errors: readonly ValidationError[],
  where: "params" | "body",
  operationId: string,
): { message: string; pointer: string } {
  // With allErrors off, Ajv stops at the first failing keyword and reports it last; errors of
  // oneOf branches come before it. When a branch failed on a nested value (say a Split Tunnel
  // entry whose `address` is not a string), that error says more than "matches no branch".
  let error = errors[errors.length - 1]!;
  if (error.keyword === "oneOf") {
    const nested = errors.find(
      (e) => e.instancePath.startsWith(`${error.instancePath}/`) && e !== error,
    );
    if (nested) error = nested;
  }
  let pointer = error.instancePath;
  const p = error.params;
  const label = () => fieldLabel(pointer, where);
  let message: string;
  switch (error.keyword) {
    case "required":
      pointer += `/${escapePointer(String(p.missingProperty))}`;
      message = `${label()} is required`;
      break;
    case "additionalProperties": {
      pointer += `/${escapePointer(String(p.additionalProperty))}`;
      message = `${label()} is not a known field`;
      break;
    }
    case "type":
      message = `${label()} must be ${typeName(p.type)}`;
      break;
    case "format":
      message = `${label()} must be ${FORMAT_NAMES[String(p.format)] ?? `in ${p.format} format`}`;
      break;
    case "maxLength":
      message = `${label()} must be at most ${p.limit} characters long`;
      break;
    case "minLength":
      message = `${label()} must be at least ${p.limit} characters long`;
      break;
    case "maximum":
    case "minimum":
    case "exclusiveMaximum":
    case "exclusiveMinimum":
      message = `${label()} must be ${p.comparison} ${p.limit}`;
      break;
    case "maxItems":
      message = `${label()} must not have more than ${p.limit} items`;
      break;
    case "minItems":
      message = `${label()} must have at least ${p.limit} item${p.limit === 1 ? "" : "s"}`;
      break;
    case "enum":
      message = `${label()} must be one of: ${(p.allowedValues as unknown[]).join(", ")}`;
      break;
    case "const":
      message = `${label()} must be ${JSON.stringify(p.allowedValue)}`;
      break;
    case "not":
      if (PROFILE_BODIES.has(operationId) && error.instancePath === "") {
        pointer += "/exclude";
        message =
          "include and exclude cannot be sent together; a profile uses one Split Tunnel mode";
      } else {
        message = `${label()} is not allowed`;
      }
      break;
    case "anyOf":
      message = `${label()} matches none of the allowed shapes`;
      break;
    case "oneOf":
      message = SPLIT_TUNNEL_ENTRY.test(error.instancePath)
        ? `${label()} must have either an address or a host (and not both), plus an optional description`
        : `${label()} must match exactly one of the allowed shapes`;
      break;
    default:
      message = `${label()} is invalid (${error.keyword})`;
  }
  return { message, pointer };
}

function check(
  validator: Validator | undefined,
  data: unknown,
  where: "params" | "body",
  operationId: string,
): void {
  if (!validator || validator(data)) return;
  const { message, pointer } = describeErrors(validator.errors ?? [], where, operationId);
  throw validation(message, pointer);
}

export type { OperationValidators };

const loaded = new Map<string, OperationValidators>();
/** The typed-union member validators, once a module that holds them has been loaded. */
let memberValidators: Readonly<Record<string, Validator>> | undefined;

function remember(operationId: string, validators: OperationValidators): OperationValidators {
  loaded.set(operationId, validators);
  if (validators.members) memberValidators ??= validators.members;
  return validators;
}

/**
 * The validators of one operation: at once when its module is loaded, else a promise of them
 * (the module is imported on first use, so a process loads only what its calls need). Throws a
 * TypeError for an unknown operationId.
 */
export function operationValidators(
  operationId: string,
): OperationValidators | Promise<OperationValidators> {
  const ready = loaded.get(operationId);
  if (ready) return ready;
  const pending = loadOperationValidators(operationId);
  if (!pending) throw new TypeError(`unknown operationId "${operationId}"`);
  return pending.then((validators) => remember(operationId, validators));
}

/** Makes the given validators the ones used for each operation (for callers that load them all). */
export function useValidators(
  all: Readonly<Record<string, OperationValidators>>,
  members: Readonly<Record<string, Validator>>,
): void {
  memberValidators ??= members;
  for (const [operationId, validators] of Object.entries(all)) {
    if (!loaded.has(operationId)) loaded.set(operationId, validators);
  }
}

/** Validates `{ path, query }`; throws a 400 `MockHttpError` naming the first bad parameter. */
export function validateParams(
  validators: OperationValidators,
  operationId: string,
  path: Record<string, string>,
  query: Record<string, unknown>,
): void {
  check(validators.params, { path, query }, "params", operationId);
}

/** Validates a parsed JSON body; throws a 400 `MockHttpError` naming the first bad field. */
export function validateBody(
  validators: OperationValidators,
  operationId: string,
  body: unknown,
): void {
  const issue = bodyIssue(validators, operationId, body);
  if (issue) throw validation(issue.message, issue.pointer);
}

/**
 * The first problem of a body: by its schema, then by the shapes its `type` selects. When the
 * schema fails inside a typed union (which says only that no shape fits), the problem with the
 * shape of the body's `type` is reported instead, naming the field.
 */
function bodyIssue(
  validators: OperationValidators,
  operationId: string,
  body: unknown,
): ValidationIssue | null {
  const validator = validators.body;
  const typed = typedBodyIssue(operationId, body);
  if (!validator || validator(body)) return typed;
  const found = describeErrors(validator.errors ?? [], "body", operationId);
  const within = (field: string) =>
    found.pointer === `/${field}` || found.pointer.startsWith(`/${field}/`);
  const fields = Object.keys(typedBodyFields[operationId] ?? {});
  return typed && fields.some(within) ? typed : found;
}

const isEmptyObject = (value: unknown) =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  Object.keys(value).length === 0;

/**
 * Checks the value of a typed union (`x-schema-by-type`: a posture rule's `input`, an
 * integration's `config`) against the member schema its `type` selects, since the union alone
 * accepts a value of any member. `value` undefined means the field was left out: fine when the
 * member requires nothing (or when `optional`), else the field is required. Returns the problem,
 * with a pointer below `pointer`, or null.
 */
export function typedValueIssue(
  union: string,
  type: string,
  value: unknown,
  pointer: string,
  optional = false,
): ValidationIssue | null {
  const members = schemasByType[union];
  if (!members || !Object.hasOwn(members, type)) return null;
  const member = members[type];
  const label = fieldLabel(pointer, "body");
  if (member === null || member === undefined) {
    if (value === undefined || isEmptyObject(value)) return null;
    return { pointer, message: `${label} is not used when type is ${type}; leave it out` };
  }
  const validator = memberValidators?.[member];
  if (!validator) {
    throw new Error(
      `the validator of ${member} is not loaded (load an operation that uses ${union})`,
    );
  }
  if (value === undefined) {
    if (optional || validator({})) return null;
    return { pointer, message: `${label} is required when type is ${type}` };
  }
  if (validator(value)) return null;
  const errors = (validator.errors ?? []).map((e) => ({
    ...e,
    instancePath: `${pointer}${e.instancePath}`,
  }));
  const found = describeErrors(errors, "body", "");
  return { pointer: found.pointer, message: `${found.message} when type is ${type}` };
}

/**
 * The first typed-union problem of a body that names its `type`. A PATCH may leave the union
 * field out (the handler decides whether the stored one still fits); other writes send it whole.
 */
function typedBodyIssue(operationId: string, body: unknown): ValidationIssue | null {
  const fields = typedBodyFields[operationId];
  if (!fields || body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  if (typeof record.type !== "string") return null;
  const optional =
    (manifest as Readonly<Record<string, OperationManifest | undefined>>)[operationId]?.method ===
    "PATCH";
  for (const [field, union] of Object.entries(fields)) {
    const issue = typedValueIssue(union, record.type, record[field], `/${field}`, optional);
    if (issue) return issue;
  }
  return null;
}

/**
 * The body with only the fields its schema declares (for array bodies: each object item with only
 * the declared fields of the items). The API ignores fields it does not know, and so does the
 * mock: it neither stores nor echoes them.
 */
export function keepDeclared(operationId: string, body: unknown): unknown {
  const fields = (bodyFields as Readonly<Record<string, readonly string[]>>)[operationId];
  if (!fields || fields.length === 0) return body;
  const declared = new Set(fields);
  // Keeps the order the caller sent the fields in.
  const pick = (value: unknown): unknown => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) if (declared.has(name)) out[name] = field;
    return out;
  };
  return Array.isArray(body) ? body.map(pick) : pick(body);
}

const known: ReadonlySet<string> = new Set(operationIds);

/** Whether the generator compiled validators for the operation. */
export function hasParamsValidator(operationId: string): boolean {
  return known.has(operationId);
}

/** One problem found in a request, as `validateRequestBody` and `validateRequestParams` report it. */
export interface ValidationIssue {
  /** JSON pointer: into the body (`/include/0/address`) or to a parameter (`/query/per_page`). */
  pointer: string;
  /** What is wrong, naming the field, e.g. `name is required`. */
  message: string;
}

function issues(
  validator: Validator,
  data: unknown,
  where: "params" | "body",
  operationId: string,
): ValidationIssue[] {
  if (validator(data)) return [];
  return [describeErrors(validator.errors ?? [], where, operationId)];
}

/** Checks one operation's requests; see `loadRequestValidator`. */
export interface RequestValidator {
  /** The problems of a JSON request body (the first one; empty when valid). */
  body(body: unknown): ValidationIssue[];
  /**
   * The problems of path and query parameters. Query values may be strings (as on a command line
   * or in a URL); they are converted to the declared types first.
   */
  params(params: RequestParams): ValidationIssue[];
}

/** Path and query parameters of a request, as `RequestValidator.params` takes them. */
export interface RequestParams {
  path?: Record<string, string>;
  query?: Record<string, string | string[] | number | boolean>;
}

/** A `RequestValidator` over one operation's loaded validators. */
export function requestValidator(
  operationId: string,
  validators: OperationValidators,
): RequestValidator {
  const op = (manifest as Readonly<Record<string, OperationManifest | undefined>>)[operationId];
  if (!op) throw new TypeError(`unknown operationId "${operationId}"`);
  return {
    body(body) {
      if (!validators.body) {
        return body === undefined
          ? []
          : [{ pointer: "", message: `${operationId} takes no request body` }];
      }
      const issue = bodyIssue(validators, operationId, body);
      return issue ? [issue] : [];
    },
    params(params) {
      const raw: RawQuery = new Map();
      for (const [name, value] of Object.entries(params.query ?? {})) {
        raw.set(name, (Array.isArray(value) ? value : [value]).map(String));
      }
      const data = { path: params.path ?? {}, query: typedQuery(raw, op.queryParams) };
      return issues(validators.params, data, "params", operationId);
    },
  };
}

/**
 * Loads the validators of one operation only (a few kB; the whole spec's are several hundred)
 * and gives a checker for its requests, with the same validators the mock uses. Rejects with a
 * TypeError for an unknown operationId.
 *
 * @example
 * ```ts
 * import { loadRequestValidator } from "@cf-devices/mock/validate";
 *
 * const check = await loadRequestValidator("createDeviceSettingsProfile");
 * check.body({ match: "true", precedence: 10 });
 * // → [{ pointer: "/name", message: "name is required" }]
 * ```
 */
export async function loadRequestValidator(operationId: string): Promise<RequestValidator> {
  return requestValidator(operationId, await operationValidators(operationId));
}
