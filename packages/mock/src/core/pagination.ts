/**
 * Cursor pagination over large lists without copying them per request.
 *
 * A listing (filters + sort) is materialised once into an array of record references and kept
 * in a small LRU cache until the store changes. Its first page is picked out in one linear pass;
 * the first page after it sorts the array, and every page is then a binary search for the
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

/**
 * A listing, materialised. Its items are filtered at once but sorted only when a page past the
 * first is asked for: the first page of a fresh listing is picked out by a linear selection,
 * which for 100,000 devices costs a fraction of a full sort (the first request after a start or a
 * change is a first page far more often than not).
 */
interface Materialised<T> {
  version: number;
  items: T[];
  keys: SortKey[];
  ids: string[];
  /** Whether `items`, `keys` and `ids` are in the listing's order (else in source order). */
  sorted: boolean;
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

/** A first page is selected rather than sorted when the listing holds this many pages or more. */
const SELECT_FACTOR = 8;
/** Larger first pages are sorted (the selection's buffer grows with the page). */
const MAX_SELECT = 1000;

/** Puts a listing in its order, in place. */
function sortListing<T>(
  list: Materialised<T>,
  compare: (keyA: SortKey, idA: string, keyB: SortKey, idB: string) => number,
): void {
  const { items, keys, ids } = list;
  const order = Array.from(items.keys());
  order.sort((a, b) => compare(keys[a]!, ids[a]!, keys[b]!, ids[b]!));
  list.items = order.map((i) => items[i]!);
  list.keys = order.map((i) => keys[i]!);
  list.ids = order.map((i) => ids[i]!);
  list.sorted = true;
}

/**
 * Filters once per store version, then serves pages by cursor (sorting on the first page that
 * needs the whole order).
 */
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
    return {
      version: spec.version,
      items: matched,
      keys: matched.map(spec.key),
      ids: matched.map(spec.id),
      sorted: false,
    };
  });
  const compare = (keyA: SortKey, idA: string, keyB: SortKey, idB: string): number =>
    dir * (compareKeys(keyA, keyB) || compareKeys(idA, idB));

  const total = list.items.length;
  let items: T[];
  let start = 0;
  let lastKey: SortKey = null;
  let lastId = "";
  if (!cursor && !list.sorted && perPage <= MAX_SELECT && perPage * SELECT_FACTOR < total) {
    // The first page of a listing not sorted yet: the `perPage` first in order, kept sorted in
    // a small buffer; most items are turned away by one comparison with the buffer's last.
    const picked: number[] = [];
    for (let i = 0; i < total; i++) {
      const key = list.keys[i]!;
      const id = list.ids[i]!;
      if (picked.length === perPage) {
        const last = picked[perPage - 1]!;
        if (compare(key, id, list.keys[last]!, list.ids[last]!) >= 0) continue;
        picked.pop();
      }
      let lo = 0;
      let hi = picked.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const other = picked[mid]!;
        if (compare(list.keys[other]!, list.ids[other]!, key, id) <= 0) lo = mid + 1;
        else hi = mid;
      }
      picked.splice(lo, 0, i);
    }
    items = picked.map((i) => list.items[i]!);
    const last = picked[picked.length - 1];
    if (last !== undefined) {
      lastKey = list.keys[last]!;
      lastId = list.ids[last]!;
    }
  } else {
    if (!list.sorted) sortListing(list, compare);
    if (cursor) {
      const at = decodeCursor(cursor, spec.sortBy, spec.order);
      // First position strictly after the cursor in the listing's order.
      let lo = 0;
      let hi = total;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(list.keys[mid]!, list.ids[mid]!, at.key, at.id) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    items = list.items.slice(start, Math.min(start + perPage, total));
    if (items.length > 0) {
      lastKey = list.keys[start + items.length - 1]!;
      lastId = list.ids[start + items.length - 1]!;
    }
  }
  const end = start + items.length;
  const next =
    end < total && end > start
      ? remember(list, `\u0001cursor\u0000${end}`, () =>
          encodeCursor({ sortBy: spec.sortBy, order: spec.order, key: lastKey, id: lastId }),
        )
      : "";
  return {
    items,
    resultInfo: {
      count: items.length,
      cursor: next,
      per_page: perPage,
      total_count: total,
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
