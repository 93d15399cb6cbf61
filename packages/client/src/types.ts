/**
 * Types of operation inputs and results, derived from `@cf-devices/types` by operationId.
 * @module
 */
import type {
  CursorResultInfo,
  manifest,
  OperationId,
  operations,
  PageResultInfo,
  ResponseInfo,
} from "@cf-devices/types";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** `true` when T is a union of several types (an operationId only known at runtime). */
export type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
type Params<Id extends OperationId> = operations[Id]["parameters"];
type JsonBody<R> = R extends { content: { "application/json": infer B } } ? B : never;
type Envelope<Id extends OperationId> =
  operations[Id]["responses"][200]["content"]["application/json"];

/**
 * Path parameters the client fills from its `accountId` / `zoneId` when a call leaves them out.
 *
 * @example
 * ```ts
 * const filled: DefaultedPathParam[] = ["account_id", "zone_id"];
 * ```
 */
export type DefaultedPathParam = "account_id" | "zone_id";

/**
 * Path parameters of an operation, with `account_id` / `zone_id` optional.
 * @example
 * ```ts
 * const path: PathParams<"getPhysicalDevice"> = { device_id: "3c1f7e2a-…" };
 * ```
 */
export type PathParams<Id extends OperationId> = Simplify<
  Omit<NonNullable<Params<Id>["path"]>, DefaultedPathParam> &
    Partial<Pick<NonNullable<Params<Id>["path"]>, DefaultedPathParam & keyof Params<Id>["path"]>>
>;

/**
 * Query parameters of an operation (`never` when it takes none).
 * @example
 * ```ts
 * const query: QueryParams<"listPhysicalDevices"> = { per_page: 100, sort_by: "last_seen_at" };
 * ```
 */
export type QueryParams<Id extends OperationId> = NonNullable<Params<Id>["query"]>;

/**
 * JSON request body of an operation (`never` when it takes none).
 * @example
 * ```ts
 * const body: RequestBody<"setSplitTunnelExcludeList"> = [{ address: "10.0.0.0/8" }];
 * ```
 */
export type RequestBody<Id extends OperationId> = JsonBody<operations[Id]["requestBody"]>;

type PathPart<Id extends OperationId> = [NonNullable<Params<Id>["path"]>] extends [never]
  ? { path?: never }
  : // biome-ignore lint/complexity/noBannedTypes: `{} extends T` asks whether every property of T is optional
    {} extends PathParams<Id>
    ? { path?: PathParams<Id> }
    : { path: PathParams<Id> };
type QueryPart<Id extends OperationId> = [QueryParams<Id>] extends [never]
  ? { query?: never }
  : undefined extends Params<Id>["query"]
    ? { query?: QueryParams<Id> }
    : { query: QueryParams<Id> };
type BodyPart<Id extends OperationId> = [RequestBody<Id>] extends [never]
  ? { body?: never }
  : undefined extends operations[Id]["requestBody"]
    ? { body?: RequestBody<Id> }
    : { body: RequestBody<Id> };

/**
 * The input of an operation: `{ path?, query?, body? }`, each present and required as the spec
 * says (`account_id` / `zone_id` may always be left out).
 * @example
 * ```ts
 * const input: OperationInput<"revokeRegistrations"> = { query: { id: ["8e2d…", "1f3a…"] } };
 * ```
 */
export type OperationInput<Id extends OperationId> = Simplify<
  PathPart<Id> & QueryPart<Id> & BodyPart<Id>
>;

/**
 * The `result` of an operation's success envelope as the operation functions return it:
 * - a list the API may answer with `null` (an empty Split Tunnel list, say) is always an array;
 * - a result that carries nothing (`{}`: deletes, revokes) is `void`;
 * - other results are as the spec types them, `null` included where the API may send it.
 *
 * {@link EnvelopeResult} is the `result` exactly as the API sends it.
 * @example
 * ```ts
 * type Devices = OperationResult<"listPhysicalDevices">; // PhysicalDevice[]
 * type Excludes = OperationResult<"getSplitTunnelExcludeList">; // SplitTunnelEntry[], never null
 * type Deleted = OperationResult<"deleteRegistration">; // void
 * ```
 */
