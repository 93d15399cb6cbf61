/**
 * Test helpers: a fetch that records every Request and answers from a handler (no network, no
 * global patching), and envelope builders.
 */
import { type ClientOptions, createBaseClient, createClient } from "../src/index.js";

export const TOKEN = "tok_SECRET_0123456789abcdef";
export const EMAIL = "admin@example.com";
export const KEY = "key_SECRET_fedcba9876543210";
export const ACCOUNT = "acc0123456789abcdef0123456789abc";

export type Handler = (
  request: Request,
  call: number,
  signal: AbortSignal,
) => Response | Promise<Response>;

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A fetch that records each request (body read eagerly) and answers through `handler`. */
export function recordingFetch(handler: Handler) {
  const calls: Recorded[] = [];
  const fetch = async (request: Request, init?: { signal?: AbortSignal }): Promise<Response> => {
    const signal = init?.signal ?? request.signal;
    const body = await request.clone().text();
    calls.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
    });
    if (signal.aborted) throw signal.reason;
    return handler(request, calls.length, signal);
  };
  return { fetch, calls };
}

/** Answers with a queue of responses (the last repeats). */
export function sequence(
  ...responses: (Response | (() => Response | Promise<Response>))[]
): Handler {
  return (_request, call) => {
    const next = responses[Math.min(call, responses.length) - 1]!;
    return typeof next === "function" ? next() : next.clone();
  };
}

/** A handler that never answers but rejects like fetch when its signal fires. */
export const hang: Handler = (_request, _call, signal) =>
  new Promise((_, reject) => {
    signal.addEventListener("abort", () =>
      reject(new DOMException("This operation was aborted", "AbortError")),
    );
  });

/** A handler that never answers and ignores its signal. */
export const hangDeaf: Handler = () => new Promise(() => {});

export function ok(result: unknown, extra: Record<string, unknown> = {}, init: ResponseInit = {}) {
  return Response.json({ success: true, errors: [], messages: [], result, ...extra }, init);
}

export function fail(
  status: number,
  errors: {
    code: number;
    message: string;
    documentation_url?: string;
    source?: { pointer?: string };
  }[] = [{ code: 1000, message: "Something went wrong" }],
  headers: Record<string, string> = {},
) {
  return Response.json({ success: false, errors, messages: [], result: null }, { status, headers });
}

/** A connection failure as undici reports it. */
export function connectionError(code = "ECONNRESET"): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
}

export function testClient(handler: Handler, options: ClientOptions = {}) {
  const recorder = recordingFetch(handler);
  const client = createBaseClient({
    apiToken: TOKEN,
    accountId: ACCOUNT,
    env: {},
    fetch: recorder.fetch,
    ...options,
  });
  return { client, calls: recorder.calls };
}

export function testFullClient(handler: Handler, options: ClientOptions = {}) {
  const recorder = recordingFetch(handler);
  const client = createClient({
    apiToken: TOKEN,
    accountId: ACCOUNT,
    env: {},
    fetch: recorder.fetch,
    ...options,
  });
  return { client, calls: recorder.calls };
}
