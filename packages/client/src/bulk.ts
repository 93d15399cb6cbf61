/**
 * Bulk work: many items, cut into batches, a few batches at a time, with every failure kept
 * together with the items it concerns.
 * @module
 */
import { AbortError } from "./errors.js";

/**
 * Options of {@link bulk}.
 *
 * @example
 * ```ts
 * const options: BulkOptions = { batchSize: 100, concurrency: 4, onProgress: (done, total) => console.log(`${done}/${total}`) };
 * ```
 */
export interface BulkOptions {
  /** Items per task call. Default 1 (one request per item). */
  batchSize?: number | undefined;
  /** Task calls in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Stops starting batches when it fires (unstarted ones fail with AbortError); passed to the task. */
  signal?: AbortSignal | undefined;
  /** Called after each batch with the number of items finished so far and the total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * A batch that succeeded, with what the task returned.
 *
 * @example
 * ```ts
 * for (const { items, result } of outcome.succeeded) console.log(items.length, result);
 * ```
 */
export interface BulkSuccess<T, R> {
  items: T[];
  result: R;
}

/**
 * A batch that failed, with the error (an ApiError, ConnectionError, AbortError, …).
 *
 * @example
 * ```ts
 * for (const { items, error } of outcome.failed) console.error(items, error instanceof ApiError ? error.status : error);
 * ```
 */
export interface BulkFailure<T> {
  items: T[];
  error: unknown;
}

/**
 * The outcome of {@link bulk}: every item ends up in exactly one batch of `succeeded` or `failed`.
 *
 * @example
 * ```ts
 * let outcome: BulkResult<string, null> = await bulk(ids, (batch) => revokeRegistrations(client, { query: { id: batch } }));
 * for (let round = 0; round < 3 && outcome.failed.length > 0; round++) outcome = await outcome.retryFailed();
 * ```
 */
export interface BulkResult<T, R> {
  /** Batches that succeeded, in input order. */
  succeeded: BulkSuccess<T, R>[];
  /** Batches that failed, in input order. */
  failed: BulkFailure<T>[];
  /** The items of every failed batch, in input order. */
  failedItems: T[];
  /** Runs the task again for the failed items only (same options unless overridden). */
  retryFailed(options?: BulkOptions): Promise<BulkResult<T, R>>;
}

/**
 * Runs `task` over `items` in batches of `batchSize`, at most `concurrency` at a time, and
 * reports which batches failed instead of stopping at the first error. Never rejects because a
 * task failed.
 *
 * @example
 * ```ts
 * // Revoke thousands of registrations, 100 ids per request, 4 requests at a time.
 * const outcome = await bulk(
 *   registrationIds,
 *   (ids, { signal }) => revokeRegistrations(client, { query: { id: ids } }, { signal }),
 *   { batchSize: 100, concurrency: 4 },
 * );
 * if (outcome.failed.length > 0) {
 *   console.error(`${outcome.failedItems.length} not revoked`, outcome.failed[0]?.error);
 *   const again = await outcome.retryFailed(); // only the ids that failed
 * }
 * ```
 */
export async function bulk<T, R>(
  items: Iterable<T>,
  task: (batch: T[], context: { signal: AbortSignal | undefined }) => Promise<R>,
  options: BulkOptions = {},
): Promise<BulkResult<T, R>> {
  const { signal, onProgress } = options;
  const all = [...items];
  const size = Math.max(1, Math.floor(options.batchSize ?? 1));
  const batches: T[][] = [];
  for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));

  const outcomes: (BulkSuccess<T, R> | BulkFailure<T>)[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const batch = batches[index]!;
      try {
        if (signal?.aborted) {
          throw new AbortError("bulk run aborted before this batch started", {
            cause: signal.reason,
          });
        }
        outcomes[index] = { items: batch, result: await task(batch, { signal }) };
      } catch (error) {
        outcomes[index] = { items: batch, error };
      }
      done += batch.length;
      onProgress?.(done, all.length);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency ?? 4), batches.length));
  await Promise.all(Array.from({ length: workers }, worker));

  const failed = outcomes.filter((o): o is BulkFailure<T> => "error" in o);
  const failedItems = failed.flatMap((f) => f.items);
  return {
    succeeded: outcomes.filter((o): o is BulkSuccess<T, R> => "result" in o),
    failed,
    failedItems,
    retryFailed: (again) => bulk(failedItems, task, { ...options, ...again }),
  };
}
