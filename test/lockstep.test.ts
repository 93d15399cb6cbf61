/**
 * The lockstep test: every operation in the manifest must be covered by every layer.
 * A new operation in spec/openapi.yaml, once generated, makes this fail until each layer
 * handles it. Each layer contributes one `covers(operationId)` check below.
 */
import { readFileSync } from "node:fs";
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
