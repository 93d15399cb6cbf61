/**
 * Reading `CLOUDFLARE_*` settings from the environment, on runtimes that have one.
 * @module
 */

/**
 * A map of environment variables, such as `process.env` or a Worker's `env`.
 *
 * @example
 * ```ts
 * const env: Env = { CLOUDFLARE_API_TOKEN: "…", CLOUDFLARE_ACCOUNT_ID: "…" };
 * const client = createClient({ env });
 * ```
 */
export type Env = Readonly<Record<string, unknown>>;

/**
 * The environment variables the client reads when the matching option is absent.
 *
 * @example
 * ```ts
 * // CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… node app.js
 * const client = createClient(); // picks both up
 * ```
 */
export const ENV_VARS = {
  apiToken: "CLOUDFLARE_API_TOKEN",
  apiEmail: "CLOUDFLARE_EMAIL",
  apiKey: "CLOUDFLARE_API_KEY",
  baseUrl: "CLOUDFLARE_BASE_URL",
  accountId: "CLOUDFLARE_ACCOUNT_ID",
  zoneId: "CLOUDFLARE_ZONE_ID",
} as const;

/**
 * `process.env` where there is a `process` (Node, Bun, Deno), else an empty object (Workers,
 * browsers). Never throws and imports nothing from `node:`.
 *
 * @example
 * ```ts
 * const token = readEnv(processEnv(), "CLOUDFLARE_API_TOKEN");
 * ```
 */
export function processEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/**
 * A non-empty string value of `name` in `env`, else undefined.
 *
 * @example
 * ```ts
 * readEnv({ CLOUDFLARE_API_TOKEN: "" }, "CLOUDFLARE_API_TOKEN"); // undefined
 * ```
 */
export function readEnv(env: Env, name: string): string | undefined {
  let value: unknown;
  try {
    value = env[name];
  } catch {
    // Deno without --allow-env throws on reading process.env: treat it as unset.
    return undefined;
  }
  return typeof value === "string" && value !== "" ? value : undefined;
}
