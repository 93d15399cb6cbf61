/**
 * Calling operations by operationId, for tools that pick the operation at runtime (the CLI).
 * These look operations up in a table of all of them, so a bundle that uses them holds every
 * operation; import the operation functions themselves to keep bundles small.
 * @module
 */
import type { OperationId } from "@cf-devices/types";
import type { BaseClient } from "./client.js";
import { CloudflareDevicesError } from "./errors.js";
import * as operations from "./generated/operations.js";
import type { CallOptions } from "./internal/core.js";
import { execute, type OperationSpec } from "./operation.js";
import { createPaginator, type PaginateOptions, type Paginator } from "./paginate.js";
import type {
  ArgsById,
  IsUnion,
  OperationItem,
  OperationResult,
  PaginatedOperationId,
  RawResult,
} from "./types.js";

function find(operationId: string): OperationSpec {
  const op = (operations as Record<string, OperationSpec | undefined>)[operationId];
  if (!op?.method) throw new CloudflareDevicesError(`unknown operation "${operationId}"`);
  return op;
}

/**
 * Calls an operation by operationId and resolves with the whole {@link RawResult}:
 * `{ result, resultInfo, messages, response, rayId }`.
 *
 * @throws ApiError (a subclass by status) when the API does not answer with success;
 *   ConnectionError, TimeoutError or AbortError when there is no answer.
 * @example
 * ```ts
 * const { result, resultInfo, rayId } = await callOperationRaw(client, "listRegistrations", {
 *   query: { status: "revoked", per_page: 100 },
 * });
 * ```
 */
export function callOperationRaw<Id extends OperationId>(
  client: BaseClient,
  operationId: Id,
  ...args: ArgsById<Id, CallOptions>
): Promise<RawResult<Id>> {
  return execute(
    client,
    find(operationId) as OperationSpec<Id>,
    ...(args as [object?, CallOptions?]),
  );
}

/**
 * Calls an operation by operationId and resolves with its unwrapped `result`.
 *
 * @throws ApiError (a subclass by status), ConnectionError, TimeoutError or AbortError.
 * @example
 * ```ts
 * const list = await callOperation(client, "getSplitTunnelExcludeList", {});
 * await callOperation(client, "setSplitTunnelExcludeList", { body: [...list, { address: "10.1.0.0/16" }] });
 * ```
 */
export async function callOperation<Id extends OperationId>(
  client: BaseClient,
  operationId: Id,
  ...args: ArgsById<Id, CallOptions>
): Promise<OperationResult<Id>> {
  return (await callOperationRaw<Id>(client, operationId, ...args)).result;
}

/**
 * Iterates over every item of a list operation, given by operationId, fetching pages as needed
 * (see {@link Paginator}). `limit` stops after that many items.
 *
 * @throws CloudflareDevicesError for an operation that is not a list.
 * @example
 * ```ts
 * for await (const registration of paginate(client, "listRegistrations", { query: { per_page: 500 } }, { limit: 2000 })) {
 *   console.log(registration.id, registration.user?.email);
 * }
 * ```
 */
export function paginate<Id extends OperationId>(
  client: BaseClient,
  operationId: Id & (true extends IsUnion<Id> ? OperationId : PaginatedOperationId),
  ...args: ArgsById<Id, PaginateOptions>
): Paginator<OperationItem<Id>, Id & PaginatedOperationId> {
  const op = find(operationId) as OperationSpec<Id & PaginatedOperationId>;
  if (op.pagination === "none") {
    throw new CloudflareDevicesError(`${operationId} is not a list operation`);
  }
  return createPaginator(client, op, ...(args as [object?, PaginateOptions?]));
}
