/**
 * Test helpers: the two targets the contract suite runs against (in-process `mock.fetch` and a
 * real HTTP port) and a tiny JSON client over either.
 */
import { createMock, type Mock, type MockOptions } from "../src/index.js";
import { serve } from "../src/node.js";

export interface Harness {
  mock: Mock;
  /** API base URL including `/client/v4`. */
  base: string;
  /** Origin for the admin API. */
  origin: string;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

export interface Target {
  name: string;
  start(options?: MockOptions): Promise<Harness>;
}

export const targets: Target[] = [
  {
    name: "in-process",
    async start(options = {}) {
      const mock = createMock(options);
      const origin = new URL(mock.baseUrl).origin;
      return { mock, base: mock.baseUrl, origin, fetch: mock.fetch, close: async () => {} };
    },
  },
  {
    name: "over a real port",
    async start(options = {}) {
      const server = await serve({ ...options, faultsFromEnv: false });
      return {
        mock: server.mock,
        base: server.url,
        origin: server.origin,
        fetch: (input, init) => fetch(input, init),
        close: () => server.close(),
      };
    },
  },
];

export interface Envelope<T = unknown> {
  success: boolean;
  errors: { code: number; message: string; source?: { pointer: string } }[];
  messages: unknown[];
  result: T;
  result_info?: Record<string, unknown>;
}

export interface Call<T = unknown> {
  status: number;
  headers: Headers;
  body: Envelope<T>;
}

/** A small JSON client bound to a harness and credentials. */
export function client(h: Harness, auth: Record<string, string> | null = null) {
  const headers =
    auth ?? ({ authorization: `Bearer ${h.mock.credentials.apiToken}` } as Record<string, string>);
  async function call<T = unknown>(
    method: string,
    path: string,
    options: {
      query?: Record<string, string | number | string[]>;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Call<T>> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
    }
    const qs = search.toString();
    const url = `${path.startsWith("/__mock") ? h.origin : h.base}${path}${qs ? `?${qs}` : ""}`;
    const init: RequestInit = { method, headers: { ...headers, ...options.headers } };
    if (options.raw !== undefined) init.body = options.raw;
    else if (options.body !== undefined) {
      init.body = JSON.stringify(options.body);
      (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    const res = await h.fetch(url, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }
  return {
    call,
    get: <T = unknown>(path: string, query?: Record<string, string | number | string[]>) =>
      call<T>("GET", path, { query: query ?? {} }),
    account: (path = "") => `/accounts/${h.mock.accountId}${path}`,
  };
}

/** Every page of a cursor listing, following `result_info.cursor`. */
export async function walk<T extends { id: string }>(
  c: ReturnType<typeof client>,
  path: string,
  query: Record<string, string | number | string[]>,
): Promise<{ items: T[]; pages: number; totals: unknown[] }> {
  const items: T[] = [];
  const totals: unknown[] = [];
  let cursor = "";
  let pages = 0;
  do {
    const res = await c.get<T[]>(path, cursor ? { ...query, cursor } : query);
    if (res.status !== 200)
      throw new Error(`page ${pages}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.result);
    totals.push(res.body.result_info?.total_count);
    cursor = String(res.body.result_info?.cursor ?? "");
    pages++;
    if (pages > 10_000) throw new Error("cursor never ends");
  } while (cursor);
  return { items, pages, totals };
}
