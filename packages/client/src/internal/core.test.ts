/**
 * The transport's behaviour through the public functions: retries, Retry-After, time budget,
 * aborts, logging and secrets. Time is faked, so waits cost nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  connectionError,
  EMAIL,
  fail,
  hang,
  hangDeaf,
  KEY,
  ok,
  sequence,
  TOKEN,
  testClient,
} from "../../test/helpers.js";
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  createDeviceSettingsProfile,
  InternalServerError,
  listPhysicalDevices,
  RateLimitError,
  TimeoutError,
} from "../index.js";

const profile = { name: "Contractors", match: 'os.name == "mac"', precedence: 100 };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Starts a call and records when it settles, without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** A 200 whose body breaks off in the middle, like a connection reset mid-response. */
function cutOff(): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"success":true,"result":['));
        controller.error(new TypeError("terminated"));
      },
    }),
    { headers: { "content-type": "application/json" } },
  );
}

describe("retries", () => {
  it("retry an idempotent call on 5xx with exponential backoff and jitter", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { client, calls } = testClient(sequence(fail(503), fail(502), ok([])));
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(call).toEqual({ settled: true, value: [] });
  });

  it.each([408, 409, 429])("retry an idempotent call on %i", async (status) => {
    const { client, calls } = testClient(sequence(fail(status), ok([])));
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.value).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it("honour Retry-After in seconds", async () => {
    const { client, calls } = testClient(
      sequence(fail(429, undefined, { "retry-after": "3" }), ok([])),
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(call.value).toEqual([]);
  });

  it("honour Retry-After as an HTTP date", async () => {
    vi.setSystemTime(new Date("2025-01-01T00:00:00Z"));
    const at = new Date("2025-01-01T00:00:05Z").toUTCString();
    const { client, calls } = testClient(
      sequence(fail(503, undefined, { "retry-after": at }), ok([])),
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(call.value).toEqual([]);
  });

  it("do not wait out a Retry-After over a minute: the RateLimitError says how long", async () => {
    const { client, calls } = testClient(sequence(fail(429, undefined, { "retry-after": "120" })));
    const error = await listPhysicalDevices(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect(calls).toHaveLength(1);
  });

  it("stop after maxRetries (2 by default) and report the last answer", async () => {
    const { client, calls } = testClient(
      sequence(
        fail(500, [{ code: 1, message: "first" }]),
        fail(500, [{ code: 2, message: "last" }]),
      ),
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect((call.error as InternalServerError).errors[0]?.message).toBe("last");
  });

  it("take maxRetries from the client and from the call", async () => {
    const { client, calls } = testClient(sequence(fail(500)), { maxRetries: 0 });
    await expect(listPhysicalDevices(client)).rejects.toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(1);
    const call = track(listPhysicalDevices(client, {}, { maxRetries: 1 }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(3);
  });

  it("do not retry 4xx answers other than 408, 409 and 429", async () => {
    const { client, calls } = testClient(sequence(fail(404), ok([])));
    await expect(listPhysicalDevices(client)).rejects.toThrow(/status 404/);
    expect(calls).toHaveLength(1);
  });

  it("retry an idempotent call after a connection error and keep the cause when giving up", async () => {
    const reset = connectionError("ECONNRESET");
    const { client, calls } = testClient(() => Promise.reject(reset));
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(call.error).toBeInstanceOf(ConnectionError);
    expect(call.error).not.toBeInstanceOf(TimeoutError);
    expect((call.error as ConnectionError).cause).toBe(reset);
    expect((call.error as ConnectionError).message).toMatch(
      /^listPhysicalDevices could not reach https:\/\/api\.cloudflare\.com\/client\/v4\/accounts\/.+: fetch failed \(ECONNRESET\)$/,
    );
  });

  it("retry an idempotent call whose body broke off mid-read", async () => {
    const { client, calls } = testClient(sequence(cutOff, ok(["x"])));
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.value).toEqual(["x"]);
    expect(calls).toHaveLength(2);
  });
});

describe("a call that is not safe to repeat (createDeviceSettingsProfile)", () => {
  it.each([
    ["a 500", () => fail(500)],
    [
      "a 502 HTML page",
      () => new Response("<html/>", { status: 502, headers: { "content-type": "text/html" } }),
    ],
    ["a 503 without Retry-After", () => fail(503)],
    ["a 429 without Retry-After", () => fail(429)],
    ["a 409", () => fail(409)],
  ])("is not resent after %s", async (_label, answer) => {
    const { client, calls } = testClient(sequence(answer, ok({ id: "p" })));
    const call = track(createDeviceSettingsProfile(client, { body: profile }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(call.error).toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it("is not resent after a connection reset or a body cut off mid-response", async () => {
    for (const handler of [() => Promise.reject(connectionError("ECONNRESET")), cutOff]) {
      const { client, calls } = testClient(handler);
      const call = track(createDeviceSettingsProfile(client, { body: profile }));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(call.error).toBeInstanceOf(ConnectionError);
      expect(calls).toHaveLength(1);
    }
  });

  it("is not resent after a timeout", async () => {
    const { client, calls } = testClient(hang, { timeout: 1_000 });
    const call = track(createDeviceSettingsProfile(client, { body: profile }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(calls).toHaveLength(1);
  });

  it("is resent when the connection was refused before anything was sent", async () => {
    let n = 0;
    const { client, calls } = testClient(() =>
      n++ === 0 ? Promise.reject(connectionError("ECONNREFUSED")) : ok({ id: "p" }),
    );
    const call = track(createDeviceSettingsProfile(client, { body: profile }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.value).toEqual({ id: "p" });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toBe(JSON.stringify(profile));
  });

  it.each([429, 503])(
    "is resent on %i with Retry-After (the server turned it away)",
    async (status) => {
      const { client, calls } = testClient(
        sequence(fail(status, undefined, { "retry-after": "1" }), ok({ id: "p" })),
      );
      const call = track(createDeviceSettingsProfile(client, { body: profile }));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(call.value).toEqual({ id: "p" });
      expect(calls).toHaveLength(2);
    },
  );
});

describe("timeout", () => {
  it("ends a request that does not answer, and does not resend it", async () => {
    const { client, calls } = testClient(hang, { timeout: 5_000 });
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect((call.error as TimeoutError).message).toBe(
      "listPhysicalDevices timed out after 5000 ms (raise the timeout option)",
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });

  it("aborts the signal handed to fetch, so the request itself is cancelled", async () => {
    const signals: AbortSignal[] = [];
    const { client } = testClient(
      (_request, _call, signal) => {
        signals.push(signal);
        return new Promise(() => {});
      },
      { timeout: 100 },
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(50);
    expect(signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(signals[0]?.aborted).toBe(true);
  });

  it("works even when the fetch ignores its signal", async () => {
    const { client } = testClient(hangDeaf, { timeout: 100 });
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(100);
    expect(call.error).toBeInstanceOf(TimeoutError);
  });

  it("covers reading the body", async () => {
    const { client } = testClient(
      () => new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array([123])) })),
      { timeout: 100 },
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(100);
    expect(call.error).toBeInstanceOf(TimeoutError);
  });

  it("is a budget for the whole call, retries and waits included", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    let n = 0;
    const { client, calls } = testClient(
      (request, call, signal) => (n++ === 0 ? fail(503) : hang(request, call, signal)),
      { timeout: 1_000 },
    );
    const call = track(listPhysicalDevices(client, {}, { timeout: 600 }));
    await vi.advanceTimersByTimeAsync(250); // backoff, then the second attempt hangs
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(349);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.error).toBeInstanceOf(TimeoutError);
  });

  it("does not start a wait that would outlast it: the last answer is reported at once", async () => {
    const { client, calls } = testClient(sequence(fail(503, undefined, { "retry-after": "5" })), {
      timeout: 2_000,
    });
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(0);
    expect(call.error).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(1);
  });

  it("can be turned off with 0", async () => {
    const { client } = testClient(hang, { timeout: 0 });
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(call.settled).toBe(false);
  });
});

describe("abort", () => {
  it("ends a request in flight with AbortError carrying the reason", async () => {
    const controller = new AbortController();
    const { client } = testClient(hang);
    const call = track(listPhysicalDevices(client, {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort("user pressed ctrl-c");
    await vi.advanceTimersByTimeAsync(0);
    expect(call.error).toBeInstanceOf(AbortError);
    expect((call.error as AbortError).cause).toBe("user pressed ctrl-c");
    expect((call.error as AbortError).message).toBe("listPhysicalDevices was aborted");
  });

  it("ends a request whose fetch ignores the signal", async () => {
    const controller = new AbortController();
    const { client } = testClient(hangDeaf);
    const call = track(listPhysicalDevices(client, {}, { signal: controller.signal }));
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(call.error).toBeInstanceOf(AbortError);
  });

  it("ends a backoff wait at once", async () => {
    const controller = new AbortController();
    const { client, calls } = testClient(
      sequence(fail(429, undefined, { "retry-after": "30" }), ok([])),
    );
    const call = track(listPhysicalDevices(client, {}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.settled).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(call.error).toBeInstanceOf(AbortError);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sends nothing when the signal has already fired", async () => {
    const { client, calls } = testClient(sequence(ok([])));
    await expect(
      listPhysicalDevices(client, {}, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });

  it("applies the client's signal to every call and lets go of it afterwards", async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const { client } = testClient(sequence(ok([])), { signal: controller.signal });
    await listPhysicalDevices(client);
    await listPhysicalDevices(client);
    expect(add).toHaveBeenCalledTimes(2);
    expect(remove).toHaveBeenCalledTimes(2);
    controller.abort();
    await expect(listPhysicalDevices(client)).rejects.toBeInstanceOf(AbortError);
  });
});

describe("logger", () => {
  it("sees every attempt and every retry", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const logger = { debug: vi.fn(), warn: vi.fn() };
    const { client } = testClient(
      sequence(fail(503), fail(429, undefined, { "retry-after": "2" }), ok([])),
      {
        logger,
      },
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(call.value).toEqual([]);
    expect(logger.debug).toHaveBeenCalledTimes(3);
    expect(logger.debug.mock.calls[0]![0]).toMatch(
      /^GET https:\/\/api\.cloudflare\.com\/client\/v4\/accounts\/\w+\/devices\/physical-devices → 503 in \d+ ms$/,
    );
    expect(logger.warn.mock.calls).toEqual([
      [
        "retrying listPhysicalDevices in 250 ms (retry 1 of 2) after 503",
        { operation: "listPhysicalDevices", attempt: 1, status: 503, delay: 250 },
      ],
      [
        "retrying listPhysicalDevices in 2000 ms (retry 2 of 2) after 429",
        { operation: "listPhysicalDevices", attempt: 2, status: 429, delay: 2000 },
      ],
    ]);
  });

  it("names the error code of a connection failure", async () => {
    const logger = { warn: vi.fn() };
    let n = 0;
    const { client } = testClient(
      () => (n++ ? ok([]) : Promise.reject(connectionError("ECONNRESET"))),
      { logger },
    );
    const call = track(listPhysicalDevices(client));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(call.value).toEqual([]);
    expect(logger.warn.mock.calls[0]![0]).toMatch(/after ECONNRESET$/);
  });
});

describe("secrets", () => {
  const texts = (error: unknown, logs: unknown[][]) => [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? "",
    JSON.stringify(error),
    JSON.stringify(logs),
  ];

  it.each([
    ["an API token", { apiToken: TOKEN }, [TOKEN]],
    ["an email and key", { apiToken: undefined, apiEmail: EMAIL, apiKey: KEY }, [KEY]],
  ])("keep %s out of errors, their JSON and log lines", async (_label, credentials, secrets) => {
    const logs: unknown[][] = [];
    const logger = {
      debug: (...a: unknown[]) => logs.push(a),
      warn: (...a: unknown[]) => logs.push(a),
    };
    for (const handler of [
      sequence(fail(401, [{ code: 10000, message: "Authentication error" }])),
      () => Promise.reject(connectionError("ECONNREFUSED")),
      hang,
    ]) {
      const { client, calls } = testClient(handler, { ...credentials, logger, timeout: 5_000 });
      const call = track(listPhysicalDevices(client));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(call.error).toBeDefined();
      expect(
        calls[0]!.headers.get("authorization") ?? calls[0]!.headers.get("x-auth-key"),
      ).toContain(secrets[0]);
      for (const text of texts(call.error, logs)) {
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    }
  });

  it("redact a credential that the server echoes back", async () => {
    const { client } = testClient(
      sequence(fail(400, [{ code: 6003, message: `Invalid request headers: Bearer ${TOKEN}` }])),
    );
    const error = await listPhysicalDevices(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect((error as Error).message).toContain("Bearer [redacted]");
  });

  it("are not readable from the client object", () => {
    const { client } = testClient(sequence(ok([])), {
      apiToken: undefined,
      apiEmail: EMAIL,
      apiKey: KEY,
    });
    expect(JSON.stringify(client)).not.toContain(KEY);
    expect(Object.values(client).map(String).join()).not.toContain(KEY);
  });

  it("a 401 names the setting to check", async () => {
    const { client } = testClient(
      sequence(fail(401, [{ code: 10000, message: "Authentication error" }])),
    );
    await expect(listPhysicalDevices(client)).rejects.toThrow(AuthenticationError);
    await expect(listPhysicalDevices(client)).rejects.toThrow(/CLOUDFLARE_API_TOKEN/);
  });
});
