import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildManifest } from "./manifest.ts";
import { type Json, loadSpec } from "./spec.ts";

const fixture = () =>
  loadSpec(fileURLToPath(new URL("../fixtures/mini.yaml", import.meta.url))).doc;

describe("buildManifest", () => {
  it("describes each operation from the spec", () => {
    const [list, create, remove] = buildManifest(fixture());
    expect(list).toMatchObject({
      operationId: "listThings",
      cloudflareOperationId: "things-list-things",
      method: "GET",
      path: "/accounts/{account_id}/things",
      tag: "things",
      pagination: "cursor",
      idempotent: true,
      scope: "account",
      security: [["api_token"]],
      pathParams: ["account_id"],
      requestBody: null,
      responseSchema: "ThingListResponse",
      resultKind: "array",
      resultNullable: true,
    });
    expect(list?.queryParams).toEqual([
      { name: "cursor", required: false, array: false, type: "string" },
      {
        name: "per_page",
        required: false,
        array: false,
        type: "integer",
        mockDefault: 20,
        aliases: ["page_size"],
        minimum: 1,
        maximum: 500,
      },
      {
        name: "id",
        required: false,
        array: true,
        type: "string",
        minLength: 1,
        maxLength: 36,
        pattern: "^[0-9a-f-]+$",
        minItems: 1,
        maxItems: 50,
      },
      {
        name: "sort_order",
        required: false,
        array: false,
        type: "string",
        enum: ["asc", "desc"],
        default: "asc",
      },
    ]);
    expect(create).toMatchObject({
      operationId: "createThing",
      idempotent: false,
      // falls back to the document-level security
      security: [["api_token"], ["api_email", "api_key"]],
      requestBody: { required: true, schema: "Thing", kind: "object" },
      resultKind: "object",
      resultNullable: false,
    });
    expect(remove).toMatchObject({ operationId: "deleteThings", resultKind: "empty" });
  });

  it("reads OpenAPI 3.0's boolean exclusive bounds as 3.1's numbers", () => {
    const doc = fixture();
    Object.assign(doc.paths["/accounts/{account_id}/things"].get.parameters[1].schema, {
      exclusiveMinimum: true,
      minimum: 0,
      exclusiveMaximum: false,
    });
    const perPage = buildManifest(doc)[0]!.queryParams.find((q) => q.name === "per_page")!;
    expect(perPage).toMatchObject({ exclusiveMinimum: 0, maximum: 500 });
    expect(perPage).not.toHaveProperty("minimum");
    expect(perPage).not.toHaveProperty("exclusiveMaximum");
  });

  it.each([
    [
      "a missing x-cloudflare-operation-id",
      (d: Json) => {
        delete d.paths["/accounts/{account_id}/things"].get["x-cloudflare-operation-id"];
      },
      /x-cloudflare-operation-id/,
    ],
    [
      "an x-mock-default beside a default",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].get.parameters[1].schema.default = 5;
      },
      /both default and x-mock-default/,
    ],
    [
      "an x-mock-default without a reason",
      (d: Json) => {
        delete d.paths["/accounts/{account_id}/things"].get.parameters[1]["x-inferred"];
      },
      /needs an x-inferred note/,
    ],
    [
      "a result that is always null",
      (d: Json) => {
        d.components.schemas.EmptyResponse.properties.result = { type: "null" };
      },
      /written as EmptyResult/,
    ],
    [
      "a non-camelCase operationId",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].get.operationId = "list_things";
      },
      /camelCase/,
    ],
    [
      "a duplicate operationId",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].post.operationId = "listThings";
      },
      /duplicate/,
    ],
    [
      "a missing x-pagination",
      (d: Json) => {
        delete d.paths["/accounts/{account_id}/things"].get["x-pagination"];
      },
      /x-pagination/,
    ],
    [
      "a missing x-idempotent",
      (d: Json) => {
        delete d.paths["/accounts/{account_id}/things"].post["x-idempotent"];
      },
      /x-idempotent/,
    ],
    [
      "an undeclared path parameter",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].parameters = [];
      },
      /\{account_id\} is not declared/,
    ],
    [
      "a deprecated op without replacement",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].get.deprecated = true;
      },
      /x-replaced-by/,
    ],
    [
      "an unknown replacement",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].get["x-replaced-by"] = ["nope"];
      },
      /unknown "nope"/,
    ],
    [
      "an inline 200 schema",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].post.responses["200"].content[
          "application/json"
        ].schema = { type: "object" };
      },
      /named envelope/,
    ],
    [
      "a bound that is not a number",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].get.parameters[1].schema.maximum = "100";
      },
      /per_page: maximum must be a number/,
    ],
    [
      "a pattern that is not a regular expression",
      (d: Json) => {
        d.paths["/accounts/{account_id}/things"].get.parameters[2].schema.items.pattern = "([";
      },
      /id: pattern is not a valid regular expression/,
    ],
  ])("rejects %s with an error naming the operation", (_label, mutate, message) => {
    const doc = fixture();
    mutate(doc);
    expect(() => buildManifest(doc)).toThrow(message);
    expect(() => buildManifest(doc)).toThrow(/spec: (GET|POST|DELETE) \/accounts/);
  });
});
