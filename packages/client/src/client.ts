/**
 * Creating a client: {@link createClient} (openapi-fetch's typed `GET`/`POST`/… plus everything
 * the operation functions need) and {@link createBaseClient} (the operation functions only, for
 * bundles where every kilobyte counts).
 * @module
 */
import type { paths } from "@cf-devices/types";
import createFetchClient, { type Client as FetchClient } from "openapi-fetch";
import { ENV_VARS, type Env, processEnv, readEnv } from "./env.js";
import { CloudflareDevicesError } from "./errors.js";
import { defaultBaseUrl, nonIdempotentRoutes } from "./generated/routes.js";
import { CORE, type Core, createCore, type Logger } from "./internal/core.js";

/**
 * How to reach and authenticate with the API. Every option is optional; absent ones are read
 * from the environment (see {@link ENV_VARS}) where there is one.
 *
 * Credentials: `apiToken` (sent as `Authorization: Bearer`), or `apiEmail` + `apiKey` (the
 * Global API key). An explicit option wins over the environment; a token wins over email + key.
 * Without any, requests go out unauthenticated (for a proxy that adds credentials).
 *
 * @example
 * ```ts
 * const options: ClientOptions = {
 *   apiToken: process.env.CF_TOKEN,
 *   accountId: "7c4b9e2f1a6d3c8e5b0f2a9d4e7c1b36",
 *   timeout: 30_000,
 *   maxRetries: 4,
 *   logger: console,
 * };
 * ```
 */
export interface ClientOptions {
  /** API token. Env: `CLOUDFLARE_API_TOKEN`. */
  apiToken?: string | undefined;
  /** Account email for the Global API key. Env: `CLOUDFLARE_EMAIL`. */
  apiEmail?: string | undefined;
  /** Global API key; needs `apiEmail`. Env: `CLOUDFLARE_API_KEY`. */
  apiKey?: string | undefined;
  /** API root. Env: `CLOUDFLARE_BASE_URL`; default `https://api.cloudflare.com/client/v4`. */
  baseUrl?: string | undefined;
  /** Fills `account_id` in paths when a call leaves it out. Env: `CLOUDFLARE_ACCOUNT_ID`. */
  accountId?: string | undefined;
  /** Fills `zone_id` in paths when a call leaves it out. Env: `CLOUDFLARE_ZONE_ID`. */
  zoneId?: string | undefined;
  /**
   * Sends a request; default the global `fetch`. Inject one for tests, a mock
   * (`createMock().fetch`), a proxy or a Worker service binding. It is called as
   * `fetch(request, { signal })`: pass the signal on (as the global fetch does) so a timeout or
   * abort also cancels the request itself.
   */
  fetch?: ((request: Request, init: { signal: AbortSignal }) => Promise<Response>) | undefined;
  /** Time budget of one call in ms, retries and backoff waits included; 0 = none. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt (see `retryDelay` for which failures). Default 2. */
  maxRetries?: number | undefined;
  /** Cancels every call of this client when it fires. */
  signal?: AbortSignal | undefined;
  /** `User-Agent` header. Default `cf-devices-client`. */
  userAgent?: string | undefined;
  /** Receives a debug line per attempt and a warn line per retry. `console` fits. */
  logger?: Logger | undefined;
  /**
   * Where to read `CLOUDFLARE_*` variables from. Default `process.env` when there is a
   * `process`; in a Worker pass its `env`.
   */
  env?: Env | undefined;
}

/**
 * What the operation functions (`listPhysicalDevices(client, …)`, `callOperation`, `paginate`,
 * `bulk` tasks) need: a transport, created by {@link createBaseClient} or {@link createClient}.
 *
 * @example
 * ```ts
 * async function countDevices(client: BaseClient): Promise<number> {
 *   return (await toArray(listPhysicalDevices.paginate(client), { limit: 100_000 })).length;
 * }
 * ```
 */
export interface BaseClient {
  /** The API root requests go to. */
  readonly baseUrl: string;
  /** Default for `account_id` path parameters. */
  readonly accountId: string | undefined;
  /** Default for `zone_id` path parameters. */
  readonly zoneId: string | undefined;
  /** @internal */
  readonly [CORE]: Core;
}

/**
 * A {@link BaseClient} that also has openapi-fetch's typed low-level methods (`GET`, `POST`,
 * `PUT`, `PATCH`, `DELETE`, `request`, `use`, `eject`) for every path of the spec. They return
 * `{ data, error, response }` as openapi-fetch does and share the client's credentials, retries,
 * timeout, signal and logger. Middleware added with `use()` applies to these methods only.
 *
 * @example
 * ```ts
 * const client: Client = createClient();
 * const { data, error } = await client.GET("/accounts/{account_id}/devices/policies", {
 *   params: { path: { account_id: client.accountId! } },
 * });
 * ```
 */
