import { describe, expect, it } from "vitest";
import { declaredMockDefaults } from "./mock.ts";

const doc = {
  components: {
    schemas: {
      Base: {
        type: "object",
        properties: { on: { type: "boolean", "x-mock-default": false } },
      },
      Settings: {
        allOf: [
          { $ref: "#/components/schemas/Base" },
          {
            type: "object",
            properties: {
              seconds: { type: "number", "x-mock-default": 0 },
              url: { type: "string" },
            },
          },
        ],
      },
      Both: {
        type: "object",
        properties: { on: { type: "boolean", default: true, "x-mock-default": false } },
      },
    },
  },
};

describe("declaredMockDefaults", () => {
  it("collects each property's x-mock-default through $ref and allOf, and only those", () => {
    expect(
      declaredMockDefaults(doc, { $ref: "#/components/schemas/Settings" }, "Settings"),
    ).toEqual({ on: false, seconds: 0 });
  });

  it("refuses a property with both a default and an x-mock-default", () => {
    expect(() =>
      declaredMockDefaults(doc, { $ref: "#/components/schemas/Both" }, "components.schemas.Both"),
    ).toThrow("components.schemas.Both.on has both default and x-mock-default");
  });
});
