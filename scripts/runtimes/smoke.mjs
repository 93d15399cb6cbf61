/**
 * The client's smoke test, written once for every runtime it claims (Node, Bun, Deno, workerd,
 * browsers): only `fetch` and other Web APIs, no `node:` imports. It imports the BUILT client
 * and mock (`packages/*\/dist`); `matrix.ts` bundles it with esbuild into one file per kind of
 * entry (command line, Worker, web page).
 *
 * `runSmoke({ api, keyAuth })` runs the checks twice: against a mock created in this runtime
 * (its `fetch` handed to the client, no network), and, when `api` is given, against a mock
 * served over HTTP on 127.0.0.1, through the runtime's own `fetch` (`keyAuth: false` when that
 * mock takes tokens only, as the Worker does). It never throws; it resolves with
 * `{ runtime, version, ok, checks: [{ target, name, ok, ms, error? }] }`.
 */
import {
  AbortError,
  ApiError,
  createBaseClient,
  createClient,
  createDeviceSettingsProfile,
  getDeviceSettingsProfile,
  getRegistration,
  getSplitTunnelExcludeList,
  listDeviceSettingsProfiles,
  listPhysicalDevices,
  listRegistrations,
  NotFoundError,
  PermissionDeniedError,
  setSplitTunnelExcludeList,
} from "../../packages/client/dist/index.js";
import { createMock } from "../../packages/mock/dist/index.js";
import { SMOKE_BAD_TOKEN, SMOKE_EMAIL, SMOKE_KEY, SMOKE_TOKEN } from "./credentials.ts";

