/**
 * The transport every request goes through, per-operation functions and the low-level
 * openapi-fetch methods alike: time budget, abort signals, retries, logging. Credentials live in
 * this closure only, never on an object someone could print.
 */
import { AbortError, ConnectionError, TimeoutError } from "../errors.js";
import { retryDelay } from "../retry.js";

/** Where a client keeps its transport; per-operation functions read it. */
export const CORE: unique symbol = Symbol.for("@cf-devices/client.core");

/**
 * Receives what the client does, when given as the `logger` option: `debug` gets one line per
 * attempt, `warn` one line per retry. `console` fits. No line contains a header value.
 *
 * @example
 * ```ts
 * const logger: Logger = { warn: (message, details) => metrics.increment("cf.retry", details) };
 * const client = createClient({ logger });
 * ```
 */
export interface Logger {
  debug?(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
}

/**
 * Options of a single call; they override the client's.
 *
 * @example
 * ```ts
 * const options: CallOptions = { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(10_000) };
 * await getPhysicalDevice(client, { path: { device_id } }, options);
 * ```
 */
export interface CallOptions {
  /** Cancels the call, during a request or a backoff wait. */
  signal?: AbortSignal | undefined;
  /** Time budget of the whole call in ms, retries and waits included (0 = none). */
  timeout?: number | undefined;
  /** Retries after the first attempt. */
  maxRetries?: number | undefined;
}

export interface Sent {
  response: Response;
  text: string;
}

export interface Core {
  readonly baseUrl: string;
  readonly accountId: string | undefined;
  readonly zoneId: string | undefined;
  /**
   * Sends a request (a URL plus init, or a `Request` built by openapi-fetch), retrying as
   * {@link retryDelay} decides. Resolves with the last answer and its body text, whatever the
   * status; rejects with ConnectionError, TimeoutError or AbortError. `label` (the operationId,
   * or `METHOD /path` for low-level calls) names the call in errors and logs; `idempotent` says
   * whether it may be sent twice.
   */
  send(
    input: string | Request,
    init: RequestInit | undefined,
    label: string,
    idempotent: boolean,
    options?: CallOptions,
  ): Promise<Sent>;
  /** Replaces credentials with `[redacted]` in text that goes into an error. */
  redact(text: string): string;
}

export interface CoreConfig {
  baseUrl: string;
  accountId: string | undefined;
  zoneId: string | undefined;
  headers: Record<string, string>;
  secrets: string[];
  fetch: (request: Request, init: { signal: AbortSignal }) => Promise<Response>;
  timeout: number;
  maxRetries: number;
  signal: AbortSignal | undefined;
  logger: Logger | undefined;
}

/** Connection failures that prove the request never left (Node/undici error codes). */
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

const ignore = () => {};

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

export function createCore(config: CoreConfig): Core {
  const { headers, secrets, fetch, logger } = config;
  return {
    baseUrl: config.baseUrl,
    accountId: config.accountId,
    zoneId: config.zoneId,
    redact: (text) => secrets.reduce((t, secret) => t.replaceAll(secret, "[redacted]"), text),

    async send(input, init, label, idempotent, options = {}) {
      const timeout = options.timeout ?? config.timeout;
      const maxRetries = options.maxRetries ?? config.maxRetries;
      const deadline = timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY;
      const controller = new AbortController();
      let timedOut = false;
      const stop = () =>
        timedOut
          ? new TimeoutError(`${label} timed out after ${timeout} ms (raise the timeout option)`)
          : new AbortError(`${label} was aborted`, {
              cause: signals.find((s) => s?.aborted)?.reason,
            });
      // `stopped` rejects the moment the call is cancelled, so a backoff wait, or a fetch that
      // ignores its signal, ends at once; `cancel` also aborts the request itself.
      let reject!: (error: Error) => void;
      const stopped = new Promise<never>((_, r) => {
        reject = r;
      });
      stopped.catch(ignore);
      const cancel = () => {
        if (controller.signal.aborted) return;
        controller.abort();
        reject(stop());
      };
      const timer =
        timeout > 0 && timeout < 2 ** 31
          ? setTimeout(() => {
              timedOut = true;
              cancel();
            }, timeout)
          : undefined;
      const signals = [
        config.signal,
        options.signal ?? (typeof input === "string" ? undefined : input.signal),
      ];
      for (const s of signals) {
        if (s?.aborted) cancel();
        else s?.addEventListener("abort", cancel);
      }
      const fetchInit = { signal: controller.signal };
      const url = typeof input === "string" ? input : input.url;
      const method = init?.method ?? (input as Request).method;

      let wait: ReturnType<typeof setTimeout> | undefined;
      try {
        for (let attempt = 0; ; attempt++) {
          if (controller.signal.aborted) throw stop();
          // A request with a body can be sent once; keep the original for a possible retry.
          const request =
            typeof input === "string"
              ? new Request(input, {
                  method: init?.method,
                  body: init?.body ?? null,
                  headers: init?.headers
                    ? { ...headers, ...(init.headers as Record<string, string>) }
                    : headers,
                })
              : input.body && attempt < maxRetries
                ? input.clone()
                : input;
          const started = logger?.debug && Date.now();
          let response: Response | undefined;
          let text = "";
          let error: unknown;
          try {
            // The signal goes in fetch's init rather than on the Request: the real fetch builds its
            // own Request from both anyway, and linking a signal into every Request is costly.
            [response, text] = await Promise.race([
              fetch(request, fetchInit).then(
                async (r): Promise<[Response, string]> => [r, await r.text()],
              ),
              stopped,
            ]);
          } catch (e) {
            if (controller.signal.aborted) throw stop();
            // Includes a body cut off mid-read: the answer is unusable, treat it as no answer.
            response = undefined;
            error = e;
          }
          const status = response?.status ?? 0;
          if (started) {
            logger?.debug?.(
              `${method} ${url} → ${status || "no response"} in ${Date.now() - started} ms`,
              {
                operation: label,
                attempt: attempt + 1,
                status,
              },
            );
          }
          if (response?.ok) return { response, text };

          const delay = retryDelay({
            attempt,
            maxRetries,
            idempotent,
            status,
            retryAfter: response?.headers.get("retry-after") ?? null,
            notSent: NOT_SENT.includes(errorCode(error) ?? ""),
          });
          if (delay < 0 || Date.now() + delay >= deadline) {
            if (response) return { response, text };
            const reason = error instanceof Error ? error.message : String(error);
            const code = errorCode(error);
            throw new ConnectionError(
              `${label} could not reach ${url}: ${reason}${code ? ` (${code})` : ""}`,
              { cause: error },
            );
          }
          logger?.warn?.(
            `retrying ${label} in ${delay} ms (retry ${attempt + 1} of ${maxRetries}) after ${status || errorCode(error) || "a connection error"}`,
            { operation: label, attempt: attempt + 1, status, delay },
          );
          await Promise.race([
            new Promise((resolve) => (wait = setTimeout(resolve, delay))),
            stopped,
          ]);
        }
      } finally {
        clearTimeout(timer);
        clearTimeout(wait);
        for (const s of signals) s?.removeEventListener("abort", cancel);
      }
    },
  };
}
