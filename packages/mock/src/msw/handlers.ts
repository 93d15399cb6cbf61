/**
 * Mock Service Worker request handlers backed by a mock: every request to the Cloudflare API
 * (by default `https://api.cloudflare.com/client/v4/…`) is answered by `mock.fetch`, in the
 * same process (`msw/node`) or page (`msw/browser`). Any HTTP client works: the official SDK,
 * `@cf-devices/client`, axios, plain `fetch`.
 */
import { type HttpHandler, http } from "msw";
import type { Mock } from "../core/create-mock.js";

/**
 * Cloudflare's API root, which the handlers answer by default.
 *
 * @example
 * ```ts
 * await fetch(`${CLOUDFLARE_API_URL}/accounts/${mock.accountId}/devices/policy`, { headers });
 * ```
 */
export const CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4";

export interface MswHandlerOptions {
  /**
   * The API root your code calls (default `https://api.cloudflare.com/client/v4`). Requests
   * under it are answered by the mock, whatever the mock's own `baseUrl`.
   */
  baseUrl?: string;
}

/**
 * MSW handlers that answer the Devices API from `mock`: reads and writes go to its store, so a
 * write through one client is seen by the next request of any other. Requests outside the
 * Devices API (under the same root) get the mock's 404 envelope.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createMock } from "@cf-devices/mock";
 * import { createHandlers } from "@cf-devices/mock/msw";
 *
 * const mock = createMock({ seed: 1 });
 * const server = setupServer(...createHandlers(mock));
 * server.listen({ onUnhandledFrame: "error" });
 * // fetch("https://api.cloudflare.com/client/v4/accounts/<mock.accountId>/devices/…") is answered by the mock
 * ```
 */
export function createHandlers(mock: Mock, options: MswHandlerOptions = {}): HttpHandler[] {
  const root = new URL(options.baseUrl ?? CLOUDFLARE_API_URL);
  const rootPath = root.pathname.replace(/\/+$/, "");
  const target = new URL(mock.baseUrl);
  const targetRoot = `${target.origin}${target.pathname.replace(/\/+$/, "")}`;
  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const rest = url.pathname.slice(rootPath.length);
    const method = request.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? null : await request.text();
    return mock.fetch(`${targetRoot}${rest}${url.search}`, {
      method,
      headers: request.headers,
      body,
      signal: request.signal,
    });
  };
  // MSW matches the path pattern; the root itself and everything under it.
  const base = `${root.origin}${rootPath}`;
  return [http.all(base, answer), http.all(`${base}/*`, answer)];
}
