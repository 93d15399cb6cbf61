import { defaultBaseUrl as specBaseUrl } from "@cf-devices/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ACCOUNT,
  connectionError,
  EMAIL,
  fail,
  KEY,
  ok,
  recordingFetch,
  sequence,
  TOKEN,
  testFullClient,
} from "../test/helpers.js";
import {
  type ClientOptions,
  CloudflareDevicesError,
  ConnectionError,
  createBaseClient,
  createClient,
  listPhysicalDevices,
} from "./index.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The headers and URL of one request sent by a client made with `options`. */
async function firstRequest(options: ClientOptions) {
  const { fetch, calls } = recordingFetch(sequence(ok([])));
  const client = createBaseClient({ accountId: ACCOUNT, ...options, fetch });
  await listPhysicalDevices(client);
  return calls[0]!;
}

describe("createClient options", () => {
  it("send an API token as a bearer token", async () => {
    const { headers } = await firstRequest({ apiToken: TOKEN, env: {} });
    expect(headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(headers.get("x-auth-key")).toBeNull();
  });

  it("send an email and Global API key as X-Auth headers", async () => {
    const { headers } = await firstRequest({ apiEmail: EMAIL, apiKey: KEY, env: {} });
    expect(headers.get("x-auth-email")).toBe(EMAIL);
    expect(headers.get("x-auth-key")).toBe(KEY);
    expect(headers.get("authorization")).toBeNull();
  });

  it("prefer a token when both kinds are given", async () => {
    const { headers } = await firstRequest({
      apiToken: TOKEN,
      apiEmail: EMAIL,
      apiKey: KEY,
      env: {},
    });
    expect(headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(headers.get("x-auth-key")).toBeNull();
  });

  it("refuse an email without a key (and the reverse)", () => {
    expect(() => createBaseClient({ apiEmail: EMAIL, env: {} })).toThrow(CloudflareDevicesError);
    expect(() => createClient({ apiKey: KEY, env: {} })).toThrow(/apiEmail and apiKey go together/);
  });

  it("send no credentials when there are none (e.g. behind a proxy that adds them)", async () => {
    const { headers } = await firstRequest({ env: {} });
    expect(headers.get("authorization")).toBeNull();
    expect(headers.get("x-auth-key")).toBeNull();
  });

  it("default the base URL to the spec's server and drop trailing slashes", async () => {
    expect(createBaseClient({ env: {} }).baseUrl).toBe(specBaseUrl);
    expect(createBaseClient({ env: {}, baseUrl: "http://localhost:8787/client/v4/" }).baseUrl).toBe(
      "http://localhost:8787/client/v4",
    );
    const { url } = await firstRequest({ env: {}, baseUrl: "http://mock.test/v4//" });
    expect(url.href).toBe(`http://mock.test/v4/accounts/${ACCOUNT}/devices/physical-devices`);
  });

  it("refuse a base URL that is not http(s)", () => {
    expect(() => createBaseClient({ env: {}, baseUrl: "api.cloudflare.com/client/v4" })).toThrow(
      'baseUrl must be an http(s) URL, got "api.cloudflare.com/client/v4"',
    );
    expect(() => createClient({ env: { CLOUDFLARE_BASE_URL: "ftp://x" } })).toThrow(
      CloudflareDevicesError,
    );
  });

  it("identify themselves with a default User-Agent", async () => {
    const { headers } = await firstRequest({ env: {} });
    expect(headers.get("user-agent")).toBe("cf-devices-client");
  });

  it("expose the base URL and the default ids, but nothing secret", () => {
    const client = createClient({ apiToken: TOKEN, accountId: "a", zoneId: "z", env: {} });
    expect(client).toMatchObject({ baseUrl: specBaseUrl, accountId: "a", zoneId: "z" });
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });
});

describe("environment", () => {
  const env = {
    CLOUDFLARE_API_TOKEN: "env-token",
    CLOUDFLARE_EMAIL: "env@example.com",
    CLOUDFLARE_API_KEY: "env-key",
    CLOUDFLARE_BASE_URL: "http://env.test/v4",
    CLOUDFLARE_ACCOUNT_ID: "env-account",
    CLOUDFLARE_ZONE_ID: "env-zone",
  };

  it("fills every absent option from CLOUDFLARE_* variables", async () => {
    const { headers, url } = await firstRequest({ env, accountId: undefined });
    expect(headers.get("authorization")).toBe("Bearer env-token");
    expect(url.href).toBe("http://env.test/v4/accounts/env-account/devices/physical-devices");
    expect(createBaseClient({ env }).zoneId).toBe("env-zone");
  });

  it("lets explicit options win", async () => {
    const { headers, url } = await firstRequest({
      env,
      apiToken: "mine",
      baseUrl: "http://mine.test",
      accountId: "my-account",
    });
    expect(headers.get("authorization")).toBe("Bearer mine");
    expect(url.href).toBe("http://mine.test/accounts/my-account/devices/physical-devices");
  });

  it("uses the email and key from the environment when there is no token", async () => {
    const { CLOUDFLARE_API_TOKEN: _, ...keyOnly } = env;
    const { headers } = await firstRequest({ env: keyOnly });
    expect(headers.get("x-auth-email")).toBe("env@example.com");
    expect(headers.get("x-auth-key")).toBe("env-key");
  });

  it("does not mix an explicit email and key with a token from the environment", async () => {
    const { headers } = await firstRequest({ env, apiEmail: EMAIL, apiKey: KEY });
    expect(headers.get("authorization")).toBeNull();
    expect(headers.get("x-auth-key")).toBe(KEY);
  });

  it("treats empty variables as unset", async () => {
    const { headers, url } = await firstRequest({
      env: { CLOUDFLARE_API_TOKEN: "", CLOUDFLARE_BASE_URL: "" },
    });
    expect(headers.get("authorization")).toBeNull();
    expect(url.origin).toBe("https://api.cloudflare.com");
  });

  it("reads process.env by default", async () => {
    vi.stubEnv("CLOUDFLARE_API_TOKEN", "process-token");
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", "process-account");
    const client = createBaseClient({ fetch: recordingFetch(sequence(ok([]))).fetch });
    expect(client.accountId).toBe("process-account");
    const { headers } = await firstRequest({});
    expect(headers.get("authorization")).toBe("Bearer process-token");
  });
});

describe("low-level openapi-fetch methods", () => {
  const path = "/accounts/{account_id}/devices/physical-devices/{device_id}" as const;

  it("are typed per path and authenticated by the client", async () => {
    const { client, calls } = testFullClient(
      sequence(ok({ id: "d1" }, {}, { headers: { "cf-ray": "r" } })),
    );
    const { data, error, response } = await client.GET(path, {
      params: { path: { account_id: ACCOUNT, device_id: "d1" } },
    });
    expect(error).toBeUndefined();
    expect(data?.result.id).toBe("d1");
    expect(response.headers.get("cf-ray")).toBe("r");
    expect(calls[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]!.url.pathname).toBe(
      `/client/v4/accounts/${ACCOUNT}/devices/physical-devices/d1`,
    );
  });

  it("return openapi-fetch's { error } for a failed call instead of throwing", async () => {
    const { client } = testFullClient(sequence(fail(404, [{ code: 7003, message: "No route" }])));
    const { data, error, response } = await client.GET(path, {
      params: { path: { account_id: ACCOUNT, device_id: "nope" } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ success: false, errors: [{ code: 7003 }] });
  });

  it("retry idempotent requests, resending the body", async () => {
    const { client, calls } = testFullClient(
      sequence(fail(503, undefined, { "retry-after": "0" }), ok([])),
    );
    const { data } = await client.PUT("/accounts/{account_id}/devices/policy/exclude", {
      params: { path: { account_id: ACCOUNT } },
      body: [{ address: "10.0.0.0/8" }],
    });
    expect(data?.result).toEqual([]);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.body)).toEqual([
      JSON.stringify([{ address: "10.0.0.0/8" }]),
      JSON.stringify([{ address: "10.0.0.0/8" }]),
    ]);
  });

  it("retry a POST that the spec marks idempotent, but not one that is not", async () => {
    const { client, calls } = testFullClient(
      sequence(fail(503, undefined, { "retry-after": "0" }), fail(500)),
      {
        maxRetries: 1,
      },
    );
    await client.POST("/accounts/{account_id}/devices/registrations/revoke", {
      params: { path: { account_id: ACCOUNT }, query: { id: ["r"] } },
    });
    expect(calls).toHaveLength(2);
    const before = calls.length;
    const { error } = await client.POST("/accounts/{account_id}/devices/policy", {
      params: { path: { account_id: ACCOUNT } },
      body: { name: "p", match: "true", precedence: 1 },
    });
    expect(error).toBeDefined();
    expect(calls.length - before).toBe(1);
  });

  it("throw ConnectionError when there is no answer", async () => {
    const { client } = testFullClient(() => Promise.reject(connectionError("ENOTFOUND")), {
      maxRetries: 0,
    });
    await expect(
      client.GET("/accounts/{account_id}/devices/policies", {
        params: { path: { account_id: ACCOUNT } },
      }),
    ).rejects.toThrow(ConnectionError);
  });

  it("name low-level calls by method and path in errors", async () => {
    const { client } = testFullClient(() => Promise.reject(connectionError("ENOTFOUND")), {
      maxRetries: 0,
    });
    await expect(
      client.GET("/accounts/{account_id}/devices/policies", {
        params: { path: { account_id: "a1" } },
      }),
    ).rejects.toThrow(/^GET \/accounts\/a1\/devices\/policies could not reach/);
  });

  it("honour a per-request signal", async () => {
    const { client } = testFullClient(() => new Promise(() => {}));
    const pending = client.GET("/accounts/{account_id}/devices/policies", {
      params: { path: { account_id: ACCOUNT } },
      signal: AbortSignal.abort(),
    });
    await expect(pending).rejects.toThrow(/was aborted/);
  });

  it("share the transport with the operation functions", async () => {
    const { client, calls } = testFullClient(sequence(ok([])));
    await listPhysicalDevices(client);
    await client.GET("/accounts/{account_id}/devices/physical-devices", {
      params: { path: { account_id: ACCOUNT } },
    });
    expect(calls.map((c) => c.url.href)).toEqual([calls[0]!.url.href, calls[0]!.url.href]);
  });
});
