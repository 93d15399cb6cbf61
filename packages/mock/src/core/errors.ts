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
  // ---- managed networks, account device settings, resilience, IP profiles, deployment
  // groups and override code creation (2015–2017 not found, 2030–2039 rules)
  /** No managed network with that id. */
  MANAGED_NETWORK_NOT_FOUND: 2015,
  /** No device IP profile with that id. */
  IP_PROFILE_NOT_FOUND: 2016,
  /** No deployment group with that id. */
  DEPLOYMENT_GROUP_NOT_FOUND: 2017,
  /** A managed network's `config.tls_sockaddr` is not `host:port`. */
  INVALID_TLS_SOCKADDR: 2030,
  /** A SHA-256 fingerprint is not 64 hex digits. */
  INVALID_FINGERPRINT: 2031,
  /** Another managed network of the account already has that name. */
  MANAGED_NETWORK_NAME_TAKEN: 2032,
  /** Another IP profile of the account already uses that precedence. */
  IP_PROFILE_PRECEDENCE_CONFLICT: 2033,
  /** A deployment group names a device settings profile that does not exist. */
  UNKNOWN_PROFILE_REFERENCE: 2034,
  /** A device settings profile is already assigned to another deployment group. */
  PROFILE_ALREADY_GROUPED: 2035,
  /** An external emergency signal setting (address, interval) is not usable. */
  INVALID_EMERGENCY_SIGNAL: 2036,
  /** A deployment group's `version_config` is empty or names an environment twice. */
  INVALID_VERSION_CONFIG: 2037,
  /** An override code's `duration_hours` is not a positive number of hours. */
  INVALID_OVERRIDE_DURATION: 2038,
  // ---- end of that block
  // ------------------------------------------------ posture rules and integrations
  /** No posture rule with that id. */
  POSTURE_RULE_NOT_FOUND: 2018,
  /** No posture integration with that id. */
  POSTURE_INTEGRATION_NOT_FOUND: 2019,
  /** A rule's `input.connection_id` names no integration of the account. */
  POSTURE_INTEGRATION_REFERENCE: 2040,
  /** A rule's `input.connection_id` names an integration of another provider than the rule's type. */
  POSTURE_INTEGRATION_TYPE_MISMATCH: 2041,
  /** The integration is still used by posture rules (delete, or a change of its type). */
  POSTURE_INTEGRATION_IN_USE: 2042,
  /** An integration update changes `type` without sending the `config` of the new type. */
  POSTURE_CONFIG_REQUIRED: 2043,
  /** `schedule`, `expiration` or `interval` is not a duration the API reads. */
  POSTURE_DURATION: 2044,
  /** A `match` entry names no platform. */
  POSTURE_MATCH_PLATFORM: 2045,
  // ------------------------------------------------ (end of posture)
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

// ---- managed networks, account device settings, resilience, IP profiles, deployment groups,
// override code creation

export const managedNetworkNotFound = (id: string) =>
  fail(
    404,
    ErrorCode.MANAGED_NETWORK_NOT_FOUND,
    `Managed network ${id} not found.`,
    "/path/network_id",
  );

export const ipProfileNotFound = (id: string) =>
  fail(404, ErrorCode.IP_PROFILE_NOT_FOUND, `IP profile ${id} not found.`, "/path/profile_id");

export const deploymentGroupNotFound = (id: string) =>
  fail(
    404,
    ErrorCode.DEPLOYMENT_GROUP_NOT_FOUND,
    `Deployment group ${id} not found.`,
    "/path/group_id",
  );

export const invalidTlsSockaddr = (value: string, reason: string) =>
  fail(
    400,
    ErrorCode.INVALID_TLS_SOCKADDR,
    `config.tls_sockaddr ${JSON.stringify(value)} ${reason}; write it as host:port, such as 10.0.0.10:443, office.example.com:8443 or [2001:db8::10]:443.`,
    "/config/tls_sockaddr",
  );

export const invalidFingerprint = (field: string, pointer: string) =>
  fail(
    400,
    ErrorCode.INVALID_FINGERPRINT,
    `${field} must be a SHA-256 fingerprint of 64 hex digits, without colons (openssl x509 -noout -fingerprint -sha256 prints it with colons: remove them).`,
    pointer,
  );

export const managedNetworkNameTaken = (name: string) =>
  fail(
    400,
    ErrorCode.MANAGED_NETWORK_NAME_TAKEN,
    `A managed network named ${JSON.stringify(name)} already exists; names must be unique within the account.`,
    "/name",
  );

