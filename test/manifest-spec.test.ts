/**
 * The committed manifest and the spec agree: same operations, methods and paths. This reads the
 * YAML directly (not through the generator) so a bug in the generator cannot hide itself.
 */
import { readFileSync } from "node:fs";
import { manifest } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const spec = parse(readFileSync(new URL("../spec/openapi.yaml", import.meta.url), "utf8"));
const METHODS = ["get", "put", "post", "delete", "patch"];

const fromSpec = Object.entries<Record<string, { operationId: string; deprecated?: boolean }>>(
  spec.paths,
)
  .flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      operationId: item[m]!.operationId,
      method: m.toUpperCase(),
      path,
      deprecated: item[m]!.deprecated === true,
    })),
  )
  .sort((a, b) => a.operationId.localeCompare(b.operationId));

const fromManifest = Object.values(manifest)
  .map(({ operationId, method, path, deprecated }) => ({ operationId, method, path, deprecated }))
  .sort((a, b) => a.operationId.localeCompare(b.operationId));

describe("manifest ↔ spec", () => {
  it("lists the same operations with the same methods, paths and deprecation", () => {
    expect(fromManifest).toEqual(fromSpec);
  });

  it("keys every entry by its own operationId", () => {
    for (const [key, entry] of Object.entries(manifest)) expect(entry.operationId).toBe(key);
  });

  it("names only existing operations as replacements of deprecated ones", () => {
    for (const entry of Object.values(manifest)) {
      for (const id of entry.replacedBy) expect(Object.keys(manifest)).toContain(id);
      if (entry.deprecated) expect(entry.replacedBy.length).toBeGreaterThan(0);
    }
  });

  it("marks cursor pagination exactly where the operation takes a cursor", () => {
    for (const entry of Object.values(manifest)) {
      const hasCursor = entry.queryParams.some((q) => q.name === "cursor");
      expect(entry.pagination === "cursor", entry.operationId).toBe(hasCursor);
    }
  });
});
