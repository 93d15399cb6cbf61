import { describe, expect, it } from "vitest";
import { flatten } from "./schema.ts";
import type { Document, Schema } from "./types.ts";

const doc = (schemas: Record<string, Schema>): Document => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {},
  components: { schemas },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const types = (f: { types: Set<string> | null }) => (f.types ? [...f.types].sort() : null);

describe("flatten", () => {
  it("reads 3.0 nullable, 3.1 type arrays and a union with null the same way", () => {
    const d = doc({ Thing: { type: "object" } });
    for (const s of [
      { type: "string", nullable: true },
      { type: ["string", "null"] },
      { anyOf: [{ type: "string" }, { type: "null" }] },
    ] as Schema[]) {
      const f = flatten(d, [s]);
      expect([types(f), f.nullable]).toEqual([["string"], true]);
    }
    const viaRef = flatten(d, [{ oneOf: [ref("Thing"), { type: "null" }] }]);
    expect([types(viaRef), viaRef.nullable, viaRef.variants]).toEqual([["object"], true, null]);
  });

  it("merges allOf members: properties and required names from every member", () => {
    const d = doc({
      Base: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
    });
    const f = flatten(d, [{ allOf: [ref("Base"), { properties: { name: { type: "string" } } }] }]);
    expect([...f.properties.keys()]).toEqual(["id", "name"]);
    expect([...f.required]).toEqual(["id"]);
    expect(types(f)).toEqual(["object"]);
  });

  it("reads conflicting allOf types strictly (in common) or as a refinement (the last one)", () => {
    const d = doc({
      Collection: {
        type: "object",
        // 3.0's `nullable` inside a 3.1-typed literal, as the official document writes it.
        properties: { result: { type: "array", nullable: true, items: {} } as Schema },
      },
    });
    const envelope: Schema = {
      allOf: [ref("Collection"), { properties: { result: { type: "object" } } }],
    };
    const result = (reading: "strict" | "refine") => {
      const f = flatten(d, [envelope], reading);
      const r = flatten(d, f.properties.get("result") ?? [], reading);
      return [types(r), r.nullable];
    };
    expect(result("strict")).toEqual([[], false]); // no value is both an array and an object
    expect(result("refine")).toEqual([["object"], true]);
  });

  it("keeps integer as what integer and number have in common", () => {
    const f = flatten(doc({}), [{ allOf: [{ type: "number" }, { type: "integer" }] }]);
    expect(types(f)).toEqual(["integer"]);
  });

  it("takes a schema with properties but no type as an object, and stops on circular refs", () => {
    const d = doc({ Loop: { allOf: [ref("Loop")], properties: { a: {} } } });
    const f = flatten(d, [ref("Loop")]);
    expect(types(f)).toEqual(["object"]);
    expect([...f.properties.keys()]).toEqual(["a"]);
  });
});
