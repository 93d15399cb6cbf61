/**
 * A stateful, in-memory mock of the Cloudflare Zero Trust Devices API, driven by the project's
 * OpenAPI document: every operation served, requests validated against the spec, seeded
 * realistic data, cursor pagination, auth, fault injection and an admin API.
 *
 * @example
 * ```ts
 * import { createMock } from "@cf-devices/mock";
 * import { createClient } from "@cf-devices/client";
 *
 * const mock = createMock({ seed: 7, devices: 300 });
 * const client = createClient({ fetch: mock.fetch, apiToken: mock.credentials.apiToken });
 * ```
 * @module @cf-devices/mock
 */
export {
  type AuthMode,
  type CredentialKind,
  DEFAULT_CREDENTIALS,
  type KeyGrant,
  type MockAuthOptions,
  type MockCredentials,
  type TokenGrant,
} from "./core/auth.js";
export { isOperationMocked } from "./core/coverage.js";
export {
  createMock,
  type FaultController,
  type Mock,
  type MockAccount,
  type MockOptions,
  type SeedParameters,
} from "./core/create-mock.js";
export { ErrorCode, type ErrorCodeName, type ResponseInfo } from "./core/errors.js";
export {
  type FaultConfig,
  type FaultSpec,
  parseFaultConfig,
} from "./core/faults.js";
export type { MockRequest, MockResponse } from "./core/http.js";
export type { RequestLogEntry } from "./core/request-log.js";
export type { StateAreas } from "./core/store/areas.js";
export type { PostureIntegrationRec, PostureRuleRec } from "./core/store/posture.js";
export {
  type MockState,
  MockStateError,
  STATE_FORMAT,
  STATE_VERSION,
  type StateAccount,
  type StateProfile,
  type StateTable,
  type StateZone,
} from "./core/store/state.js";
export {
  loadRequestValidator,
  type RequestParams,
  type RequestValidator,
  type ValidationIssue,
} from "./core/validate.js";
