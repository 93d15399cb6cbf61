/**
 * Typed parameters for handlers, from the generated operation types: `typed(id, handler)` gives
 * the handler its path, query and body as `operations[id]` declares them. Query parameters that
 * the spec gives a `default` or `x-mock-default` are filled in before handlers run, so they are
 * typed as present.
 */
import type { manifest, OperationId, operations } from "@cf-devices/types";
import type { OperationContext, OperationHandler, OperationResult } from "./context.js";

type Parameters<Id extends OperationId> = operations[Id]["parameters"];

/** Names of the query parameters of `Id` that always have a value (a default is filled in). */
type Defaulted<Id extends OperationId> = Extract<
  (typeof manifest)[Id]["queryParams"][number],
  { default: unknown } | { mockDefault: unknown }
>["name"];

type RawQuery<Id extends OperationId> = NonNullable<Parameters<Id>["query"]>;

/** The query of `Id`, with defaulted parameters required. */
export type QueryOf<Id extends OperationId> = Omit<RawQuery<Id>, Defaulted<Id>> &
  Required<Pick<RawQuery<Id>, Defaulted<Id> & keyof RawQuery<Id>>>;

export type PathOf<Id extends OperationId> = Parameters<Id>["path"];

/** The JSON body of `Id` (after validation), or `undefined` for operations without one. */
export type BodyOf<Id extends OperationId> = operations[Id] extends {
  requestBody: { content: { "application/json": infer Body } };
}
  ? Body
  : operations[Id] extends { requestBody?: { content: { "application/json": infer Body } } }
    ? Body | undefined
    : undefined;

export interface TypedRequest<Id extends OperationId> {
  path: PathOf<Id>;
  query: QueryOf<Id>;
  body: BodyOf<Id>;
}

/**
 * A handler for operation `id` that reads its parameters with their generated types. The
 * request pipeline has validated them against the spec before the handler runs, which is what
 * makes the cast below sound.
 *
 * @example
 * ```ts
 * const listIpProfiles = typed("listIpProfiles", (ctx, { query }) => {
 *   const page = numberedPage(all(ctx), query.page, query.per_page);
 *   return { result: page.items, resultInfo: page.resultInfo };
 * });
 * ```
 */
export function typed<Id extends OperationId>(
  _id: Id,
  handler: (ctx: OperationContext, request: TypedRequest<Id>) => OperationResult,
): OperationHandler {
  return (ctx) =>
    handler(ctx, {
      path: ctx.path,
      query: ctx.query,
      body: ctx.body,
    } as unknown as TypedRequest<Id>);
}
