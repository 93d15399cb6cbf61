/**
 * Retry policy: {@link retryDelay} is the one function that decides whether a failed attempt is
 * sent again, and after how long. The transport calls it after every failed attempt.
 * @module
 */

/**
 * Longest `Retry-After` the client waits out (ms); a longer one ends the retries.
 *
 * @example
 * ```ts
 * if ((error.retryAfter ?? 0) * 1000 > MAX_RETRY_AFTER) queue.later(job, error.retryAfter);
 * ```
 */
export const MAX_RETRY_AFTER = 60_000;
/** First backoff step (ms); it doubles per retry. */
const BASE_DELAY = 500;
/** Largest backoff step (ms) before jitter. */
const MAX_DELAY = 8_000;

/**
 * What {@link retryDelay} looks at.
 *
 * @example
 * ```ts
 * const input: RetryInput = { attempt: 1, maxRetries: 2, idempotent: true, status: 429, retryAfter: "5", notSent: false };
 * retryDelay(input); // 5000
 * ```
 */
export interface RetryInput {
  /** Retries already made for this call (0 after the first attempt). */
  attempt: number;
  /** Retries allowed for this call. */
  maxRetries: number;
  /** Whether the operation may be sent twice (the manifest's `idempotent`). */
  idempotent: boolean;
  /** HTTP status of the answer, or 0 when there was none (connection failure). */
  status: number;
  /** The `Retry-After` header, when the answer had one. */
  retryAfter: string | null;
  /** True when the connection failed before anything was sent (refused, DNS). */
  notSent: boolean;
}

/**
 * Decides whether to send a request again. Returns the wait in milliseconds, or -1 to stop and
 * report the failure.
 *
 * 1. At most `maxRetries` retries.
 * 2. Idempotent operations are retried on connection failures and on 408, 409, 429 and 5xx.
 * 3. Operations that are not safe to repeat (`idempotent: false`, e.g. creating a profile) are
 *    retried only when the request provably did not take effect: the connection was refused
 *    before anything was sent, or the server turned it away with 429 or 503 *and* said when to
 *    come back (`Retry-After`). A reset, a timeout or a 5xx could come after the server acted,
 *    so those are reported, never resent.
 * 4. The wait is `Retry-After` when present (seconds or an HTTP date), up to
 *    {@link MAX_RETRY_AFTER}; when the server asks for longer, the client stops and the error
 *    (e.g. `RateLimitError.retryAfter`) tells the caller. Without it: exponential backoff
 *    (0.5 s, 1 s, 2 s … at most 8 s), half of it random jitter, so clients spread out.
 *
 * Timeouts and aborts never reach this function: they end the call.
 *
 * @example
 * ```ts
 * retryDelay({ attempt: 0, maxRetries: 2, idempotent: true, status: 503, retryAfter: "2", notSent: false }); // 2000
 * retryDelay({ attempt: 0, maxRetries: 2, idempotent: false, status: 500, retryAfter: null, notSent: false }); // -1
 * ```
 */
export function retryDelay(input: RetryInput): number {
  const { attempt, maxRetries, idempotent, status, retryAfter, notSent } = input;
  if (!(attempt < maxRetries)) return -1;
  const after = parseRetryAfter(retryAfter);
  const retryable = idempotent
    ? status === 0 || status === 408 || status === 409 || status === 429 || status >= 500
    : notSent || ((status === 429 || status === 503) && after !== undefined);
  if (!retryable) return -1;
  if (after !== undefined) return after * 1000 > MAX_RETRY_AFTER ? -1 : after * 1000;
  const step = Math.min(MAX_DELAY, BASE_DELAY * 2 ** attempt);
  return Math.round(step / 2 + (Math.random() * step) / 2);
}

/**
 * Reads a `Retry-After` header: delay-seconds (`"120"`) or an HTTP date. Returns seconds from now
 * (0 for a date in the past), or undefined when the header is absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter("3"); // 3
 * parseRetryAfter(new Date(Date.now() + 10_000).toUTCString()); // about 10
 * ```
 */
export function parseRetryAfter(header: string | null | undefined): number | undefined {
  const value = header?.trim() ?? "";
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  // An HTTP date always names a weekday and GMT; this keeps Date.parse from reading "-5" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
