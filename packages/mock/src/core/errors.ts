/**
 * Every error the mock can answer with, in one place: HTTP status, Cloudflare-style code (always
 * ≥ 1000, as the spec's `ResponseInfo` requires) and message. Codes the real API is known to use
 * (7003 no route, 9106/9103/9109 credentials, 10000 authentication, 6007 malformed JSON) keep
 * their real numbers; the Devices-specific ones are the mock's own choice, in the 2xxx range.
 */

/** One entry of the envelope's `errors` array. */
export interface ResponseInfo {
  code: number;
  message: string;
  documentation_url?: string;
  source?: { pointer: string };
}

/**
 * The error codes the mock uses, by name.
 *
 * @example
 * ```ts
 * const body = await (await mock.fetch(url, init)).json();
 * if (body.errors[0]?.code === ErrorCode.PRECEDENCE_CONFLICT) {
 *   // pick another precedence
 * }
 * ```
 */
export const ErrorCode = {
  /** The request body is not valid JSON. */
  MALFORMED_JSON: 6007,
  /** No operation matches the method and path. */
  NO_ROUTE: 7003,
  /** The path exists, but not for this method. */
  METHOD_NOT_ALLOWED: 7001,
  /** No credentials, or only half of an email + key pair. */
  MISSING_CREDENTIALS: 9106,
  /** The email + key pair is not known. */
  UNKNOWN_KEY: 9103,
  /** The API token is not known. */
  INVALID_TOKEN: 9109,
  /** The credentials are valid but not for this operation or resource. */
  FORBIDDEN: 10000,
  /** A path parameter, query parameter or body field breaks the spec. */
  VALIDATION: 2001,
  /** The request needs a JSON body and sent none. */
  MISSING_BODY: 2002,
  /** `cursor` was not issued by this listing. */
  INVALID_CURSOR: 2003,
  /**
   * The request fits the spec's schemas but breaks a rule the API applies beyond them (a WARP
   * profile without `match`, a default virtual network that is not allowed, `per_page` 0).
   */
  RULE: 2004,
  /** The account id in the path is not one the mock holds. */
  ACCOUNT_NOT_FOUND: 2010,
  /** The zone id in the path is not one the mock holds. */
  ZONE_NOT_FOUND: 2011,
  /** No physical device with that id. */
  DEVICE_NOT_FOUND: 2012,
  /** No registration (legacy device) with that id. */
  REGISTRATION_NOT_FOUND: 2013,
  /** No device settings profile with that id. */
  PROFILE_NOT_FOUND: 2014,
  /** The default profile cannot be deleted or changed through the custom-profile routes. */
  DEFAULT_PROFILE_IMMUTABLE: 2020,
  /** Another custom profile already uses that precedence. */
  PRECEDENCE_CONFLICT: 2021,
  /** Injected by fault configuration: rate limited. */
  RATE_LIMITED: 10429,
  /** Injected by fault configuration: internal error. */
  INTERNAL: 10500,
  /** Injected by fault configuration: service unavailable. */
  UNAVAILABLE: 10503,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/** A failure the request pipeline turns into a Cloudflare failure envelope. */
export class MockHttpError extends Error {
  readonly status: number;
  readonly errors: ResponseInfo[];
  readonly headers: Record<string, string>;

  constructor(status: number, errors: ResponseInfo[], headers: Record<string, string> = {}) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join("; "));
    this.name = "MockHttpError";
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }
}

function fail(
  status: number,
  code: number,
  message: string,
  pointer?: string,
  headers?: Record<string, string>,
): MockHttpError {
  const info: ResponseInfo = { code, message };
  if (pointer !== undefined) info.source = { pointer };
  return new MockHttpError(status, [info], headers);
}

export const noRoute = (method: string, path: string) =>
  fail(404, ErrorCode.NO_ROUTE, `No route for ${method} ${path}; check the path and identifiers.`);

export const methodNotAllowed = (method: string, path: string, allowed: readonly string[]) =>
  fail(
    405,
    ErrorCode.METHOD_NOT_ALLOWED,
    `Method ${method} is not allowed for ${path}; use ${allowed.join(", ")}.`,
    undefined,
    { allow: allowed.join(", ") },
  );

export const malformedJson = (detail: string) =>
  fail(400, ErrorCode.MALFORMED_JSON, `Malformed JSON in request body: ${detail}`, "");

export const missingBody = () =>
  fail(400, ErrorCode.MISSING_BODY, "A JSON request body is required.", "");

export const validation = (message: string, pointer: string) =>
  fail(400, ErrorCode.VALIDATION, message, pointer);

export const ruleBroken = (message: string, pointer: string) =>
  fail(400, ErrorCode.RULE, message, pointer);