/** Which runtime this is, from globals only. */
export function runtimeName() {
  const g = globalThis;
  if (g.Deno) return { runtime: "deno", version: g.Deno.version.deno };
  if (g.Bun) return { runtime: "bun", version: g.Bun.version };
  if (g.navigator?.userAgent === "Cloudflare-Workers") return { runtime: "workerd", version: "" };
  if (g.process?.versions?.node) return { runtime: "node", version: g.process.versions.node };
  const chrome = /(?:Headless)?Chrome\/([\d.]+)/.exec(g.navigator?.userAgent ?? "");
  if (chrome) return { runtime: "chromium", version: chrome[1] };
  return { runtime: "unknown", version: g.navigator?.userAgent ?? "" };
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** The checks, against one target: `{ baseUrl, accountId, fetch, admin(method, path, body) }`. */
function checks(target) {
  const base = { baseUrl: target.baseUrl, accountId: target.accountId, fetch: target.fetch };
  const client = createClient({ ...base, apiToken: SMOKE_TOKEN, env: {}, timeout: 10_000 });
  return [
    [
      "auth: API token",
      async () => {
        const registrations = await listRegistrations(client, { query: { per_page: 5 } });
        assert(registrations.length === 5, `expected 5 registrations, got ${registrations.length}`);
      },
    ],
    [
      "auth: unknown token is a PermissionDeniedError",
      async () => {
        const wrong = createClient({ ...base, apiToken: SMOKE_BAD_TOKEN, env: {} });
        const error = await listRegistrations(wrong).then(
          () => null,
          (e) => e,
        );
        assert(error instanceof PermissionDeniedError, `got ${error}`);
        assert(error.status === 403 && error.errors[0]?.code === 9109, error.message);
        assert(!String(error.message).includes(SMOKE_BAD_TOKEN), "the token is in the message");
      },
    ],
    [
      "auth: email + Global API key",
      async () => {
        if (!target.keyAuth) return "skipped: this mock takes tokens only";
        const byKey = createClient({ ...base, apiEmail: SMOKE_EMAIL, apiKey: SMOKE_KEY, env: {} });
        const profiles = await listDeviceSettingsProfiles(byKey);
        assert(
          profiles.some((p) => p.default),
          "no default profile",
        );
      },
    ],
    [
      "auth: settings from the runtime's environment (no env option)",
      async () => {
        // Reads process.env where there is one; must not throw where reading it is restricted.
        const fromEnv = createBaseClient({ ...base, apiToken: SMOKE_TOKEN });
        const devices = await listPhysicalDevices(fromEnv, { query: { per_page: 1 } });
        assert(devices.length === 1, "no device");
      },
    ],
    [
      "list: cursor pagination walks every device once",
      async () => {
        const pages = [];
        for await (const page of listPhysicalDevices
          .paginate(client, { query: { per_page: 7, active_registrations: "include" } })
          .pages()) {
          pages.push(page);
        }
        const ids = pages.flatMap((p) => p.result.map((d) => d.id));
        const total = pages[0].resultInfo?.total_count;
        assert(pages.length > 2, `only ${pages.length} pages`);
        assert(new Set(ids).size === ids.length, "a device came twice");
        assert(ids.length === total, `${ids.length} devices, total_count ${total}`);
        assert((pages.at(-1).resultInfo?.cursor ?? "") === "", "last page has a cursor");
      },
    ],
    [
      "write: split tunnel list round trip",
      async () => {
        const list = [
          { address: "10.42.0.0/16", description: "smoke" },
          { host: "*.smoke.example.com" },
        ];
        await setSplitTunnelExcludeList(client, { body: list });
        const back = await getSplitTunnelExcludeList(client);
        assert(JSON.stringify(back) === JSON.stringify(list), `read back ${JSON.stringify(back)}`);
      },
    ],
    [
      "write: create a profile and read it back",
      async () => {
        const precedence = 1000 + Math.floor(Math.random() * 1_000_000);
        const created = await createDeviceSettingsProfile(client, {
          body: { name: "Smoke", match: 'os.name == "linux"', precedence },
        });
        const got = await getDeviceSettingsProfile(client, {
          path: { policy_id: created.policy_id },
        });
        assert(got.name === "Smoke" && got.precedence === precedence, JSON.stringify(got));
      },
    ],
    [
      "error: NotFoundError for an unknown registration",
      async () => {
        const error = await getRegistration(client, {
          path: { registration_id: "00000000-0000-4000-8000-000000000000" },
        }).then(
          () => null,
          (e) => e,
        );
        assert(error instanceof NotFoundError && error instanceof ApiError, `got ${error}`);
        assert(error.status === 404 && error.errors[0]?.code === 2013, error.message);
        assert(error.message.startsWith("getRegistration failed with status 404"), error.message);
        assert(typeof error.rayId === "string", "no cf-ray id");
      },
    ],
    [
      "retry: a 503 with Retry-After is retried, then succeeds",
      async () => {
        await target.admin("DELETE", "/requests");
        await target.admin("PUT", "/faults", {
          operations: { listDeviceSettingsProfiles: { status: 503, retryAfter: 0, times: 1 } },
        });
        await listDeviceSettingsProfiles(client);
        const log = await target.admin("GET", "/requests?operationId=listDeviceSettingsProfiles");
        const statuses = log.result.map((r) => r.status);
        assert(JSON.stringify(statuses) === "[503,200]", `server saw ${JSON.stringify(statuses)}`);
      },
    ],
    [
      "abort: an aborted call ends with AbortError",
      async () => {
        const controller = new AbortController();
        await target.admin("PUT", "/faults", {
          operations: { listRegistrations: { latency: 2_000, times: 1 } },
        });
        const pending = listRegistrations(client, {}, { signal: controller.signal });
        setTimeout(() => controller.abort(new Error("smoke abort")), 50);
        const started = Date.now();
        const error = await pending.then(
          () => null,
          (e) => e,
        );
        assert(error instanceof AbortError, `got ${error}`);
        assert(Date.now() - started < 1_500, "the abort did not end the call at once");
        await target.admin("DELETE", "/faults");
      },
    ],
  ];
}

async function run(targetName, target, out) {
  for (const [name, check] of checks(target)) {
    const started = Date.now();
    try {
      const note = await check();
      out.push({ target: targetName, name, ok: true, ms: Date.now() - started, note });
    } catch (error) {
      out.push({
        target: targetName,
        name,
        ok: false,
        ms: Date.now() - started,
        error: `${error?.name ?? "Error"}: ${error?.message ?? error}`,
      });
    }
  }
}

/** An admin API client for a mock reached with `fetch` at `origin`. */
function admin(fetchFn, origin) {
  return async (method, path, body) => {
    const res = await fetchFn(`${origin}/__mock${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * Runs every check in-process, and over HTTP when `api` (the base URL of a mock served with
 * the smoke credentials, e.g. `http://127.0.0.1:4321/client/v4`) is given.
 */
export async function runSmoke({ api, keyAuth = true } = {}) {
  const results = [];
  const info = runtimeName();
  try {
    const mock = createMock({
      seed: 3,
      devices: 30,
      auth: { tokens: [SMOKE_TOKEN], keys: [{ email: SMOKE_EMAIL, key: SMOKE_KEY }] },
    });
    const origin = new URL(mock.baseUrl).origin;
    await run(
      "in-process",
      {
        baseUrl: mock.baseUrl,
        accountId: mock.accountId,
        fetch: mock.fetch,
        admin: admin(mock.fetch, origin),
        keyAuth: true,
      },
      results,
    );
    if (api) {
      const origin = new URL(api).origin;
      const http = admin((input, init) => fetch(input, init), origin);
      await http("POST", "/reset");
      const about = await http("GET", "");
      await run(
        "http",
        {
          baseUrl: api,
          accountId: about.result.accounts[0].id,
          fetch: undefined,
          admin: http,
          keyAuth,
        },
        results,
      );
    }
  } catch (error) {
    results.push({ target: "setup", name: "setup", ok: false, ms: 0, error: String(error) });
  }
  return { ...info, ok: results.every((r) => r.ok), checks: results };
}
