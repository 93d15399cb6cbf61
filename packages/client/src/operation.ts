/**
 * The machinery behind each generated operation function: building the URL, sending through the
 * client's transport, unwrapping the envelope.
 * @module
 */
import type { HttpMethod, OperationId, PaginationKind } from "@cf-devices/types";
import type { BaseClient } from "./client.js";
import { CloudflareDevicesError, fromResponse } from "./errors.js";
import { type CallOptions, CORE } from "./internal/core.js";
import type { createPaginator, PaginateOptions, Paginator } from "./paginate.js";
import type {
  OperationArgs,
  OperationItem,
  OperationResult,
  PaginatedOperationId,
  RawResult,
} from "./types.js";

/**
 * What an operation function knows about its operation at runtime.
 *
 * @example
 * ```ts
 * const { method, path, idempotent } = createDeviceSettingsProfile; // "POST", "/accounts/{account_id}/devices/policy", false
 * ```
 */
export interface OperationSpec<Id extends OperationId = OperationId> {
  readonly id: Id;
  readonly method: HttpMethod;
  /** Path template relative to the base URL. */
  readonly path: string;
  /** Safe to send twice; decides retries. */
  readonly idempotent: boolean;
  readonly pagination: PaginationKind;
  /**
   * How the envelope's `result` is reshaped for callers: `list` turns the API's `null` for an
   * empty list into `[]`; `empty` drops a result that carries nothing (`{}`) to `undefined`.
   */
  readonly result?: "list" | "empty";
}

/**
 * A function for one API operation: call it with a client to get the unwrapped `result`, or use
 * `.withResponse()` for `result_info`, messages, the `Response` and the `cf-ray` id.
 *
 * @example
 * ```ts
 * const device = await getPhysicalDevice(client, { path: { device_id } });
 * const { result, rayId } = await getPhysicalDevice.withResponse(client, { path: { device_id } });
 * ```
 */
export interface Operation<Id extends OperationId = OperationId> extends OperationSpec<Id> {
  (client: BaseClient, ...args: OperationArgs<Id, CallOptions>): Promise<OperationResult<Id>>;
  /** Like calling the operation, but resolves with the whole {@link RawResult}. */
  withResponse(client: BaseClient, ...args: OperationArgs<Id, CallOptions>): Promise<RawResult<Id>>;
}

/**
 * An {@link Operation} whose result is a list, with `.paginate()` to walk it.
 *
 * @example
 * ```ts
 * for await (const registration of listRegistrations.paginate(client, { query: { status: "all" } })) {
 *   console.log(registration.id);
 * }
 * ```
 */
export interface ListOperation<Id extends PaginatedOperationId = PaginatedOperationId>
  extends Operation<Id> {
  /** Iterates over every item, fetching pages as needed; `.pages()` gives whole pages. */
  paginate(
    client: BaseClient,
    ...args: OperationArgs<Id, PaginateOptions>
  ): Paginator<OperationItem<Id>, Id>;
}

interface LooseInput {
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

const templates = new Map<string, string[]>();

/**
 * Sends one operation and unwraps its envelope. Throws an ApiError subclass for any answer that
 * is not a success envelope, ConnectionError / TimeoutError / AbortError when there is none.
 */
export async function execute<Id extends OperationId>(
  client: BaseClient,
  op: OperationSpec<Id>,
  input: LooseInput = {},
  options?: CallOptions,
): Promise<RawResult<Id>> {
  const core = client[CORE];
  // The template split once into literal parts and parameter names, alternating.
  let parts = templates.get(op.path);
  if (!parts) {
    parts = op.path.split(/\{(\w+)\}/);
    templates.set(op.path, parts);
  }
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value =
      input.path?.[name] ??
      (name === "account_id" ? core.accountId : name === "zone_id" ? core.zoneId : undefined);
    if (value === undefined || value === "") {
      const setting =
        name === "account_id"
          ? " (pass it, or set accountId / CLOUDFLARE_ACCOUNT_ID)"
          : name === "zone_id"
            ? " (pass it, or set zoneId / CLOUDFLARE_ZONE_ID)"
            : "";
      throw new CloudflareDevicesError(`${op.id} needs path parameter ${name}${setting}`);
    }
    path += encodeURIComponent(String(value)) + parts[i + 1];
  }
  // Arrays repeat their key (`id=a&id=b`, the spec's form/explode style); null and undefined are left out.
  let search = "";
  for (const key in input.query) {
    const value = input.query[key];
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v != null)
        search += `${search ? "&" : "?"}${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`;
    }
  }
  const hasBody = input.body !== undefined;
  const { response, text } = await core.send(
    `${core.baseUrl}${path}${search}`,
    {
      method: op.method,
      body: hasBody ? JSON.stringify(input.body) : null,
      headers: hasBody ? { "Content-Type": "application/json" } : undefined,
    },
    op.id,
    op.idempotent,
    options,
  );
  let envelope: { success?: unknown; result?: unknown; result_info?: unknown; messages?: unknown };
  try {
    envelope = JSON.parse(text);
  } catch {
    envelope = {};
  }
  if (!response.ok || envelope?.success !== true) {
    throw fromResponse(response, core.redact(text), op.id);
  }
  return {
    result:
      op.result === "list"
        ? (envelope.result ?? [])
        : op.result === "empty"
          ? undefined
          : envelope.result,
    resultInfo: envelope.result_info,
    messages: Array.isArray(envelope.messages) ? envelope.messages : [],
    response,
    // Read on demand: most calls only want the result.
    get rayId() {
      return response.headers.get("cf-ray") ?? undefined;
    },
  } as RawResult<Id>;
}

/**
 * Makes the function for one operation. The generated `operations.ts` calls it once per
 * operationId; pass `createPaginator` for list operations to get `.paginate()`.
 *
 * @example
 * ```ts
 * export const listPhysicalDevices = defineOperation<"listPhysicalDevices">(
 *   { id: "listPhysicalDevices", method: "GET", path: "/accounts/{account_id}/devices/physical-devices", idempotent: true, pagination: "cursor" },
 *   createPaginator,
 * );
 * ```
 */
export function defineOperation<Id extends PaginatedOperationId>(
  spec: OperationSpec<Id>,
  paginator: typeof createPaginator,
): ListOperation<Id>;
export function defineOperation<Id extends OperationId>(spec: OperationSpec<Id>): Operation<Id>;
export function defineOperation<Id extends OperationId>(
  spec: OperationSpec<Id>,
  paginator?: typeof createPaginator,
): Operation<Id> {
  const op = (client: BaseClient, input?: LooseInput, options?: CallOptions) =>
    execute(client, spec, input, options).then((raw) => raw.result);
  const fn = Object.assign(op, spec, {
    withResponse: (client: BaseClient, input?: LooseInput, options?: CallOptions) =>
      execute(client, spec, input, options),
  });
  if (paginator) {
    Object.assign(fn, {
      paginate: (client: BaseClient, input?: LooseInput, options?: PaginateOptions) =>
        paginator(client, spec as OperationSpec<PaginatedOperationId>, input, options),
    });
  }
  return fn as unknown as Operation<Id>;
}