export const ipProfilePrecedenceConflict = (precedence: number, otherName: string) =>
  fail(
    400,
    ErrorCode.IP_PROFILE_PRECEDENCE_CONFLICT,
    `precedence ${precedence} is already used by the IP profile ${JSON.stringify(otherName)}; precedences must be unique.`,
    "/precedence",
  );

export const unknownProfileReference = (id: string, pointer: string) =>
  fail(
    400,
    ErrorCode.UNKNOWN_PROFILE_REFERENCE,
    `Device settings profile ${id} does not exist; policy_ids takes the policy_id of existing profiles (GET /accounts/{account_id}/devices/policies).`,
    pointer,
  );

export const profileAlreadyGrouped = (id: string, groupName: string, pointer: string) =>
  fail(
    400,
    ErrorCode.PROFILE_ALREADY_GROUPED,
    `Device settings profile ${id} is already assigned to the deployment group ${JSON.stringify(groupName)}; remove it there first.`,
    pointer,
  );

export const invalidEmergencySignal = (message: string, pointer: string) =>
  fail(400, ErrorCode.INVALID_EMERGENCY_SIGNAL, message, pointer);

export const invalidVersionConfig = (message: string, pointer: string) =>
  fail(400, ErrorCode.INVALID_VERSION_CONFIG, message, pointer);

export const invalidOverrideDuration = (value: number) =>
  fail(
    400,
    ErrorCode.INVALID_OVERRIDE_DURATION,
    `duration_hours must be a positive number of hours, got ${value}.`,
    "/duration_hours",
  );

// ---- end of that block
// ---------------------------------------------------------------- posture rules and integrations

export const postureRuleNotFound = (id: string) =>
  fail(404, ErrorCode.POSTURE_RULE_NOT_FOUND, `Posture rule ${id} not found.`, "/path/rule_id");

export const postureIntegrationNotFound = (id: string) =>
  fail(
    404,
    ErrorCode.POSTURE_INTEGRATION_NOT_FOUND,
    `Posture integration ${id} not found.`,
    "/path/integration_id",
  );

export const postureIntegrationReference = (id: string, pointer: string) =>
  fail(
    400,
    ErrorCode.POSTURE_INTEGRATION_REFERENCE,
    `${pointer.slice(1).replaceAll("/", ".")} names posture integration ${JSON.stringify(id)}, which does not exist; create it first or use an id from GET /accounts/{account_id}/devices/posture/integration.`,
    pointer,
  );

export const postureIntegrationTypeMismatch = (
  ruleType: string,
  integration: { id: string; name: string; type: string },
  pointer: string,
) =>
  fail(
    400,
    ErrorCode.POSTURE_INTEGRATION_TYPE_MISMATCH,
    `A rule of type ${ruleType} needs an integration of type ${ruleType}; ${integration.id} ("${integration.name}") is of type ${integration.type}.`,
    pointer,
  );

export const postureIntegrationInUse = (
  integration: { id: string; name: string },
  rules: readonly { id: string; name: string }[],
  change: "deleted" | "given another type",
) =>
  fail(
    400,
    ErrorCode.POSTURE_INTEGRATION_IN_USE,
    `Posture integration ${integration.id} ("${integration.name}") cannot be ${change}: ${rules.length === 1 ? "the posture rule" : "the posture rules"} ${rules.map((r) => `${r.id} ("${r.name}")`).join(", ")} ${rules.length === 1 ? "uses" : "use"} it. Change or delete ${rules.length === 1 ? "that rule" : "those rules"} first.`,
    change === "deleted" ? "/path/integration_id" : "/type",
  );

export const postureConfigRequired = (from: string, to: string) =>
  fail(
    400,
    ErrorCode.POSTURE_CONFIG_REQUIRED,
    `config is required when type changes (from ${from} to ${to}): send the ${to} configuration with its credentials.`,
    "/config",
  );

export const postureDuration = (field: string, value: string, rule: string) =>
  fail(
    400,
    ErrorCode.POSTURE_DURATION,
    `${field} ${JSON.stringify(value)} is not a valid duration: ${rule}.`,
    `/${field}`,
  );

export const postureMatchPlatform = (index: number) =>
  fail(
    400,
    ErrorCode.POSTURE_MATCH_PLATFORM,
    `match[${index}].platform is required: each match entry names the platform the rule runs on.`,
    `/match/${index}/platform`,
  );

// ---------------------------------------------------------------- (end of posture)

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
