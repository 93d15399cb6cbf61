/**
 * Request validation against the spec, with the validators compiled ahead of time from it (the
 * same ones the mock server uses). No runtime schema compilation, so it also runs in Workers.
 *
 * `validateRequestBody` and `validateRequestParams` load the validators of every operation when
 * this module is imported; `loadRequestValidator` loads one operation's only.
 *
 * @example
 * ```ts
 * import { validateRequestBody } from "@cf-devices/mock/validate";
 *
 * const issues = validateRequestBody("setSplitTunnelIncludeList", [{ address: "10.0.0.0/8", host: "x" }]);
 * // → [{ pointer: "/0", message: "[0] must have either an address or a host (and not both), …" }]
 * ```
 * @module @cf-devices/mock/validate
 */

import {
  hasParamsValidator,
  type RequestParams,
  type RequestValidator,
  requestValidator,
  useValidators,
  type ValidationIssue,
} from "./core/validate.js";
import type { Validator } from "./generated/data.js";
import { bodyValidators, memberValidators, paramValidators } from "./generated/validators.js";

export {
  loadRequestValidator,
  type RequestParams,
  type RequestValidator,
  type ValidationIssue,
} from "./core/validate.js";

const params: Readonly<Record<string, Validator>> = paramValidators;
const bodies: Readonly<Record<string, Validator | undefined>> = bodyValidators;
const all = Object.fromEntries(
  Object.keys(params).map((id) => [
    id,
    { params: params[id]!, body: bodies[id], members: memberValidators },
  ]),
);
useValidators(all, memberValidators);
const checkers = new Map<string, RequestValidator>();

function checker(operationId: string): RequestValidator {
  if (!hasParamsValidator(operationId)) throw new TypeError(`unknown operationId "${operationId}"`);
  let found = checkers.get(operationId);
  if (!found) {
    found = requestValidator(operationId, all[operationId]!);
    checkers.set(operationId, found);
  }
  return found;
}

/**
 * Checks a JSON request body against the operation's schema in the spec, with the same
 * validators the mock uses. Returns the problems found (the first one; empty when valid).
 * Throws a TypeError for an unknown operationId.
 *
 * @example
 * ```ts
 * import { validateRequestBody } from "@cf-devices/mock/validate";
 *
 * validateRequestBody("createDeviceSettingsProfile", { match: "true", precedence: 10 });
 * // → [{ pointer: "/name", message: "name is required" }]
 * ```
 */
export function validateRequestBody(operationId: string, body: unknown): ValidationIssue[] {
  return checker(operationId).body(body);
}

/**
 * Checks path and query parameters against the operation's parameters in the spec. Query values
 * may be given as strings (as on a command line or in a URL) and are converted to the declared
 * types first. Throws a TypeError for an unknown operationId.
 *
 * @example
 * ```ts
 * import { validateRequestParams } from "@cf-devices/mock/validate";
 *
 * validateRequestParams("listPhysicalDevices", { path: { account_id: "abc" }, query: { per_page: "ten" } });
 * // → [{ pointer: "/query/per_page", message: "per_page must be an integer" }]
 * ```
 */
export function validateRequestParams(
  operationId: string,
  params: RequestParams,
): ValidationIssue[] {
  return checker(operationId).params(params);
}
