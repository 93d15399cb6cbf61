import { describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  CloudflareDevicesError,
  ConflictError,
  ConnectionError,
  fromResponse,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from "./errors.js";

function answer(status: number, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers) };
}

const envelope = (errors: unknown[], messages: unknown[] = []) =>
  JSON.stringify({ success: false, errors, messages, result: null });

describe("fromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [418, ApiError],
    [200, ApiError],
  ])("maps status %i to %o", (status, ErrorClass) => {
    const error = fromResponse(
      answer(status),
      envelope([{ code: 1000, message: "x" }]),
      "getDevice",
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(CloudflareDevicesError);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
  });

  it("carries Cloudflare's errors and messages, the operation and the cf-ray id", () => {
    const errors = [
      {
        code: 1003,
        message: "Invalid value for precedence",
        documentation_url: "https://developers.cloudflare.com/x",
        source: { pointer: "/precedence" },
      },
      { code: 1004, message: "name is required" },
    ];
    const messages = [{ code: 10000, message: "note" }];
    const error = fromResponse(
      answer(400, { "cf-ray": "8c1f2e3d4a5b6c7d-AMS", "content-type": "application/json" }),
      envelope(errors, messages),
      "createDeviceSettingsProfile",
    );
    expect(error.errors).toEqual(errors);
    expect(error.messages).toEqual(messages);
    expect(error.operationId).toBe("createDeviceSettingsProfile");
    expect(error.rayId).toBe("8c1f2e3d4a5b6c7d-AMS");
    expect(error.body).toEqual(JSON.parse(envelope(errors, messages)));
    expect(error.message).toBe(
      "createDeviceSettingsProfile failed with status 400: Invalid value for precedence [code 1003 at /precedence]; name is required [code 1004]. (cf-ray 8c1f2e3d4a5b6c7d-AMS)",
    );
  });

  it("tells the reader what to check on 401 and 403", () => {
    expect(
      fromResponse(answer(401), envelope([{ code: 10000, message: "Authentication error" }]))
        .message,
    ).toMatch(
      /Authentication error \[code 10000\]\. Check the API token \(apiToken \/ CLOUDFLARE_API_TOKEN\)/,
    );
    expect(
      fromResponse(answer(403), envelope([{ code: 9109, message: "Unauthorized" }])).message,
    ).toMatch(/lack a permission/);
  });

  it("reads Retry-After into RateLimitError.retryAfter, in seconds, in both forms", () => {
    const seconds = fromResponse(
      answer(429, { "retry-after": "7" }),
      envelope([{ code: 971, message: "slow down" }]),
    );
    expect(seconds).toBeInstanceOf(RateLimitError);
    expect((seconds as RateLimitError).retryAfter).toBe(7);
    expect(seconds.message).toMatch(/Retry after 7 s\./);

    const date = new Date(Date.now() + 30_000).toUTCString();
    const dated = fromResponse(answer(429, { "retry-after": date }), "") as RateLimitError;
    expect(dated.retryAfter).toBeGreaterThanOrEqual(28);
    expect(dated.retryAfter).toBeLessThanOrEqual(31);

    expect((fromResponse(answer(429), "") as RateLimitError).retryAfter).toBeUndefined();
  });

  it.each([
    ["an empty body", answer(502), "", /status 502: the response body is empty\./, ""],
    [
      "an HTML page from the edge",
      answer(502, { "content-type": "text/html; charset=UTF-8" }),
      "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
      /status 502: expected JSON, got text\/html; charset=UTF-8\./,
      "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
    ],
    [
      "cut-off JSON",
      answer(200, { "content-type": "application/json" }),
      '{"success":true,"errors":[],"result":[{"id":"a"',
      /status 200: the JSON response could not be parsed \(cut off\?\)\./,
      '{"success":true,"errors":[],"result":[{"id":"a"',
    ],
    [
      "JSON without error details",
      answer(500, { "content-type": "application/json" }),
      '{"oops":true}',
      /status 500: the response has no error details\./,
      { oops: true },
    ],
  ])("handles %s without throwing", (_label, response, text, message, body) => {
    const error = fromResponse(response, text, "listDevices");
    expect(error.message).toMatch(message);
    expect(error.errors).toEqual([]);
    expect(error.messages).toEqual([]);
    expect(error.body).toEqual(body);
  });

  it("keeps only the start of a long non-JSON body", () => {
    const error = fromResponse(answer(502, { "content-type": "text/html" }), "x".repeat(50_000));
    expect((error.body as string).length).toBe(1000);
  });

  it("handles JSON that is not an object", () => {
    for (const text of ["null", "42", '"text"', "[1,2]"]) {
      const error = fromResponse(answer(500), text);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.errors).toEqual([]);
    }
  });
});

describe("error objects", () => {
  const error = fromResponse(
    answer(404, { "cf-ray": "abc-LHR" }),
    envelope([{ code: 7003, message: "No route" }]),
    "getRegistration",
  );

  it("print their class name", () => {
    expect(String(error)).toBe(`NotFoundError: ${error.message}`);
    expect(error.stack?.startsWith("NotFoundError: getRegistration failed")).toBe(true);
  });

  it("serialise their fields to JSON", () => {
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "NotFoundError",
      message: error.message,
      status: 404,
      errors: [{ code: 7003, message: "No route" }],
      messages: [],
      body: JSON.parse(envelope([{ code: 7003, message: "No route" }])),
      operationId: "getRegistration",
      rayId: "abc-LHR",
    });
  });

  it("keep connection problems out of the ApiError tree", () => {
    const cause = new TypeError("fetch failed");
    for (const e of [
      new ConnectionError("x", { cause }),
      new TimeoutError("x"),
      new AbortError("x"),
    ]) {
      expect(e).toBeInstanceOf(CloudflareDevicesError);
      expect(e).not.toBeInstanceOf(ApiError);
      expect("status" in e).toBe(false);
    }
    expect(new TimeoutError("x")).toBeInstanceOf(ConnectionError);
    expect(new ConnectionError("x", { cause }).cause).toBe(cause);
    expect(JSON.stringify(new ConnectionError("down", { cause }))).toBe(
      '{"name":"ConnectionError","message":"down"}',
    );
    expect([
      new ConnectionError("x").name,
      new TimeoutError("x").name,
      new AbortError("x").name,
    ]).toEqual(["ConnectionError", "TimeoutError", "AbortError"]);
  });
});
