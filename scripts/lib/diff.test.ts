import { describe, expect, it } from "vitest";
import { lineDiff } from "./diff.ts";

describe("lineDiff", () => {
  it("shows removed and added lines with their context and position", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h"].join("\n");
    const after = ["a", "b", "c", "D", "e", "f", "g", "h"].join("\n");
    const out = lineDiff(before, after, 2);
    expect(out).toBe(["@@ line 4 @@", "  b", "  c", "- d", "+ D", "  e", "  f"].join("\n"));
  });

  it("caps very long diffs", () => {
    const before = Array.from({ length: 500 }, (_, i) => `x${i}`).join("\n");
    const after = Array.from({ length: 500 }, (_, i) => `y${i}`).join("\n");
    const out = lineDiff(before, after, 3, 20);
    expect(out.split("\n")).toHaveLength(21);
    expect(out).toMatch(/more lines$/);
  });
});
