/**
 * The lockstep test: every operation in the manifest must be covered by every layer.
 * A new operation in spec/openapi.yaml, once generated, makes this fail until each layer
 * handles it. Each layer contributes one `covers(operationId)` check below.
 */
import { readFileSync } from "node:fs";
import { reachableOperations } from "@cf-devices/cli";
import { manifest, type OperationId, operationIds } from "@cf-devices/types";
import { describe, expect, it } from "vitest";

const generatedTypes = readFileSync(
  new URL("../packages/types/src/generated/openapi.ts", import.meta.url),
  "utf8",
);

/** Operation keys that openapi-typescript emitted in its `operations` interface. */
function typedOperations(): Set<string> {
  const start = generatedTypes.indexOf("export interface operations {");
  expect(start, "generated openapi.ts has an operations interface").toBeGreaterThan(-1);
  const body = generatedTypes.slice(start);
  return new Set([...body.matchAll(/^ {4}([A-Za-z0-9_]+): \{$/gm)].map((m) => m[1] as string));
}

interface Layer {
  name: string;
  covers(id: OperationId): boolean | Promise<boolean>;
}

const layers: Layer[] = [
  {
    name: "types",
    covers: (() => {
      const ops = typedOperations();
      return (id: OperationId) =>
        ops.has(id) && generatedTypes.includes(`    "${manifest[id].path}": {`);
    })(),
  },
  {
    // Every operationId is an exported operation function of @cf-devices/client, for its method and path.
    name: "client",
    covers: async (id: OperationId) => {
      const client: Record<string, unknown> = await import("@cf-devices/client");
      const op = client[id] as (() => unknown) & { method?: unknown; path?: unknown };
      return (
        typeof op === "function" &&
        op.method === manifest[id].method &&
        op.path === manifest[id].path
      );
    },
  },
  {
    name: "cli",
    covers: (() => {
      const reachable = reachableOperations();
      return (id: OperationId) => reachable.has(id);
    })(),
  },
  {
    // The mock routes every operationId to itself (no literal route shadows it) and has a handler.
    name: "mock",
    covers: async (id: OperationId) => (await import("@cf-devices/mock")).isOperationMocked(id),
  },
];

describe("lockstep: every operation is covered by every layer", () => {
  it("the manifest is not empty", () => {
    expect(operationIds.length).toBeGreaterThan(0);
  });

  for (const layer of layers) {
    it(`${layer.name} covers every operation`, async () => {
      const missing: string[] = [];
      for (const id of operationIds) if (!(await layer.covers(id))) missing.push(id);
      expect(missing, `operations the ${layer.name} layer does not cover`).toEqual([]);
    });
  }
});
