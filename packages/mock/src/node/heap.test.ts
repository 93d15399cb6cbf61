import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";
import { seeding } from "./heap.js";

const v8 = createRequire(import.meta.url)("node:v8") as typeof import("node:v8");

afterEach(() => vi.restoreAllMocks());

describe("seeding", () => {
  it("leaves V8's flags alone unless asked (a mock inside someone else's process)", async () => {
    const flags = vi.spyOn(v8, "setFlagsFromString");
    expect(await seeding(false, () => 7)).toBe(7);
    expect(flags).not.toHaveBeenCalled();
  });

  it("holds the young generation while asked, then puts V8's default back, also on failure", async () => {
    const flags = vi.spyOn(v8, "setFlagsFromString");
    // Nested seeds (a server opening a state file) set and reset the flag once.
    await seeding(true, () => seeding(true, async () => 1));
    expect(flags.mock.calls).toEqual([
      ["--semi-space-growth-factor=1"],
      ["--semi-space-growth-factor=2"],
    ]);
    flags.mockClear();
    await expect(
      seeding(true, () => {
        throw new Error("bad seed");
      }),
    ).rejects.toThrow("bad seed");
    expect(flags.mock.calls.at(-1)).toEqual(["--semi-space-growth-factor=2"]);
  });
});
