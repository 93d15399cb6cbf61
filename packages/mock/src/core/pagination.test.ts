import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys, cursorPage, decodeCursor, encodeCursor, ListingCache } from "./pagination.js";

interface Item {
  id: string;
  key: string | number | null;
}

const items = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    key: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(null)),
  }),
  { selector: (i) => i.id, maxLength: 80 },
);

function walkAll(
  list: Item[],
  perPage: number,
  order: "asc" | "desc",
  filter: (i: Item) => boolean,
) {
  const cache = new ListingCache(4);
  const seen: Item[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = cursorPage(
      cache,
      {
        cacheKey: "k",
        version: 1,
        source: list,
        filter,
        sortBy: "key",
        order,
        key: (i) => i.key,
        id: (i) => i.id,
      },
      cursor,
      perPage,
    );
    seen.push(...page.items);
    expect(page.resultInfo.count).toBe(page.items.length);
    expect(page.resultInfo.total_count).toBe(list.filter(filter).length);
    if (!page.resultInfo.cursor) return seen;
    expect(page.items.length).toBe(perPage);
    cursor = page.resultInfo.cursor;
  }
  throw new Error("no end");
}

describe("cursor pagination", () => {
  it("returns every matching item exactly once, in sort order, for any page size", () => {
    fc.assert(
      fc.property(
        items,
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom("asc", "desc"),
        (list, perPage, order) => {
          const filter = (i: Item) => i.id.length % 3 !== 0;
          const seen = walkAll(list, perPage, order as "asc" | "desc", filter);
          const expected = list.filter(filter);
          expect(seen.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
          for (let n = 1; n < seen.length; n++) {
            const a = seen[n - 1]!;
            const b = seen[n]!;
            const cmp = compareKeys(a.key, b.key) || compareKeys(a.id, b.id);
            expect(order === "asc" ? cmp < 0 : cmp > 0).toBe(true);
          }
        },
      ),
    );
  });

  it("gives the same first page and cursor whether the listing was sorted yet or not", () => {
    // 5,000 items with duplicate keys: the first page of a fresh listing is selected, not sorted.
    const list: Item[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `id-${(i * 7919) % 5000}`,
      key: i % 13 === 0 ? null : (i * 31) % 97,
    }));
    for (const order of ["asc", "desc"] as const) {
      const spec = {
        cacheKey: "k",
        version: 1,
        source: list,
        filter: (i: Item) => i.key !== 5,
        sortBy: "key",
        order,
        key: (i: Item) => i.key,
        id: (i: Item) => i.id,
      };
      const cache = new ListingCache(4);
      const fresh = cursorPage(cache, spec, undefined, 25);
      // A second page sorts the listing; the first page read again comes from the sorted one.
      cursorPage(cache, spec, fresh.resultInfo.cursor, 25);
      const again = cursorPage(new ListingCache(4), spec, undefined, 2000);
      expect(fresh.items).toEqual(again.items.slice(0, 25));
      const sorted = cursorPage(cache, spec, undefined, 25);
      expect(sorted.items).toEqual(fresh.items);
      expect(sorted.resultInfo).toEqual(fresh.resultInfo);
      expect(fresh.resultInfo.total_count).toBe(list.filter(spec.filter).length);
    }
  });

  it("encodes cursors opaquely and refuses ones from another sort", () => {
    const cursor = encodeCursor({ sortBy: "name", order: "asc", key: "Ünïcødé 💻", id: "x" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, "name", "asc")).toEqual({
      sortBy: "name",
      order: "asc",
      key: "Ünïcødé 💻",
      id: "x",
    });
    expect(() => decodeCursor(cursor, "name", "desc")).toThrow(/sorted by name asc/);
    expect(() => decodeCursor("!!", "name", "asc")).toThrow(/not issued/);
    expect(() => decodeCursor(btoa("[1,2]"), "name", "asc")).toThrow(/not issued/);
  });

  it("orders null keys last", () => {
    expect([3, null, 1].sort(compareKeys)).toEqual([1, 3, null]);
  });

  it("reuses a materialised listing until the version changes", () => {
    const cache = new ListingCache(2);
    let builds = 0;
    const build = () => {
      builds++;
      return { version: 1, items: [], keys: [], ids: [], sorted: true };
    };
    cache.get("a", 1, build);
    cache.get("a", 1, build);
    expect(builds).toBe(1);
    cache.get("a", 2, build);
    expect(builds).toBe(2);
    cache.get("b", 2, build);
    cache.get("c", 2, build);
    cache.get("a", 2, build); // evicted by the capacity of 2
    expect(builds).toBe(5);
  });
});

describe("CursorPage.memo", () => {
  const list: Item[] = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, key: i }));
  const page = (cache: ListingCache, version: number, cursor?: string) =>
    cursorPage(
      cache,
      {
        cacheKey: "memo",
        version,
        source: list,
        filter: () => true,
        sortBy: "key",
        order: "asc",
        key: (i) => i.key,
        id: (i) => i.id,
      },
      cursor,
      10,
    );

  it("builds once per page and variant until the version changes", () => {
    const cache = new ListingCache(4);
    let builds = 0;
    const build = () => ({ n: ++builds });
    const first = page(cache, 1).memo("json", build);
    expect(page(cache, 1).memo("json", build)).toBe(first);
    // Another variant, and another page, are built on their own.
    expect(page(cache, 1).memo("other", build)).not.toBe(first);
    const second = page(cache, 1, page(cache, 1).resultInfo.cursor);
    expect(second.memo("json", build)).not.toBe(first);
    expect(builds).toBe(3);
    // A new store version rebuilds the listing, and with it every page.
    expect(page(cache, 2).memo("json", build)).toEqual({ n: 4 });
  });
});
