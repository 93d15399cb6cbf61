import { describe, expect, it } from "vitest";
import { IdIndex } from "./types.js";

const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, n: i }));

describe("IdIndex", () => {
  it("answers lookups like a map of the list, before and after it builds one", () => {
    const list = records(50);
    const index = new IdIndex(list);
    const map = new Map(list.map((r) => [r.id, r]));
    // Lookups through the table first; after `size`, through the built map.
    for (let round = 0; round < 3; round++) {
      for (const id of ["r0", "r49", "r17", "nope", ""]) {
        expect(index.get(id)).toBe(map.get(id));
        expect(index.has(id)).toBe(map.has(id));
      }
      for (let i = 0; i < 10; i++) expect(index.get(`r${i * 5}`)).toBe(list[i * 5]);
      if (round === 1) expect(index.size).toBe(50);
    }
    expect(index.size).toBe(50);
    expect([...index.keys()]).toEqual([...map.keys()]);
  });

  it("holds the records listed when it was made, and what is set or deleted afterwards", () => {
    const list = records(5);
    const index = new IdIndex(list);
    list.push({ id: "late", n: 99 }); // pushed to the list only: not in the index
    expect(index.get("late")).toBeUndefined();
    index.set("added", { id: "added", n: 7 });
    expect(index.delete("r1")).toBe(true);
    expect(index.delete("r1")).toBe(false);
    expect([...index.keys()]).toEqual(["r0", "r2", "r3", "r4", "added"]);
    expect(index.size).toBe(5);
    const seen: string[] = [];
    index.forEach((_, id) => {
      seen.push(id);
    });
    expect(seen).toEqual([...index.keys()]);
    expect([...index].map(([id]) => id)).toEqual(seen);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get("r0")).toBeUndefined();
  });

  it("keeps the last of duplicate ids, as a map built from the list does", () => {
    const list = [
      { id: "a", n: 1 },
      { id: "a", n: 2 },
    ];
    expect(new IdIndex(list).get("a")?.n).toBe(2);
    const built = new IdIndex(list);
    expect(built.size).toBe(1);
    expect(built.get("a")?.n).toBe(2);
  });
});
