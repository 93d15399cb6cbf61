/** The tables the mock target reads off the spec's extensions, on a small document of its own. */
import { describe, expect, it } from "vitest";
import { schemaReferences, schemasByType, typedFields, writeOnlyFields } from "./mock-unions.ts";

const doc = {
  components: {
    schemas: {
      Ref: { type: "string", "x-refers-to": "widget" },
      Secret: { type: "string", writeOnly: true },
      Shape: {
        type: "object",
        properties: {
          widget_id: { $ref: "#/components/schemas/Ref" },
          other_id: { type: "string", "x-refers-to": "gadget" },
          key: { type: "string", writeOnly: true },
          token: { $ref: "#/components/schemas/Secret" },
          label: { type: "string" },
        },
      },
      Input: {
        anyOf: [{ $ref: "#/components/schemas/Shape" }],
        "x-schema-by-type": { a: "#/components/schemas/Shape", b: null },
      },
      Body: {
        type: "object",
        properties: {
          type: { type: "string", enum: ["a", "b"] },
          input: { $ref: "#/components/schemas/Input" },
          label: { $ref: "#/components/schemas/Shape" },
        },
      },
      Untyped: {
        type: "object",
        properties: { input: { $ref: "#/components/schemas/Input" } },
      },
    },
  },
};

describe("mock target: typed unions, references and write-only fields", () => {
  it("maps each type of an x-schema-by-type union to its member schema's name", () => {
    expect(schemasByType(doc)).toEqual({ Input: { a: "Shape", b: null } });
  });

  it("finds the body fields that hold a typed union, only beside a type field", () => {
    const unions = schemasByType(doc);
    expect(typedFields(doc, { $ref: "#/components/schemas/Body" }, unions)).toEqual({
      input: "Input",
    });
    expect(typedFields(doc, { $ref: "#/components/schemas/Untyped" }, unions)).toEqual({});
  });

  it("lists x-refers-to and writeOnly properties, on them or on what they $ref", () => {
    expect(schemaReferences(doc)).toEqual({ Shape: { widget_id: "widget", other_id: "gadget" } });
    expect(writeOnlyFields(doc)).toEqual({ Shape: ["key", "token"] });
  });

  it("refuses a member that is not a schema reference", () => {
    const bad = { components: { schemas: { U: { "x-schema-by-type": { a: "Shape" } } } } };
    expect(() => schemasByType(bad)).toThrow("U x-schema-by-type.a must be null or a");
  });
});