export type OperationResult<Id extends OperationId> =
  true extends IsUnion<Id>
    ? EnvelopeResult<Id>
    : (typeof manifest)[Id]["resultKind"] extends "empty"
      ? // biome-ignore lint/suspicious/noConfusingVoidType: the functions return Promise<void> for these, TypeScript's "nothing to use"
        void
      : (typeof manifest)[Id]["resultKind"] extends "array"
        ? NonNullable<EnvelopeResult<Id>>
        : EnvelopeResult<Id>;

/**
 * The `result` of an operation's success envelope exactly as the API sends it (the low-level
 * client's `data.result`).
 * @example
 * ```ts
 * type Raw = EnvelopeResult<"getSplitTunnelExcludeList">; // SplitTunnelEntry[] | null
 * ```
 */
export type EnvelopeResult<Id extends OperationId> = Envelope<Id>["result"];

/**
 * The `result_info` of an operation's success envelope (`undefined` when it has none).
 * @example
 * ```ts
 * type Info = OperationResultInfo<"listRegistrations">; // CursorResultInfo | undefined
 * ```
 */
export type OperationResultInfo<Id extends OperationId> =
  true extends IsUnion<Id>
    ? AnyResultInfo | undefined
    : "result_info" extends keyof Envelope<Id>
      ? Envelope<Id>["result_info"]
      : undefined;

/**
 * `result_info` of an operation only known at runtime: cursor or page figures.
 *
 * @example
 * ```ts
 * const info: AnyResultInfo | undefined = (await callOperationRaw(client, id, input)).resultInfo;
 * ```
 */
export type AnyResultInfo = Partial<CursorResultInfo> & Partial<PageResultInfo>;

/**
 * One item of a list operation's result.
 * @example
 * ```ts
 * type Device = OperationItem<"listPhysicalDevices">; // PhysicalDevice
 * ```
 */
export type OperationItem<Id extends OperationId> = ItemOf<NonNullable<EnvelopeResult<Id>>>;
type ItemOf<R> = R extends readonly (infer T)[] ? T : never;

/**
 * Operations whose result is a list that {@link paginate} can walk (`x-pagination` cursor or page).
 * @example
 * ```ts
 * const id: PaginatedOperationId = "listRegistrations";
 * ```
 */
export type PaginatedOperationId = {
  [K in OperationId]: (typeof manifest)[K]["pagination"] extends "none" ? never : K;
}[OperationId];

/**
 * An operation's arguments after the client: the input (optional when nothing in it is
 * required), then per-call options.
 */
export type OperationArgs<Id extends OperationId, Options> =
  // biome-ignore lint/complexity/noBannedTypes: `{} extends T` asks whether every property of T is optional
  {} extends OperationInput<Id>
    ? [input?: OperationInput<Id>, options?: Options]
    : [input: OperationInput<Id>, options?: Options];

/**
 * The input of an operation when the operationId is only known at runtime: any path, query and
 * body, checked by the server instead of the compiler.
 *
 * @example
 * ```ts
 * const input: AnyOperationInput = { path: { device_id: argv[1] }, query: JSON.parse(argv[2]) };
 * await callOperation(client, argv[0] as OperationId, input);
 * ```
 */
export interface AnyOperationInput {
  path?: Record<string, string | number> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

/**
 * Arguments of the by-id functions: typed by the operationId when it is one literal id, loose
 * ({@link AnyOperationInput}) when it is only known as a union of ids (chosen at runtime).
 */
export type ArgsById<Id extends OperationId, Options> =
  true extends IsUnion<Id>
    ? [input?: AnyOperationInput, options?: Options]
    : OperationArgs<Id, Options>;

/**
 * What `callOperationRaw` and `.withResponse()` return: the unwrapped envelope plus the answer.
 * @example
 * ```ts
 * const { result, resultInfo, rayId } = await listRegistrations.withResponse(client);
 * ```
 */
export interface RawResult<Id extends OperationId> {
  /** The envelope's `result`. */
  result: OperationResult<Id>;
  /** The envelope's `result_info`, when it has one. */
  resultInfo: OperationResultInfo<Id> | undefined;
  /** The envelope's informational `messages`. */
  messages: ResponseInfo[];
  /** The HTTP answer (its body is already read). */
  response: Response;
  /** The `cf-ray` header (read when first asked for). */
  readonly rayId: string | undefined;
}