export type Client = FetchClient<paths, "application/json"> & BaseClient;

function setup(options: ClientOptions) {
  const env = options.env ?? processEnv();
  const option = (name: keyof typeof ENV_VARS) => options[name] || readEnv(env, ENV_VARS[name]);
  const explicitKey = options.apiEmail || options.apiKey;
  const token = options.apiToken || (explicitKey ? undefined : option("apiToken"));
  const email = option("apiEmail");
  const key = option("apiKey");
  const headers: Record<string, string> = {
    "User-Agent": options.userAgent || "cf-devices-client",
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (email && key) {
    headers["X-Auth-Email"] = email;
    headers["X-Auth-Key"] = key;
  } else if (explicitKey) {
    throw new CloudflareDevicesError(
      "apiEmail and apiKey go together: set both (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY), or use apiToken",
    );
  }
  const baseUrl = (option("baseUrl") || defaultBaseUrl).replace(/\/+$/, "");
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new CloudflareDevicesError(`baseUrl must be an http(s) URL, got "${baseUrl}"`);
  }
  const core = createCore({
    baseUrl,
    accountId: option("accountId"),
    zoneId: option("zoneId"),
    headers,
    secrets: [token, headers["X-Auth-Key"]].filter((s): s is string => !!s),
    fetch: options.fetch ?? ((request, init) => fetch(request, init)),
    timeout: options.timeout ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    signal: options.signal,
    logger: options.logger,
  });
  return { core, headers };
}

function base(core: Core): BaseClient {
  return { baseUrl: core.baseUrl, accountId: core.accountId, zoneId: core.zoneId, [CORE]: core };
}

/**
 * Creates a client for the operation functions only, without openapi-fetch's low-level methods,
 * so bundlers leave openapi-fetch out. Same options as {@link createClient}.
 *
 * @throws CloudflareDevicesError when only one of `apiEmail` / `apiKey` is set, or `baseUrl` is
 *   not an http(s) URL.
 * @example
 * ```ts
 * // A Cloudflare Worker
 * import { createBaseClient, listPhysicalDevices } from "@cf-devices/client";
 *
 * export default {
 *   async fetch(_request: Request, env: Record<string, string>) {
 *     const client = createBaseClient({ env }); // reads CLOUDFLARE_API_TOKEN / _ACCOUNT_ID from env
 *     return Response.json(await listPhysicalDevices(client));
 *   },
 * };
 * ```
 */
export function createBaseClient(options: ClientOptions = {}): BaseClient {
  return base(setup(options).core);
}

/**
 * Creates a client: openapi-fetch's typed `GET`/`POST`/`PUT`/`PATCH`/`DELETE` for every path,
 * and the transport that the per-operation functions (`listPhysicalDevices(client, …)`) use.
 * Both apply the credentials, retries, timeout, signal and logger.
 *
 * @throws CloudflareDevicesError when only one of `apiEmail` / `apiKey` is set, or `baseUrl` is
 *   not an http(s) URL.
 * @example
 * ```ts
 * import { createClient, listPhysicalDevices } from "@cf-devices/client";
 *
 * const client = createClient({ apiToken: process.env.CF_TOKEN, accountId: "7c4b9e2f…" });
 * const devices = await listPhysicalDevices(client, { query: { per_page: 50 } });
 *
 * // the low-level openapi-fetch call for the same thing:
 * const { data, error } = await client.GET("/accounts/{account_id}/devices/physical-devices", {
 *   params: { path: { account_id: "7c4b9e2f…" }, query: { per_page: 50 } },
 * });
 * ```
 */
export function createClient(options: ClientOptions = {}): Client {
  const { core, headers } = setup(options);
  const unsafe = nonIdempotentRoutes.map((route) => {
    const [method, path] = route.split(" ") as [string, string];
    return [method, new RegExp(`${path.replace(/\{[^}]+\}/g, "[^/]+")}$`)] as const;
  });
  const api = createFetchClient<paths>({
    baseUrl: core.baseUrl,
    headers,
    fetch: async (request) => {
      const { method, url } = request;
      // openapi-fetch builds every URL from the base URL, so the rest is the path (and query).
      const path = url.slice(core.baseUrl.length);
      const { response, text } = await core.send(
        request,
        undefined,
        `${method} ${path}`,
        !unsafe.some(([m, re]) => m === method && re.test(path.split("?")[0]!)),
      );
      // The transport read the body (so a cut-off body is retried or reported); hand
      // openapi-fetch an unread copy.
      const empty = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(empty ? null : text, response);
    },
  });
  return Object.assign(api, base(core));
}
