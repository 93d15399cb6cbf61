/**
 * Walking list operations: async iteration over items or pages, and {@link toArray} with a
 * guard against loading more than expected.
 * @module
 */
import type { BaseClient } from "./client.js";
import { CloudflareDevicesError } from "./errors.js";
import type { CallOptions } from "./internal/core.js";
import { execute, type OperationSpec } from "./operation.js";
import type { OperationItem, PaginatedOperationId, RawResult } from "./types.js";

/**
 * Options of `paginate()` and `.paginate()`: per-call options (applied to each page request)
 * plus an item limit.
 *
 * @example
 * ```ts
 * const options: PaginateOptions = { limit: 500, signal: controller.signal };
 * for await (const device of listPhysicalDevices.paginate(client, {}, options)) console.log(device.id);
 * ```
 */
export interface PaginateOptions extends CallOptions {
  /** Yield at most this many items, then stop without fetching further pages. */
  limit?: number | undefined;
}

/**
 * The items of a list operation, fetched page by page as you iterate. `for await` it for items,
 * or `for await` its `.pages()` for whole pages with `resultInfo`, `response` and `rayId`.
 *
 * Cursor lists send `cursor` from each page's `result_info.cursor` and end when it is empty or
 * missing (also when a page is empty or repeats the cursor, so a confused server cannot cause an
 * endless loop). Numbered lists (`x-pagination: numbered`) ask for `page` 1, 2, … and end on an
 * empty or short page or at `result_info.total_pages`. `page` lists (`x-pagination: page`) arrive
 * whole in one response.
 *
 * @example
 * ```ts
 * const devices: Paginator<PhysicalDevice> = listPhysicalDevices.paginate(client, { query: { per_page: 500 } });
 * for await (const page of devices.pages()) console.log(page.result.length, page.resultInfo?.cursor);
 * ```
 */
export interface Paginator<T, Id extends PaginatedOperationId = PaginatedOperationId>
  extends AsyncIterable<T> {
  /** Iterates over whole pages instead of items. */
  pages(): AsyncIterableIterator<RawResult<Id>>;
}

/**
 * Builds the paginator behind `paginate()` and each list operation's `.paginate()`.
 *
 * @example
 * ```ts
 * const devices = createPaginator(client, listPhysicalDevices, { query: { per_page: 200 } });
 * for await (const page of devices.pages()) console.log(page.result.length, page.rayId);
 * ```
 */
export function createPaginator<Id extends PaginatedOperationId>(
  client: BaseClient,
  spec: OperationSpec<Id>,
  input: { query?: Record<string, unknown> | undefined } = {},
  options: PaginateOptions = {},
): Paginator<OperationItem<Id>, Id> {
  const { limit = Number.POSITIVE_INFINITY, ...call } = options;
  async function* numberedPages() {
    let number = Number(input.query?.page ?? 1);
    let seen = 0;
    while (seen < limit) {
      const page = await execute(
        client,
        spec,
        { ...input, query: { ...input.query, page: number } },
        call,
      );
      const count = (page.result as unknown[] | null)?.length ?? 0;
      seen += count;
      yield page;
      const info = page.resultInfo as { per_page?: number; total_pages?: number } | undefined;
      // The last page: empty, shorter than the page size, or the last one the server counts.
      if (count === 0) return;
      if (info?.total_pages !== undefined && number >= info.total_pages) return;
      if (info?.per_page !== undefined && count < info.per_page) return;
      number++;
    }
  }
  async function* pages() {
    if (spec.pagination === "numbered") {
      yield* numberedPages();
      return;
    }
    let cursor = input.query?.cursor;
    let seen = 0;
    while (seen < limit) {
      const page = await execute(
        client,
        spec,
        { ...input, query: { ...input.query, cursor } },
        call,
      );
      const count = (page.result as unknown[] | null)?.length ?? 0;
      seen += count;
      yield page;
      const next =
        spec.pagination === "cursor" ? (page.resultInfo as { cursor?: unknown })?.cursor : "";
      if (!next || next === cursor || count === 0) return;
      cursor = next;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      let left = limit;
      for await (const page of pages()) {
        for (const item of (page.result ?? []) as OperationItem<Id>[]) {
          if (left-- <= 0) return;
          yield item;
        }
      }
    },
  };
}

/**
 * Collects an async iterable into an array, and throws rather than hold more than `limit` items
 * (default 10 000), so a forgotten filter cannot load a whole fleet into memory.
 *
 * @throws CloudflareDevicesError when there are more than `limit` items.
 * @example
 * ```ts
 * const devices = await toArray(listPhysicalDevices.paginate(client), { limit: 50_000 });
 * ```
 */
export async function toArray<T>(
  items: AsyncIterable<T>,
  options: { limit?: number } = {},
): Promise<T[]> {
  const { limit = 10_000 } = options;
  const out: T[] = [];
  for await (const item of items) {
    if (out.length >= limit) {
      throw new CloudflareDevicesError(
        `more than ${limit} items: pass a larger { limit } to toArray, narrow the query, or iterate with for await`,
      );
    }
    out.push(item);
  }
  return out;
}
