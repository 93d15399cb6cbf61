/** What an operation handler receives and returns. */
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
