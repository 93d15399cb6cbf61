/**
 * The errors the client throws: one small tree under {@link CloudflareDevicesError}.
 *
 * - {@link ApiError} and its subclasses: the API answered, but not with success. Created only by
 *   {@link fromResponse}.
 * - {@link ConnectionError} (and {@link TimeoutError}) and {@link AbortError}: no usable answer.
 *
 * Errors never hold request headers, so tokens and keys cannot leak through `message`,
 * `toString()`, `JSON.stringify()` or a logger.
 * @module
 */
import type { ResponseInfo } from "@cf-devices/types";
import { parseRetryAfter } from "./retry.js";

/**
 * Base class of every error the client throws.
 *
 * @example
 * ```ts
 * try {
 *   await getPhysicalDevice(client, { path: { device_id } });
 * } catch (error) {
 *   if (error instanceof CloudflareDevicesError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class CloudflareDevicesError extends Error {
  override get name(): string {
    return "CloudflareDevicesError";
  }

  /** A plain object with `name`, `message` and the error's own fields (never headers or `cause`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/**
 * What {@link fromResponse} knows about a failed call; every {@link ApiError} has these fields.
 *
 * @example
 * ```ts
 * const { status, errors, rayId }: ApiErrorDetails = error;
 * ```
 */
export interface ApiErrorDetails {
  /** HTTP status; 200 when a 2xx answer was not a success envelope. */
  status: number;
  /** Cloudflare's `errors[]` (code, message, documentation_url, source.pointer). */
  errors: ResponseInfo[];
  /** Cloudflare's `messages[]`. */
  messages: ResponseInfo[];
  /** The parsed body, or the start of the raw text when it was not JSON. */
  body: unknown;
  /** The operation that failed, for per-operation calls. */
  operationId: string | undefined;
  /** The `cf-ray` response header: quote it to Cloudflare support. */
  rayId: string | undefined;
}

/**
 * The API answered with a non-2xx status, or with a body that is not a success envelope
 * (`success: false`, empty, HTML from the edge, cut-off JSON). Subclasses name the status family.
 *
 * @example
 * ```ts
 * try {
 *   await revokeRegistrations(client, { query: { id: ids } });
 * } catch (error) {
 *   if (!(error instanceof ApiError)) throw error;
 *   console.error(error.status, error.errors.map((e) => e.code), error.rayId);
 * }
 * ```
 */
export class ApiError extends CloudflareDevicesError implements ApiErrorDetails {
  declare readonly status: number;
  declare readonly errors: ResponseInfo[];
  declare readonly messages: ResponseInfo[];
  declare readonly body: unknown;
  declare readonly operationId: string | undefined;
  declare readonly rayId: string | undefined;

  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    Object.assign(this, details);
  }

  override get name(): string {
    return "ApiError";
  }
}

/**
 * 400: the request was malformed; `errors[].source.pointer` points at the field.
 * @example
 * ```ts
 * if (error instanceof BadRequestError) console.error(error.errors[0]?.source?.pointer);
 * ```
 */
export class BadRequestError extends ApiError {
  override get name(): string {
    return "BadRequestError";
  }
}

/**
 * 401: the credentials are missing, wrong or expired.
 * @example
 * ```ts
 * if (error instanceof AuthenticationError) console.error("check CLOUDFLARE_API_TOKEN");
 * ```
 */
export class AuthenticationError extends ApiError {
  override get name(): string {
    return "AuthenticationError";
  }
}

/**
 * 403: the credentials are valid but lack a permission for this account or resource.
 * @example
 * ```ts
 * if (error instanceof PermissionDeniedError) console.error("the token needs Zero Trust permissions");
 * ```
 */
export class PermissionDeniedError extends ApiError {
  override get name(): string {
    return "PermissionDeniedError";
  }
}

/**
 * 404: no such route or identifier.
 * @example
 * ```ts
 * const device = await getPhysicalDevice(client, { path: { device_id } }).catch((error) => {
 *   if (error instanceof NotFoundError) return undefined;
 *   throw error;
 * });
 * ```
 */
export class NotFoundError extends ApiError {
  override get name(): string {
    return "NotFoundError";
  }
}

/**
 * 409: the request conflicts with the current state (retried for idempotent operations).
 * @example
 * ```ts
 * if (error instanceof ConflictError) console.error("changed concurrently; read and try again");
 * ```
 */
export class ConflictError extends ApiError {
  override get name(): string {
    return "ConflictError";
  }
}

/**
 * 422: the request was well-formed but its content was rejected.
 * @example
 * ```ts
 * if (error instanceof UnprocessableEntityError) console.error(error.errors);
 * ```
 */
