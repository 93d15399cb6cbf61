/**
 * Request validation against the spec, with the validators compiled ahead of time from it (the
 * same ones the mock server uses). No runtime schema compilation, so it also runs in Workers.
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
export {
  type ValidationIssue,
  validateRequestBody,
  validateRequestParams,
} from "./core/validate.js";
