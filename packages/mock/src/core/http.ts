/**
 * The transport-neutral request and response the core works with. `mock.fetch` converts from and
 * to `Request`/`Response`; the Node server builds them straight from the bytes it parses, which
 * saves constructing a `Request` per call.
 */

/** A request as the core sees it. */
export interface MockRequest {
  method: string;
  /** Path plus query (`/client/v4/accounts/…?per_page=5`) or an absolute URL. */
  url: string;
  /** A `Headers` object or a plain record (lower-case names, as the Node server gives them). */
  headers: Headers | Readonly<Record<string, string | string[] | undefined>>;
  /** The body text, if any. */
  body?: string | null;
}

/** A response as the core produces it. */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HeaderGetter = (name: string) => string | undefined;

const isHeaders = (h: MockRequest["headers"]): h is Headers =>
  typeof (h as Headers).get === "function";

/** A case-insensitive lookup over either header representation. */
export function headerGetter(headers: MockRequest["headers"]): HeaderGetter {
  if (isHeaders(headers)) return (name) => headers.get(name) ?? undefined;
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? undefined);
  };
}

/** Every header as `[name, value]`. */
export function headerEntries(headers: MockRequest["headers"]): [string, string][] {
  if (isHeaders(headers)) return [...headers.entries()];
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  return out;
}

/** A plain header record as it is; a `Headers` object (which its owner may change) copied. */
export function headerRecordOrEntries(
  headers: MockRequest["headers"],
): Readonly<Record<string, string | string[] | undefined>> | [string, string][] {
  return isHeaders(headers) ? [...headers.entries()] : headers;
}

/** Splits `url` into path and query string, dropping scheme and host when present. */
export function splitUrl(url: string): { path: string; search: string } {
  let rest = url;
  const scheme = rest.indexOf("://");
  if (scheme !== -1) {
    const slash = rest.indexOf("/", scheme + 3);
    rest = slash === -1 ? "/" : rest.slice(slash);
  }
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  return q === -1
    ? { path: rest, search: "" }
    : { path: rest.slice(0, q), search: rest.slice(q + 1) };
}

export const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" } as const;