export const invalidCursor = (reason: string) =>
  fail(400, ErrorCode.INVALID_CURSOR, `Invalid cursor: ${reason}.`, "/query/cursor");

export const missingCredentials = (detail?: string) =>
  fail(
    401,
    ErrorCode.MISSING_CREDENTIALS,
    detail ?? "Missing X-Auth-Key, X-Auth-Email or Authorization headers.",
  );

export const invalidToken = () => fail(403, ErrorCode.INVALID_TOKEN, "Invalid API token.");

export const unknownKey = () =>
  fail(403, ErrorCode.UNKNOWN_KEY, "Unknown X-Auth-Key or X-Auth-Email.");

export const forbidden = (message: string) =>
  fail(403, ErrorCode.FORBIDDEN, `Authentication error: ${message}`);

export const accountNotFound = (id: string, known: readonly string[]) =>
  fail(
    404,
    ErrorCode.ACCOUNT_NOT_FOUND,
    `Account ${id} does not exist in this mock (it holds ${known.join(", ") || "no accounts"}).`,
    "/path/account_id",
  );

export const zoneNotFound = (id: string, known: readonly string[]) =>
  fail(
    404,
    ErrorCode.ZONE_NOT_FOUND,
    `Zone ${id} does not exist in this mock (it holds ${known.join(", ") || "no zones"}).`,
    "/path/zone_id",
  );

export const deviceNotFound = (id: string, pointer = "/path/device_id") =>
  fail(404, ErrorCode.DEVICE_NOT_FOUND, `Device ${id} not found.`, pointer);

export const registrationNotFound = (id: string, pointer = "/path/registration_id") =>
  fail(404, ErrorCode.REGISTRATION_NOT_FOUND, `Registration ${id} not found.`, pointer);

export const profileNotFound = (id: string) =>
  fail(
    404,
    ErrorCode.PROFILE_NOT_FOUND,
    `Device settings profile ${id} not found.`,
    "/path/policy_id",
  );

export const defaultProfileNotDeletable = () =>
  fail(
    400,
    ErrorCode.DEFAULT_PROFILE_IMMUTABLE,
    "The default device settings profile cannot be deleted.",
    "/path/policy_id",
  );

export const defaultProfileViaCustomRoute = () =>
  fail(
    400,
    ErrorCode.DEFAULT_PROFILE_IMMUTABLE,
    "The default device settings profile is changed with PATCH /accounts/{account_id}/devices/policy.",
    "/path/policy_id",
  );

export const precedenceConflict = (precedence: number, otherName: string) =>
  fail(
    400,
    ErrorCode.PRECEDENCE_CONFLICT,
    `precedence ${precedence} is already used by the device settings profile "${otherName}"; precedences must be unique.`,
    "/precedence",
  );

export const rateLimited = (retryAfter: number) =>
  fail(
    429,
    ErrorCode.RATE_LIMITED,
    "Rate limited; slow down and retry after the Retry-After delay (injected fault).",
    undefined,
    { "retry-after": String(retryAfter) },
  );

export const internalError = () =>
  fail(500, ErrorCode.INTERNAL, "Internal server error (injected fault).");

export const unavailable = (retryAfter: number) =>
  fail(503, ErrorCode.UNAVAILABLE, "Service temporarily unavailable (injected fault).", undefined, {
    "retry-after": String(retryAfter),
  });

/** A 500 for an exception inside the mock itself (a bug worth reporting). */
/** A persisted mock could not save a change; the change is not acknowledged. */
export const stateNotSaved = (detail: string) =>
  fail(
    500,
    ErrorCode.INTERNAL,
    `The mock could not save this change to its state (${detail}); retry once the cause is fixed.`,
  );

export const mockBug = (error: unknown) =>
  fail(
    500,
    ErrorCode.INTERNAL,
    `The mock failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
  );

/** The failure for an arbitrary forced status, such as 502 or 504 from a fault. */
export function faultStatus(status: number, retryAfter: number): MockHttpError {
  if (status === 429) return rateLimited(retryAfter);
  if (status === 503) return unavailable(retryAfter);
  if (status === 500) return internalError();
  const headers: Record<string, string> =
    status >= 500 ? { "retry-after": String(retryAfter) } : {};
  return fail(
    status,
    status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION,
    `Injected fault: HTTP ${status}.`,
    undefined,
    headers,
  );
}

/** The failure envelope of the spec (`ApiResponseFailure`). */
export function failureBody(errors: ResponseInfo[]): {
  success: false;
  errors: ResponseInfo[];
  messages: ResponseInfo[];
  result: null;
} {
  return { success: false, errors, messages: [], result: null };
}
