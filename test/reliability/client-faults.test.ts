/**
 * The client under faults, end to end over real sockets on 127.0.0.1: the standalone mock with
 * injected faults, and a raw HTTP server for transport-level faults (resets, bodies cut off,
 * answers that never finish, HTML pages, Retry-After as a date). Each case checks the number of
 * requests the server saw, the spacing of the retries, and the error class the caller gets.
 * The transport's logic is unit-tested with a fake clock in packages/client; these check the
 * same behaviour against Node's real fetch, sockets and timers.
 */
import {
  AbortError,
  ApiError,
  ConflictError,
  ConnectionError,
  createClient,
  createDeviceSettingsProfile,
  getDefaultDeviceSettingsProfile,
  InternalServerError,
  listRegistrations,
  RateLimitError,
  setSplitTunnelExcludeList,
  TimeoutError,
} from "@cf-devices/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, serve } from "../../packages/mock/src/node.js";
import { ACCOUNT, envelope, type FakeApi, failure, fakeApi } from "./_fake-api.ts";

const TOKEN = "rel-test-token-0123456789abcdefghijklmnopqrstuv";
const profile = { name: "Contractors", match: 'os.name == "mac"', precedence: 4242 };

/** Settles a promise into `{ value } | { error }` with the time it took. */
async function timed<T>(promise: Promise<T>) {
  const started = performance.now();
  try {
    const value = await promise;
    return { value, error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { value: undefined, error, ms: performance.now() - started };
  }
}

describe("against the standalone mock with injected faults", () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await serve({ port: 0, devices: 10, faultsFromEnv: false });
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.mock.faults.clear();
    server.mock.clearRequests();
  });

  const client = (options: { timeout?: number; maxRetries?: number } = {}) =>
    createClient({
      apiToken: TOKEN,
      baseUrl: server.url,
      accountId: server.mock.accountId,
      env: {},
      ...options,
    });
  const seen = (operationId: string) =>
    server.mock.requests.filter((r) => r.operationId === operationId);

  it("429 with Retry-After in seconds: waits that long, then succeeds", async () => {
    server.mock.faults.set({
      operations: { listRegistrations: { status: 429, retryAfter: 1, times: 1 } },
    });
    const call = await timed(listRegistrations(client()));
    expect(call.error).toBeUndefined();
    expect(call.value!.length).toBeGreaterThan(0);
    expect(seen("listRegistrations").map((r) => r.status)).toEqual([429, 200]);
    expect(call.ms).toBeGreaterThanOrEqual(950);
    expect(call.ms).toBeLessThan(2_000);
  });

  it("503 with Retry-After twice: three requests, then success", async () => {
    server.mock.faults.set({
      operations: { listRegistrations: { status: 503, retryAfter: 0, times: 2 } },
    });
    const call = await timed(listRegistrations(client()));
    expect(call.error).toBeUndefined();
    expect(seen("listRegistrations").map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("408 once: retried after a backoff of 0.25–0.5 s", async () => {
    server.mock.faults.set({
      operations: { getDefaultDeviceSettingsProfile: { status: 408, times: 1 } },
    });
    const call = await timed(getDefaultDeviceSettingsProfile(client()));
    expect(call.error).toBeUndefined();
    expect(seen("getDefaultDeviceSettingsProfile").map((r) => r.status)).toEqual([408, 200]);
    expect(call.ms).toBeGreaterThanOrEqual(240);
    expect(call.ms).toBeLessThan(1_200);
  });

  it("409 on every attempt of an idempotent PUT: 3 requests, then ConflictError", async () => {
    server.mock.faults.set({ operations: { setSplitTunnelExcludeList: { status: 409 } } });
    const call = await timed(
      setSplitTunnelExcludeList(client(), { body: [{ address: "10.0.0.0/8" }] }),
    );
    expect(call.error).toBeInstanceOf(ConflictError);
    expect((call.error as ConflictError).status).toBe(409);
    expect(seen("setSplitTunnelExcludeList")).toHaveLength(3);
    // Backoff 0.25–0.5 s, then 0.5–1 s.
    expect(call.ms).toBeGreaterThanOrEqual(740);
    expect(call.ms).toBeLessThan(2_500);
  });

  it("500 on every attempt: 3 requests with exponential backoff, then InternalServerError", async () => {
    server.mock.faults.set({ operations: { listRegistrations: { status: 500 } } });
    const call = await timed(listRegistrations(client()));
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect((call.error as ApiError).errors[0]?.code).toBe(10500);
    expect(seen("listRegistrations")).toHaveLength(3);
    // No Retry-After: 0.25–0.5 s, then 0.5–1 s.
    expect(call.ms).toBeGreaterThanOrEqual(740);
    expect(call.ms).toBeLessThan(2_500);
  });

  it("maxRetries bounds the attempts", async () => {
    server.mock.faults.set({ operations: { listRegistrations: { status: 503, retryAfter: 0 } } });
    const call = await timed(listRegistrations(client({ maxRetries: 5 })));
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect(seen("listRegistrations")).toHaveLength(6);
  });

  it("a Retry-After over a minute ends the retries at once with RateLimitError.retryAfter", async () => {
    server.mock.faults.set({ operations: { listRegistrations: { status: 429, retryAfter: 120 } } });
    const call = await timed(listRegistrations(client()));
    expect(call.error).toBeInstanceOf(RateLimitError);
    expect((call.error as RateLimitError).retryAfter).toBe(120);
    expect(seen("listRegistrations")).toHaveLength(1);
    expect(call.ms).toBeLessThan(500);
  });

  it("a timeout shorter than the Retry-After ends the call at once instead of waiting", async () => {
    server.mock.faults.set({ operations: { listRegistrations: { status: 503, retryAfter: 5 } } });
    const call = await timed(listRegistrations(client({ timeout: 2_000 })));
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect(seen("listRegistrations")).toHaveLength(1);
    expect(call.ms).toBeLessThan(500);
  });

  it("an abort during a backoff wait ends it at once", async () => {
    server.mock.faults.set({ operations: { listRegistrations: { status: 503, retryAfter: 10 } } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user pressed Ctrl-C")), 300);
    const call = await timed(listRegistrations(client(), {}, { signal: controller.signal }));
    expect(call.error).toBeInstanceOf(AbortError);
    expect(((call.error as AbortError).cause as Error).message).toBe("user pressed Ctrl-C");
    expect(seen("listRegistrations")).toHaveLength(1);
    expect(call.ms).toBeGreaterThanOrEqual(290);
    expect(call.ms).toBeLessThan(800);
  });

  describe("createDeviceSettingsProfile (not safe to repeat)", () => {
    it.each([500, 502, 408, 409])("is sent once when the answer is %i", async (status) => {
      server.mock.faults.set({ operations: { createDeviceSettingsProfile: { status } } });
      const call = await timed(createDeviceSettingsProfile(client(), { body: profile }));
      expect(call.error).toBeInstanceOf(ApiError);
      expect((call.error as ApiError).status).toBe(status);
      expect(seen("createDeviceSettingsProfile")).toHaveLength(1);
    });

    it("is resent after a 503 with Retry-After (turned away before it took effect)", async () => {
      server.mock.faults.set({
        operations: { createDeviceSettingsProfile: { status: 503, retryAfter: 0 } },
      });
      const call = await timed(createDeviceSettingsProfile(client(), { body: profile }));
      expect(call.error).toBeInstanceOf(InternalServerError);
      expect(seen("createDeviceSettingsProfile")).toHaveLength(3);
    });

    it("is resent after a 429 with Retry-After, and created once", async () => {
      server.mock.faults.set({
        operations: { createDeviceSettingsProfile: { status: 429, retryAfter: 0, times: 1 } },
      });
      const created = await createDeviceSettingsProfile(client(), { body: profile });
      expect(seen("createDeviceSettingsProfile").map((r) => r.status)).toEqual([429, 200]);
      const profiles = server.mock
        .snapshot()
        .accounts[0]!.profiles.filter((p) => p.settings.name === profile.name);
      expect(profiles.map((p) => p.policy_id)).toEqual([created?.policy_id]);
    });
  });
});

describe("against a raw server (transport-level faults)", () => {
  const apis: FakeApi[] = [];
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.close()));
  });
  async function api(handler: Parameters<typeof fakeApi>[0]) {
    const a = await fakeApi(handler);
    apis.push(a);
    return a;
  }
  const client = (a: FakeApi, options: { timeout?: number; maxRetries?: number } = {}) =>
    createClient({ apiToken: TOKEN, baseUrl: a.url, accountId: ACCOUNT, env: {}, ...options });
  const json = { "content-type": "application/json" };

  it("429 with Retry-After as an HTTP date: waits until then, then succeeds", async () => {
    const a = await api((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { ...json, "retry-after": new Date(Date.now() + 2_000).toUTCString() });
        res.end(failure(10429, "slow down"));
      } else {
        res.writeHead(200, json);
        res.end(envelope([]));
      }
    });
    const call = await timed(listRegistrations(client(a)));
    expect(call.value).toEqual([]);
    expect(a.hits).toHaveLength(2);
    // HTTP dates have whole seconds: the wait is 1–2 s.
    expect(a.gaps()[0]).toBeGreaterThanOrEqual(950);
    expect(a.gaps()[0]).toBeLessThan(2_600);
  });

  it("502 with an HTML page: retried with backoff, then InternalServerError naming the HTML", async () => {
    const a = await api((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const call = await timed(listRegistrations(client(a)));
    expect(call.error).toBeInstanceOf(InternalServerError);
    const error = call.error as InternalServerError;
    expect(error.status).toBe(502);
    expect(error.message).toContain("expected JSON, got text/html");
    expect(String(error.body)).toContain("502 Bad Gateway");
    expect(a.hits).toHaveLength(3);
    const [first, second] = a.gaps() as [number, number];
    expect(first).toBeGreaterThanOrEqual(240);
    expect(first).toBeLessThan(700);
    expect(second).toBeGreaterThanOrEqual(490);
    expect(second).toBeLessThan(1_300);
  });

  it("503 without Retry-After on a create: sent once", async () => {
    const a = await api((_req, res) => {
      res.writeHead(503, json);
      res.end(failure(10503, "unavailable"));
    });
    const call = await timed(createDeviceSettingsProfile(client(a), { body: profile }));
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect(a.hits).toHaveLength(1);
  });

  it("connection reset: an idempotent call is retried, a create is not", async () => {
    const a = await api((req) => req.socket.resetAndDestroy());
    const list = await timed(listRegistrations(client(a)));
    expect(list.error).toBeInstanceOf(ConnectionError);
    expect(list.error).not.toBeInstanceOf(TimeoutError);
    expect((list.error as Error).message).toContain("could not reach");
    expect(a.hits).toHaveLength(3);

    const before = a.hits.length;
    const create = await timed(createDeviceSettingsProfile(client(a), { body: profile }));
    expect(create.error).toBeInstanceOf(ConnectionError);
    expect(a.hits.length - before).toBe(1);
  });

  it("a body cut off mid-response: retried for an idempotent call, not for a create", async () => {
    const a = await api((_req, res) => {
      res.writeHead(200, { ...json, "content-length": "200" });
      res.write('{"success":true,"errors":[],"messages":[],"result":[{"id":"');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const list = await timed(listRegistrations(client(a)));
    expect(list.error).toBeInstanceOf(ConnectionError);
    expect(a.hits).toHaveLength(3);

    const before = a.hits.length;
    const create = await timed(createDeviceSettingsProfile(client(a), { body: profile }));
    expect(create.error).toBeInstanceOf(ConnectionError);
    expect(a.hits.length - before).toBe(1);
  });

  it("complete but truncated JSON: an ApiError saying it could not be parsed, no retry", async () => {
    const a = await api((_req, res) => {
      res.writeHead(200, json);
      res.end('{"success":true,"errors":[],"messages":[],"result":[{"id":"abc"');
    });
    const call = await timed(listRegistrations(client(a)));
    expect(call.error).toBeInstanceOf(ApiError);
    expect((call.error as ApiError).message).toContain("could not be parsed");
    expect(a.hits).toHaveLength(1);
  });

  it("an answer whose body never finishes ends with TimeoutError at the time budget", async () => {
    const a = await api((_req, res) => {
      res.writeHead(200, { ...json, "content-length": "1000" });
      res.write('{"success":true,');
    });
    const call = await timed(listRegistrations(client(a, { timeout: 600 })));
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(call.ms).toBeGreaterThanOrEqual(590);
    expect(call.ms).toBeLessThan(1_100);
    expect(a.hits).toHaveLength(1);
  });

  it("a server that never answers at all ends with TimeoutError too", async () => {
    const a = await api(() => {});
    const call = await timed(
      createDeviceSettingsProfile(client(a, { timeout: 500 }), { body: profile }),
    );
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(call.ms).toBeLessThan(1_000);
    expect(a.hits).toHaveLength(1);
  });

  it("a client-wide signal aborted during a backoff wait ends the call at once", async () => {
    const a = await api((_req, res) => {
      res.writeHead(503, { ...json, "retry-after": "30" });
      res.end(failure(10503, "unavailable"));
    });
    const controller = new AbortController();
    const c = createClient({
      apiToken: TOKEN,
      baseUrl: a.url,
      accountId: ACCOUNT,
      env: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 250);
    const call = await timed(listRegistrations(c));
    expect(call.error).toBeInstanceOf(AbortError);
    expect(call.ms).toBeLessThan(700);
    expect(a.hits).toHaveLength(1);
  });

  it("connection refused (nothing sent): even a create is retried, then ConnectionError", async () => {
    const a = await api(() => {});
    const url = a.url;
    await a.close();
    apis.splice(apis.indexOf(a), 1);
    const c = createClient({
      apiToken: TOKEN,
      baseUrl: url,
      accountId: ACCOUNT,
      env: {},
      maxRetries: 1,
    });
    const call = await timed(createDeviceSettingsProfile(c, { body: profile }));
    expect(call.error).toBeInstanceOf(ConnectionError);
    expect((call.error as Error).message).toContain("ECONNREFUSED");
  });
});
