/** Mock options from a Worker's environment bindings (vars and secrets). */
import type { MockOptions } from "../core/create-mock.js";
import { parseFaultConfig } from "../core/faults.js";

/** The minimal surface of a Durable Object namespace binding the Worker needs. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(request: Request): Promise<Response> };
}

/** Environment bindings the mock Worker reads. All are optional. */
export interface MockWorkerEnv {
  /** Seed of the generated data (default 1). */
  MOCK_SEED?: string;
  /** Physical devices per account (default 50). */
  MOCK_DEVICES?: string;
  /** Number of accounts (default 1). */
  MOCK_ACCOUNTS?: string;
  /** Comma-separated API tokens; when set, only these are accepted (strict mode). */
  MOCK_API_TOKENS?: string;
  /** When set, the admin API needs this value in the `x-mock-admin-token` header. */
  MOCK_ADMIN_TOKEN?: string;
  /** Fault rules as JSON, as for the Node server. */
  CF_DEVICES_MOCK_FAULTS?: string;
  /**
   * A Durable Object namespace bound to `MockDurableObject`. When present, every request goes
   * to one shared instance so the whole team sees the same state; otherwise each isolate keeps
   * its own mock.
   */
  MOCK_STATE?: DurableObjectNamespaceLike;
  /** Name of the shared Durable Object instance (default `default`). */
  MOCK_STATE_NAME?: string;
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new TypeError(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/**
 * Builds mock options from Worker bindings; `origin` (of the first request) sets the base URL.
 *
 * @example
 * ```ts
 * const mock = createMock(mockOptionsFromEnv(env, new URL(request.url).origin));
 * ```
 */
export function mockOptionsFromEnv(env: MockWorkerEnv, origin: string): MockOptions {
  const options: MockOptions = { baseUrl: `${origin}/client/v4` };
  const seed = integer(env.MOCK_SEED, "MOCK_SEED");
  const devices = integer(env.MOCK_DEVICES, "MOCK_DEVICES");
  const accounts = integer(env.MOCK_ACCOUNTS, "MOCK_ACCOUNTS");
  if (seed !== undefined) options.seed = seed;
  if (devices !== undefined) options.devices = devices;
  if (accounts !== undefined) options.accounts = accounts;
  const tokens = (env.MOCK_API_TOKENS ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.length > 0) options.auth = { tokens };
  if (env.MOCK_ADMIN_TOKEN) options.admin = { token: env.MOCK_ADMIN_TOKEN };
  if (env.CF_DEVICES_MOCK_FAULTS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.CF_DEVICES_MOCK_FAULTS);
    } catch (error) {
      throw new TypeError(`CF_DEVICES_MOCK_FAULTS is not valid JSON: ${(error as Error).message}`);
    }
    options.faults = parseFaultConfig(parsed, "CF_DEVICES_MOCK_FAULTS");
  }
  return options;
}
