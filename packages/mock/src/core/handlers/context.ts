/** What an operation handler receives and returns. */
import { isDateTime } from "../../generated/data.js";
import { ruleBroken } from "../errors.js";
import type { ListingCache } from "../pagination.js";
import type { MockStore } from "../store/store.js";
import type { AccountRec, ZoneRec } from "../store/types.js";

export interface OperationContext {
  store: MockStore;
  /** The account in the path, or the zone's account for zone operations. */
  account: AccountRec;
  /** The zone in the path, for zone operations. */
  zone: ZoneRec | null;
  /** Path parameters, validated. */
  path: Record<string, string>;
  /** Query parameters, typed and validated; absent ones are missing. */
  query: Record<string, unknown>;
  /** The parsed and validated JSON body, or undefined. */
  body: unknown;
  /** The current time in epoch milliseconds (from the mock's clock). */
  now: number;
  listings: ListingCache;
}

/** A result that is already JSON text (see `MockStore.viewJson`); sent as it is. */
export class JsonText {
  constructor(readonly json: string) {}

  /** A JSON array of already serialized items. */
  static array(items: readonly string[]): JsonText {
    return new JsonText(`[${items.join(",")}]`);
  }
}

export interface OperationResult {
  /** A JSON-serializable value, or {@link JsonText}. */
  result: unknown;
  resultInfo?: Record<string, unknown>;
}

/** Handles one operation. Throws a `MockHttpError` for failures; validates before changing data. */
export type OperationHandler = (ctx: OperationContext) => OperationResult;

/** The page-style `result_info` of lists that arrive whole. */
export function wholeList(items: readonly unknown[]): OperationResult {
  return {
    result: items,
    resultInfo: { count: items.length, page: 1, per_page: items.length, total_count: items.length },
  };
}

/**
 * `per_page` of a cursor list. The API declares no bounds; the mock refuses numbers below 1, since
 * a page of nothing cannot be followed (the spec's `x-inferred` note on `per_page`).
 */
export function perPage(ctx: OperationContext): number {
  const value = ctx.query.per_page as number;
  if (value < 1) throw ruleBroken("per_page must be at least 1", "/query/per_page");
  return value;
}

/**
 * A time filter (`seen_after`, `seen_before`) as epoch milliseconds, or null when it is absent.
 * The API types it as a plain string; the mock reads RFC 3339 and refuses other text.
 */
export function timeFilter(ctx: OperationContext, name: string): number | null {
  const value = ctx.query[name];
  if (value === undefined || value === "") return null;
  const ms = typeof value === "string" && isDateTime(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw ruleBroken(
      `${name} must be an RFC 3339 date-time (such as 2025-06-18T16:39:57Z)`,
      `/query/${name}`,
    );
  }
  return ms;
}
