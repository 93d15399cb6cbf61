/**
 * A small, typed, tree-shakable client for the Cloudflare Zero Trust Devices API, built on
 * openapi-fetch and generated from the project's OpenAPI document.
 *
 * - {@link createClient}: openapi-fetch's typed `GET`/`POST`/… plus the transport
 *   (credentials, retries, timeout, abort, logging). {@link createBaseClient}: the same
 *   transport without openapi-fetch, for the smallest bundles.
 * - One function per operation, named after its operationId (`listPhysicalDevices(client, input)`),
 *   returning the unwrapped `result`; `.withResponse()` adds `result_info`, the `Response` and the
 *   `cf-ray` id; list operations have `.paginate()`.
 * - By-id entry points for tools: {@link callOperation}, {@link callOperationRaw}, {@link paginate}.
 * - {@link bulk} for batched work with partial failures; {@link toArray} with a size guard.
 * - One error tree: {@link ApiError} (by status), {@link ConnectionError}, {@link TimeoutError},
 *   {@link AbortError}, all {@link CloudflareDevicesError}s.
 *
 * @example
 * ```ts
 * import { createClient, listPhysicalDevices, revokeRegistrations } from "@cf-devices/client";
 *
 * const client = createClient(); // CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID from the environment
 * for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 100 } })) {
 *   console.log(device.id, device.name);
 * }
 * await revokeRegistrations(client, { query: { id: ["8e2d4b6a-…"] } });
 * ```
 * @module @cf-devices/client
 */

export {
  type BulkFailure,
  type BulkOptions,
  type BulkResult,
  type BulkSuccess,
  bulk,
} from "./bulk.js";
export { callOperation, callOperationRaw, paginate } from "./call.js";
export {
  type BaseClient,
  type Client,
  type ClientOptions,
  createBaseClient,
  createClient,
} from "./client.js";
export { ENV_VARS, type Env } from "./env.js";
export {
  AbortError,
  ApiError,
  type ApiErrorDetails,
  AuthenticationError,
  BadRequestError,
  CloudflareDevicesError,
  ConflictError,
  ConnectionError,
  fromResponse,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from "./errors.js";
export * from "./generated/operations.js";
export type { CallOptions, Logger } from "./internal/core.js";
export type { ListOperation, Operation, OperationSpec } from "./operation.js";
export { type PaginateOptions, type Paginator, toArray } from "./paginate.js";
export { MAX_RETRY_AFTER, parseRetryAfter, type RetryInput, retryDelay } from "./retry.js";
export type {
  AnyOperationInput,
  AnyResultInfo,
  DefaultedPathParam,
  EnvelopeResult,
  OperationInput,
  OperationItem,
  OperationResult,
  OperationResultInfo,
  PaginatedOperationId,
  PathParams,
  QueryParams,
  RawResult,
  RequestBody,
} from "./types.js";
