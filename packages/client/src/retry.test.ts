import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_RETRY_AFTER, parseRetryAfter, type RetryInput, retryDelay } from "./retry.js";

const base: RetryInput = {
  attempt: 0,
  maxRetries: 2,
  idempotent: true,
  status: 503,
  retryAfter: null,
  notSent: false,
};
const delay = (input: Partial<RetryInput>) => retryDelay({ ...base, ...input });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("retryDelay", () => {
  it.each([0, 408, 409, 429, 500, 502, 503, 504, 520])(
    "retries an idempotent operation on status %i",
    (status) => {
      expect(delay({ status })).toBeGreaterThan(0);
    },
  );

  it.each([400, 401, 403, 404, 405, 413, 422])("does not retry status %i", (status) => {
    expect(delay({ status })).toBe(-1);
  });

  it("stops after maxRetries retries", () => {
    expect(delay({ attempt: 1, maxRetries: 2 })).toBeGreaterThan(0);
    expect(delay({ attempt: 2, maxRetries: 2 })).toBe(-1);
    expect(delay({ attempt: 0, maxRetries: 0 })).toBe(-1);
  });

  it("backs off exponentially with jitter, capped at 8 s", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => delay({ attempt, maxRetries: 20 }))).toEqual([
      250, 500, 1000, 2000, 4000, 4000,
    ]);
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    expect([0, 1, 10].map((attempt) => delay({ attempt, maxRetries: 20 }))).toEqual([
      500, 1000, 8000,
    ]);
  });

  it("waits what Retry-After says, in seconds or as an HTTP date", () => {
    expect(delay({ status: 429, retryAfter: "3" })).toBe(3000);
    expect(delay({ status: 429, retryAfter: "0" })).toBe(0);
    const at = new Date(Date.now() + 20_000).toUTCString();
    expect(delay({ status: 503, retryAfter: at })).toBeGreaterThanOrEqual(19_000);
    expect(delay({ status: 503, retryAfter: at })).toBeLessThanOrEqual(21_000);
  });

  it("does not wait out a Retry-After longer than a minute", () => {
    expect(delay({ status: 429, retryAfter: String(MAX_RETRY_AFTER / 1000) })).toBe(
      MAX_RETRY_AFTER,
    );
    expect(delay({ status: 429, retryAfter: "61" })).toBe(-1);
    expect(delay({ status: 429, retryAfter: "3600" })).toBe(-1);
  });

  it("ignores an unreadable Retry-After and backs off instead", () => {
    expect(delay({ status: 429, retryAfter: "soon" })).toBeGreaterThan(0);
    expect(delay({ status: 429, retryAfter: "soon" })).toBeLessThanOrEqual(500);
  });

  describe("operations that are not safe to repeat", () => {
    const unsafe = (input: Partial<RetryInput>) => delay({ idempotent: false, ...input });

    it("are retried when the connection was refused before anything was sent", () => {
      expect(unsafe({ status: 0, notSent: true })).toBeGreaterThan(0);
    });

    it("are retried on 429 or 503 only when the server says when to come back", () => {
      expect(unsafe({ status: 429, retryAfter: "1" })).toBe(1000);
      expect(unsafe({ status: 503, retryAfter: "2" })).toBe(2000);
      expect(unsafe({ status: 429 })).toBe(-1);
      expect(unsafe({ status: 503 })).toBe(-1);
    });

    it.each([0, 408, 409, 500, 502, 504])(
      "are not retried after status %i (the server may have acted)",
      (status) => {
        expect(unsafe({ status })).toBe(-1);
        expect(unsafe({ status, retryAfter: "1" })).toBe(-1);
      },
    );
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120")).toBe(120);
    expect(parseRetryAfter("1.5")).toBe(1.5);
    expect(parseRetryAfter(new Date(Date.now() - 5_000).toUTCString())).toBe(0);
    expect(parseRetryAfter(new Date(Date.now() + 9_500).toUTCString())).toBeGreaterThanOrEqual(9);
  });

  it("returns undefined for a missing or unreadable header", () => {
    for (const header of [null, undefined, "", "  ", "later", "-5"]) {
      expect(parseRetryAfter(header)).toBeUndefined();
    }
  });
});
