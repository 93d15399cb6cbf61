import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Key, isoTime, macAddress, uuid } from "./ids.js";
import { Rng, SplitMix } from "./prng.js";

describe("value formats", () => {
  it("formats timestamps exactly like Date#toISOString, without zero milliseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(isoTime(ms)).toBe(iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso);
      }),
      { numRuns: 5000 },
    );
    expect(isoTime(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe("2024-02-29T23:59:59Z");
    expect(isoTime(Date.UTC(2025, 0, 1, 0, 0, 0, 7))).toBe("2025-01-01T00:00:00.007Z");
  });

  it("makes well-formed ids and keys, the same for the same seed", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) {
      expect(uuid(rng)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(uuid(rng, true)).toMatch(
        /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/,
      );
      expect(macAddress(rng)).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      expect(atob(base64Key(rng))).toHaveLength(32);
    }
    expect(uuid(new SplitMix(9))).toBe(uuid(new SplitMix(9)));
    expect(new Rng(5, 1).u32()).toBe(new Rng(5, 1).u32());
    expect(new Rng(5, 1).u32()).not.toBe(new Rng(5, 2).u32());
  });
});
