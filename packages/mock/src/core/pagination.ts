/**
 * Cursor pagination over large lists without copying them per request.
 *
 * A listing (filters + sort) is materialised once into a sorted array of record references and
 * kept in a small LRU cache until the store changes. A page is then a binary search for the
 * cursor's position plus a slice of `per_page` items, so walking 100,000 devices page by page
 * costs O(log n + per_page) per request and memory stays flat.
 *
 * The cursor is opaque to clients: base64url of `[sort_by, sort_order, last key, last id]`. It
 * names a position in the sort order, not an offset, so records added or removed between pages
 * neither repeat nor skip the records that stay.
 */
import { invalidCursor } from "./errors.js";

export type SortKey = string | number | null;

/** Compares sort keys; `null` sorts after every value. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function utf8ToBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function base64UrlToUtf8(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

export interface CursorPosition {
  sortBy: string;
  order: "asc" | "desc";
  key: SortKey;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return utf8ToBase64Url(
    JSON.stringify([position.sortBy, position.order, position.key, position.id]),
  );
}

/** Decodes a cursor issued for the same sort; anything else is a 400 pointing at `cursor`. */
export function decodeCursor(
  cursor: string,
  sortBy: string,
  order: "asc" | "desc",
): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(base64UrlToUtf8(cursor));
  } catch {
    throw invalidCursor("it was not issued by this API");
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    typeof parsed[0] !== "string" ||
    (parsed[1] !== "asc" && parsed[1] !== "desc") ||
    !(parsed[2] === null || typeof parsed[2] === "string" || typeof parsed[2] === "number") ||
    typeof parsed[3] !== "string"
  ) {
    throw invalidCursor("it was not issued by this API");
  }
  if (parsed[0] !== sortBy || parsed[1] !== order) {
    throw invalidCursor(
      `it belongs to a listing sorted by ${parsed[0]} ${parsed[1]}, not ${sortBy} ${order}; keep sort_by and sort_order the same across pages`,
    );
  }
  return { sortBy, order, key: parsed[2], id: parsed[3] };
}

/** A listing, materialised and sorted. */
interface Materialised<T> {
  version: number;
  items: T[];
  keys: SortKey[];
  ids: string[];
  /** What callers derived from a page (its JSON, say), by page; gone with the listing. */
  pages?: Map<string, unknown>;
}

/** Pages remembered per listing by `CursorPage.memo` (the first pages are the ones re-read). */
const MEMO_PAGES = 64;

/** A small least-recently-used cache of materialised listings, invalidated by store version. */
export class ListingCache {
  private readonly entries = new Map<string, Materialised<unknown>>();

  constructor(private readonly capacity = 16) {}

  get<T>(key: string, version: number, build: () => Materialised<T>): Materialised<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Materialised<T>;
    }
    const fresh = build();
    this.entries.delete(key);
    this.entries.set(key, fresh as Materialised<unknown>);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return fresh;
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface ListingSpec<T> {
  /** Identifies the listing (account, filters, sort) in the cache. */
  cacheKey: string;
  version: number;
  source: readonly T[];
  filter: (item: T) => boolean;
  sortBy: string;
  order: "asc" | "desc";
  key: (item: T) => SortKey;
  id: (item: T) => string;
}

export interface CursorPage<T> {
  items: T[];
  resultInfo: { count: number; cursor: string; per_page: number; total_count: number };
  /**
   * Returns what `build` makes of this page, made once per page, variant and store version:
   * the same page read again before any change reuses it.
   */
  memo<R>(variant: string, build: () => R): R;
}

/** What `build` makes, kept with the listing (so until the store version changes). */
function remember<R>(list: Materialised<unknown>, key: string, build: () => R): R {
  list.pages ??= new Map();
  const pages = list.pages;
  if (pages.has(key)) return pages.get(key) as R;
  const made = build();
  if (pages.size >= MEMO_PAGES) pages.clear();
  pages.set(key, made);
  return made;
}

/** Sorts and filters once per store version, then serves pages by cursor. */
export function cursorPage<T>(
  cache: ListingCache,
  spec: ListingSpec<T>,
  cursor: string | undefined,
  perPage: number,
): CursorPage<T> {
  const dir = spec.order === "desc" ? -1 : 1;
  const list = cache.get(spec.cacheKey, spec.version, () => {
    const matched: T[] = [];
    for (const item of spec.source) if (spec.filter(item)) matched.push(item);
    const keys = matched.map(spec.key);
    const ids = matched.map(spec.id);
    const order = Array.from(matched.keys());
    order.sort((a, b) => dir * (compareKeys(keys[a]!, keys[b]!) || compareKeys(ids[a]!, ids[b]!)));
    return {
      version: spec.version,
      items: order.map((i) => matched[i]!),
      keys: order.map((i) => keys[i]!),
      ids: order.map((i) => ids[i]!),
    };
  });

  let start = 0;
  if (cursor) {
    const at = decodeCursor(cursor, spec.sortBy, spec.order);
    // First position strictly after the cursor in the listing's order.
    let lo = 0;
    let hi = list.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp =
        dir * (compareKeys(list.keys[mid]!, at.key) || compareKeys(list.ids[mid]!, at.id));
      if (cmp <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const end = Math.min(start + perPage, list.items.length);
  const items = list.items.slice(start, end);
  const next =
    end < list.items.length && end > start
      ? remember(list, `\u0001cursor\u0000${end}`, () =>
          encodeCursor({
            sortBy: spec.sortBy,
            order: spec.order,
            key: list.keys[end - 1]!,
            id: list.ids[end - 1]!,
          }),
        )
      : "";
  return {
    items,
    resultInfo: {
      count: items.length,
      cursor: next,
      per_page: perPage,
      total_count: list.items.length,
    },
    memo: (variant, build) => remember(list, `${variant}\u0000${start}\u0000${perPage}`, build),
  };
}

export interface NumberedPage<T> {
  items: T[];
  resultInfo: {
    count: number;
    page: number;
    per_page: number;
    total_count: number;
    total_pages: number;
  };
}

/**
 * One page of a list paged by number (`x-pagination: numbered`): items `(page - 1) * perPage`
 * onwards. A page past the end is empty rather than an error, so a client that asks for the next
 * page until one comes back empty (as the official SDK does) stops there.
 */
export function numberedPage<T>(
  items: readonly T[],
  page: number,
  perPage: number,
): NumberedPage<T> {
  const start = (page - 1) * perPage;
  const slice = start < items.length ? items.slice(start, start + perPage) : [];
  return {
    items: slice,
    resultInfo: {
      count: slice.length,
      page,
      per_page: perPage,
      total_count: items.length,
      total_pages: Math.ceil(items.length / perPage),
    },
  };
}
