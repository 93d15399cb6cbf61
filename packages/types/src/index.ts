/**
 * Types for the Cloudflare Zero Trust Devices API, generated from the project's OpenAPI
 * document, plus a machine-readable manifest of its operations.
 *
 * @example
 * ```ts
 * import type { PhysicalDevice, paths } from "@cf-devices/types";
 * import { manifest } from "@cf-devices/types";
 *
 * const op = manifest.listPhysicalDevices; // { method: "GET", path: "/accounts/{account_id}/devices/physical-devices", … }
 * type ListQuery = paths["/accounts/{account_id}/devices/physical-devices"]["get"]["parameters"]["query"];
 * ```
 * @module @cf-devices/types
 */

export {
  defaultBaseUrl,
  manifest,
  type OperationId,
  operationIds,
  specVersion,
  tags,
  writeOnlyFields,
} from "./generated/manifest.js";
export type { components, operations, paths } from "./generated/openapi.js";
export * from "./generated/schemas.js";
export type {
  HttpMethod,
  OperationManifest,
  PaginationKind,
  QueryParamManifest,
  RequestBodyManifest,
  SecuritySchemeName,
} from "./manifest-types.js";