export class UnprocessableEntityError extends ApiError {
  override get name(): string {
    return "UnprocessableEntityError";
  }
}

/**
 * 429: rate limited. Thrown after the retries are spent, or at once when `Retry-After` asks for
 * a longer wait than the client is willing to make.
 * @example
 * ```ts
 * if (error instanceof RateLimitError) await scheduler.wait((error.retryAfter ?? 60) * 1000);
 * ```
 */
export class RateLimitError extends ApiError {
  /** Seconds the server asked to wait (`Retry-After`, either form), when it said. */
  declare readonly retryAfter: number | undefined;

  override get name(): string {
    return "RateLimitError";
  }
}

/**
 * 5xx: Cloudflare could not handle the request (retried for idempotent operations).
 * @example
 * ```ts
 * if (error instanceof InternalServerError) console.error(`quote ${error.rayId} to support`);
 * ```
 */
export class InternalServerError extends ApiError {
  override get name(): string {
    return "InternalServerError";
  }
}

/**
 * No answer: DNS, refused or reset connection, TLS. `cause` holds what `fetch` threw.
 * @example
 * ```ts
 * if (error instanceof ConnectionError) console.error("network trouble:", error.message);
 * ```
 */
export class ConnectionError extends CloudflareDevicesError {
  override get name(): string {
    return "ConnectionError";
  }
}

/**
 * The call ran out of its `timeout` (retries and waits included).
 * @example
 * ```ts
 * await listPhysicalDevices(client, {}, { timeout: 5_000 }).catch((error) => {
 *   if (error instanceof TimeoutError) return [];
 *   throw error;
 * });
 * ```
 */
export class TimeoutError extends ConnectionError {
  override get name(): string {
    return "TimeoutError";
  }
}

/**
 * The caller's `AbortSignal` fired; `cause` is its `reason`.
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = listRegistrations(client, {}, { signal: controller.signal });
 * controller.abort(); // pending rejects with AbortError
 * ```
 */
export class AbortError extends CloudflareDevicesError {
  override get name(): string {
    return "AbortError";
  }
}

const byStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

const hints: Record<number, string> = {
  401: " Check the API token (apiToken / CLOUDFLARE_API_TOKEN) or email and key.",
  403: " The credentials lack a permission for this account or resource.",
};

/** Keeps at most this many characters of a body that is not JSON. */
const MAX_TEXT = 1000;

/**
 * Turns an unsuccessful answer into the matching {@link ApiError} subclass: by status family, or
 * `ApiError` itself when a 2xx answer is not a success envelope. Never throws, whatever the body.
 *
 * @param response The answer (only `status` and `headers` are read; headers are not kept).
 * @param text The body as text (empty, HTML, cut-off JSON and `success: false` are all handled).
 * @param operationId The operation, for the message.
 * @example
 * ```ts
 * const response = await fetch(url, { headers });
 * const text = await response.text();
 * if (!response.ok) throw fromResponse(response, text, "listPhysicalDevices");
 * ```
 */
export function fromResponse(
  response: Pick<Response, "status" | "headers">,
  text: string,
  operationId?: string,
): ApiError {
  const { status, headers } = response;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, MAX_TEXT);
  }
  const envelope =
    body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(envelope.errors) ? (envelope.errors as ResponseInfo[]) : [];
  const messages = Array.isArray(envelope.messages) ? (envelope.messages as ResponseInfo[]) : [];
  const type = headers.get("content-type");
  const rayId = headers.get("cf-ray") ?? undefined;
  const retryAfter = parseRetryAfter(headers.get("retry-after"));

  const reason = errors.length
    ? errors
        .map(
          (e) =>
            `${e.message} [code ${e.code}${e.source?.pointer ? ` at ${e.source.pointer}` : ""}]`,
        )
        .join("; ")
    : !text
      ? "the response body is empty"
      : typeof body !== "string"
        ? "the response has no error details"
        : type?.includes("json")
          ? "the JSON response could not be parsed (cut off?)"
          : `expected JSON, got ${type ?? "a body without content type"}`;
  const wait = status === 429 && retryAfter !== undefined ? ` Retry after ${retryAfter} s.` : "";
  const message = `${operationId ?? "request"} failed with status ${status}: ${reason}.${hints[status] ?? wait}${rayId ? ` (cf-ray ${rayId})` : ""}`;

  const details: ApiErrorDetails & { retryAfter?: number } = {
    status,
    errors,
    messages,
    body,
    operationId,
    rayId,
  };
  if (status === 429) details.retryAfter = retryAfter;
  const ErrorClass = status >= 500 ? InternalServerError : (byStatus[status] ?? ApiError);
  return new ErrorClass(message, details);
}
