import { describe, expect, it } from "vitest";
import type { Json } from "./spec.ts";
import {
  changeLine,
  diffSpecs,
  formatReport,
  recommendBump,
  renderChangeset,
  type SpecChange,
  schemaUsage,
} from "./spec-diff.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { "application/json": { schema } } });
const ok = (schema: Json) => ({ description: "ok", ...json(schema) });

/** A small API: list/create things, get/delete one, with envelopes built from allOf. */
function baseDoc(): Json {
  return {
    openapi: "3.1.0",
    info: { title: "fixture", version: "1.0.0" },
    servers: [{ url: "https://example.test/v4" }],
    security: [{ apiToken: [] }],
    paths: {
      "/things": {
        get: {
          operationId: "listThings",
          "x-pagination": "cursor",
          parameters: [
            { name: "sort", in: "query", schema: { type: "string", enum: ["asc", "desc"] } },
            { name: "limit", in: "query", schema: { type: "integer", maximum: 100 } },
          ],
          responses: { "200": ok(ref("ThingList")), "4XX": ok(ref("Envelope")) },
        },
        post: {
          operationId: "createThing",
          requestBody: { required: true, ...json(ref("ThingCreate")) },
          responses: { "200": ok(ref("ThingResponse")) },
        },
      },
      "/things/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        get: { operationId: "getThing", responses: { "200": ok(ref("ThingResponse")) } },
        delete: { operationId: "deleteThing", responses: { "200": ok(ref("Envelope")) } },
      },
    },
    components: {
      securitySchemes: {
        apiToken: { type: "http", scheme: "bearer" },
        apiKey: { type: "apiKey", in: "header", name: "X-Auth-Key" },
      },
      schemas: {
        Status: { type: "string", enum: ["active", "revoked"] },
        Owner: {
          type: "object",
          required: ["email"],
          properties: { email: { type: "string" } },
        },
        Thing: {
          type: "object",
          required: ["id", "name", "status"],
          properties: {
            id: { type: "string", readOnly: true },
            name: { type: "string" },
            status: ref("Status"),
            note: { type: "string" },
            owner: { oneOf: [ref("Owner"), { type: "null" }] },
            created_at: { type: "string", format: "date-time" },
          },
        },
        ThingCreate: {
          type: "object",
          required: ["name"],
          properties: {
            name: { type: "string", maxLength: 10 },
            note: { type: "string" },
            owner: ref("Owner"),
          },
        },
        Envelope: {
          type: "object",
          required: ["success"],
          properties: { success: { type: "boolean" } },
        },
        ThingList: {
          allOf: [
            ref("Envelope"),
            {
              type: "object",
              required: ["result"],
              properties: { result: { type: "array", items: ref("Thing") } },
            },
          ],
        },
        ThingResponse: {
          allOf: [
            ref("Envelope"),
            { type: "object", required: ["result"], properties: { result: ref("Thing") } },
          ],
        },
      },
    },
  };
}

/** Diffs the base document against a copy changed by `edit`. */
function diff(edit: (doc: Json) => void): SpecChange[] {
  const before = baseDoc();
  const after = baseDoc();
  edit(after);
  return diffSpecs(before, after);
}

/** The changes reduced to what the tests assert on. */
const brief = (changes: SpecChange[]) =>
  changes.map((c) => ({
    subject: c.subject,
    where: c.where,
    kind: c.kind,
    severity: c.severity,
    detail: c.detail,
  }));

const schemas = (doc: Json) => doc.components.schemas;
const op = (doc: Json, path: string, method: string) => doc.paths[path][method];

describe("diffSpecs: operations", () => {
  it("finds nothing between identical documents", () => {
    expect(diff(() => {})).toEqual([]);
  });

  it("calls an added operation non-breaking and a removed one breaking", () => {
    const changes = diff((doc) => {
      doc.paths["/things/{id}"].patch = {
        operationId: "updateThing",
        responses: { "200": ok(ref("ThingResponse")) },
      };
      delete doc.paths["/things/{id}"].delete;
    });
    expect(brief(changes)).toEqual([
      {
        subject: "updateThing",
        where: "",
        kind: "added",
        severity: "non-breaking",
        detail: "operation added (PATCH /things/{id})",
      },
      {
        subject: "deleteThing",
        where: "",
        kind: "removed",
        severity: "breaking",
        detail: "operation removed (DELETE /things/{id})",
      },
    ]);
  });

  it("calls a changed method or path breaking", () => {
    const changes = diff((doc) => {
      doc.paths["/v2/things"] = { get: op(doc, "/things", "get") };
      delete doc.paths["/things"].get;
    });
    expect(brief(changes)).toEqual([
      {
        subject: "listThings",
        where: "",
        kind: "changed",
        severity: "breaking",
        detail: "moved from GET /things to GET /v2/things",
      },
    ]);
  });

  it("reports a renamed operationId once, as breaking", () => {
    const changes = diff((doc) => {
      op(doc, "/things/{id}", "delete").operationId = "removeThing";
    });
    expect(brief(changes)).toEqual([
      {
        subject: "removeThing",
        where: "",
        kind: "changed",
        severity: "breaking",
        detail: "operationId renamed from deleteThing (DELETE /things/{id})",
      },
    ]);
  });

  it("calls a deprecation non-breaking", () => {
    const changes = diff((doc) => {
      Object.assign(op(doc, "/things/{id}", "get"), {
        deprecated: true,
        "x-replaced-by": ["listThings"],
      });
    });
    expect(brief(changes)).toEqual([
      {
        subject: "getThing",
        where: "",
        kind: "deprecated",
        severity: "non-breaking",
        detail: "deprecated (use listThings)",
      },
    ]);
  });

  it("calls a security change breaking, per operation and per scheme", () => {
    const opLevel = diff((doc) => {
      op(doc, "/things", "post").security = [{ apiKey: [] }];
    });
    expect(brief(opLevel)).toEqual([
      {
        subject: "createThing",
        where: "security",
        kind: "changed",
        severity: "breaking",
        detail: "security changed from apiToken to apiKey",
      },
    ]);
    // A change of the document's default reaches every operation that inherits it.
    const global = diff((doc) => {
      doc.security = [{ apiToken: [] }, { apiKey: [] }];
    });
    expect(global.map((c) => c.subject)).toEqual([
      "listThings",
      "createThing",
      "getThing",
      "deleteThing",
    ]);
    expect(global.every((c) => c.severity === "breaking")).toBe(true);
    const scheme = diff((doc) => {
      doc.components.securitySchemes.apiKey.name = "X-Key";
    });
    expect(brief(scheme)).toMatchObject([
      { subject: "apiKey", kind: "changed", severity: "breaking" },
    ]);
  });

  it("calls a pagination change breaking", () => {
    const changes = diff((doc) => {
      op(doc, "/things", "get")["x-pagination"] = "page";
    });
    expect(brief(changes)).toMatchObject([
      { subject: "listThings", where: "x-pagination", severity: "breaking" },
    ]);
  });
});

describe("diffSpecs: parameters", () => {
  it("classifies added, removed and newly required parameters", () => {
    const changes = diff((doc) => {
      const params = op(doc, "/things", "get").parameters;
      params.push({ name: "q", in: "query", schema: { type: "string" } });
      params.push({ name: "owner", in: "query", required: true, schema: { type: "string" } });
      params.splice(0, 1); // sort
      params[0].required = true; // limit
    });
    expect(brief(changes)).toEqual([
      {
        subject: "listThings",
        where: "query.sort",
        kind: "removed",
        severity: "breaking",
        detail: "query parameter removed",
      },
      {
        subject: "listThings",
        where: "query.limit",
        kind: "changed",
        severity: "breaking",
        detail: "parameter now required",
      },
      {
        subject: "listThings",
        where: "query.q",
        kind: "added",
        severity: "non-breaking",
        detail: "query parameter added (optional)",
      },
      {
        subject: "listThings",
        where: "query.owner",
        kind: "added",
        severity: "breaking",
        detail: "query parameter added (required)",
      },
    ]);
  });

  it("calls a removed request enum value breaking and an added one non-breaking", () => {
    const changes = diff((doc) => {
      op(doc, "/things", "get").parameters[0].schema.enum = ["asc", "random"];
    });
    expect(brief(changes)).toEqual([
      {
        subject: "listThings",
        where: "query.sort",
        kind: "removed",
        severity: "breaking",
        detail: 'enum value "desc" removed',
      },
      {
        subject: "listThings",
        where: "query.sort",
        kind: "added",
        severity: "non-breaking",
        detail: 'enum value "random" added',
      },
    ]);
  });

  it("treats a tighter request constraint as breaking and a looser one as not", () => {
    const tighter = diff((doc) => {
      op(doc, "/things", "get").parameters[1].schema.maximum = 50;
    });
    expect(brief(tighter)).toMatchObject([
      { where: "query.limit", severity: "breaking", detail: "maximum changed from 100 to 50" },
    ]);
    const looser = diff((doc) => {
      op(doc, "/things", "get").parameters[1].schema.maximum = 500;
    });
    expect(brief(looser)).toMatchObject([{ where: "query.limit", severity: "non-breaking" }]);
  });

  it("reports a default being stated, changed or dropped, as non-breaking", () => {
    const stated = diff((doc) => {
      op(doc, "/things", "get").parameters[0].schema.default = "asc";
    });
    expect(brief(stated)).toEqual([
      {
        subject: "listThings",
        where: "query.sort",
        kind: "changed",
        severity: "non-breaking",
        detail: 'default "asc" stated',
      },
    ]);
    const withDefault = (doc: Json) => {
      op(doc, "/things", "get").parameters[0].schema.default = "asc";
    };
    const before = baseDoc();
    withDefault(before);
    const changed = baseDoc();
    withDefault(changed);
    op(changed, "/things", "get").parameters[0].schema.default = "desc";
    expect(brief(diffSpecs(before, changed))).toMatchObject([
      { kind: "changed", severity: "non-breaking", detail: 'default changed from "asc" to "desc"' },
    ]);
    expect(recommendBump(stated, "0.1.0").bump).toBe("patch");
    expect(brief(diffSpecs(before, baseDoc()))).toMatchObject([
      { kind: "changed", severity: "non-breaking", detail: 'default "asc" no longer stated' },
    ]);
  });

  it("resolves $refs: moving an inline schema into a component is no change", () => {
    const changes = diff((doc) => {
      schemas(doc).SortOrder = { type: "string", enum: ["asc", "desc"] };
      op(doc, "/things", "get").parameters[0].schema = ref("SortOrder");
    });
    expect(brief(changes)).toEqual([
      {
        subject: "SortOrder",
        where: "",
        kind: "added",
        severity: "non-breaking",
        detail: "schema added",
      },
    ]);
  });

  it("reads parameters through components.parameters", () => {
    const before = baseDoc();
    before.components.parameters = {
      Sort: { name: "sort", in: "query", schema: { type: "string", enum: ["asc", "desc"] } },
    };
    op(before, "/things", "get").parameters[0] = { $ref: "#/components/parameters/Sort" };
    const after = structuredClone(before);
    after.components.parameters.Sort.schema.enum = ["asc"];
    expect(brief(diffSpecs(before, after))).toMatchObject([
      { subject: "listThings", where: "query.sort", severity: "breaking" },
    ]);
  });
});

describe("diffSpecs: request bodies", () => {
  it("calls a new required body property breaking and an optional one not", () => {
    const changes = diff((doc) => {
      const create = schemas(doc).ThingCreate;
      create.properties.color = { type: "string" };
      create.properties.size = { type: "integer" };
      create.required.push("size");
    });
    expect(brief(changes)).toEqual([
      {
        subject: "ThingCreate",
        where: "color",
        kind: "added",
        severity: "non-breaking",
        detail: "property added (optional)",
      },
      {
        subject: "ThingCreate",
        where: "size",
        kind: "added",
        severity: "breaking",
        detail: "property added (required)",
      },
    ]);
    expect(changes[0]?.operations).toEqual(["createThing"]);
  });

  it("compares inline bodies in place and notices a body becoming required", () => {
    const before = baseDoc();
    op(before, "/things/{id}", "delete").requestBody = {
      required: false,
      ...json({ type: "object", properties: { reason: { type: "string" } } }),
    };
    const after = structuredClone(before);
    const body = op(after, "/things/{id}", "delete").requestBody;
    body.required = true;
    body.content["application/json"].schema.properties.reason.type = "integer";
    expect(brief(diffSpecs(before, after))).toEqual([
      {
        subject: "deleteThing",
        where: "body",
        kind: "changed",
        severity: "breaking",
        detail: "request body now required",
      },
      {
        subject: "deleteThing",
        where: "body.reason",
        kind: "changed",
        severity: "breaking",
        detail: "type changed from string to integer",
      },
    ]);
  });

  it("ignores readOnly properties on the request side", () => {
    // Thing is only read; made a request body as well, its readOnly `id` must not count.
    const changes = diff((doc) => {
      op(doc, "/things", "post").requestBody = { required: true, ...json(ref("Thing")) };
      schemas(doc).Thing.properties.etag = { type: "string", readOnly: true };
      schemas(doc).Thing.required.push("etag");
    });
    expect(brief(changes)).toContainEqual({
      subject: "Thing",
      where: "etag",
      kind: "added",
      severity: "non-breaking",
      detail: "property added (required)",
    });
  });
});

describe("diffSpecs: responses", () => {
  it("classifies response properties removed, made optional and added", () => {
    const changes = diff((doc) => {
      const thing = schemas(doc).Thing;
      delete thing.properties.note;
      thing.required = ["id", "status"]; // name now optional
      thing.properties.color = { type: "string" };
    });
    expect(brief(changes)).toEqual([
      {
        subject: "Thing",
        where: "name",
        kind: "changed",
        severity: "breaking",
        detail: "now optional",
      },
      {
        subject: "Thing",
        where: "note",
        kind: "removed",
        severity: "breaking",
        detail: "property removed",
      },
      {
        subject: "Thing",
        where: "color",
        kind: "added",
        severity: "non-breaking",
        detail: "property added (optional)",
      },
    ]);
    expect(changes[0]?.operations).toEqual(["listThings", "createThing", "getThing"]);
  });

  it("calls a response enum gaining a value breaking and losing one non-breaking", () => {
    const changes = diff((doc) => {
      schemas(doc).Status.enum = ["active", "suspended"];
    });
    expect(brief(changes)).toEqual([
      {
        subject: "Status",
        where: "",
        kind: "removed",
        severity: "non-breaking",
        detail: 'enum value "revoked" removed',
      },
      {
        subject: "Status",
        where: "",
        kind: "added",
        severity: "breaking",
        detail: 'enum value "suspended" added',
      },
    ]);
  });

  it("calls a changed type breaking and a nullable response breaking", () => {
    const changes = diff((doc) => {
      const props = schemas(doc).Thing.properties;
      props.name.type = "integer";
      props.note.type = ["string", "null"];
    });
    expect(brief(changes)).toEqual([
      {
        subject: "Thing",
        where: "name",
        kind: "changed",
        severity: "breaking",
        detail: "type changed from string to integer",
      },
      {
        subject: "Thing",
        where: "note",
        kind: "changed",
        severity: "breaking",
        detail: "type widened: now also null",
      },
    ]);
  });

  it("calls a result that becomes nullable breaking and says how to read it", () => {
    const changes = diff((doc) => {
      schemas(doc).ThingList.allOf[1].properties.result.type = ["array", "null"];
      schemas(doc).ThingResponse.allOf[1].properties.result = {
        oneOf: [ref("Thing"), { type: "null" }],
      };
    });
    expect(
      changes.map(({ subject, where, severity, detail, action }) => ({
        subject,
        where,
        severity,
        detail,
        action,
      })),
    ).toEqual([
      {
        subject: "ThingList",
        where: "result",
        severity: "breaking",
        detail: "type widened: now also null",
        action: "treat null as an empty list (e.g. `result ?? []`) before iterating",
      },
      {
        subject: "ThingResponse",
        where: "result",
        severity: "breaking",
        detail: "null added as an alternative",
        action: "check for null before using the value",
      },
    ]);
  });

  it("calls a result whose type changes breaking, null → object and object → array alike", () => {
    const before = baseDoc();
    schemas(before).Envelope.properties.result = { type: "null" };
    const after = baseDoc();
    schemas(after).Envelope.properties.result = { type: "object" };
    schemas(after).ThingResponse.allOf[1].properties.result = {
      type: "array",
      items: ref("Thing"),
    };
    const found = diffSpecs(before, after).map(({ subject, where, severity, detail, action }) => ({
      subject,
      where,
      severity,
      detail,
      action,
    }));
    expect(found).toContainEqual({
      subject: "Envelope",
      where: "result",
      severity: "breaking",
      detail: "type changed from null to object",
      action: "read it as object (it was null)",
    });
    expect(found).toContainEqual({
      subject: "ThingResponse",
      where: "result",
      severity: "breaking",
      detail: "type changed from object to array",
      action: "read it as array (it was object)",
    });
    // The changeset draft carries what callers must do.
    expect(renderChangeset(diffSpecs(before, after), ["@cf-devices/client"], "minor")).toContain(
      "- fix(spec)!: schema Envelope result: type changed from null to object — callers must read it as object (it was null)",
    );
  });

  it("calls a changed response format breaking", () => {
    const changes = diff((doc) => {
      schemas(doc).Thing.properties.created_at.format = "date";
    });
    expect(brief(changes)).toMatchObject([{ where: "created_at", severity: "breaking" }]);
  });

  it("compares oneOf variants: a new response variant is breaking, a lost null is not", () => {
    const added = diff((doc) => {
      schemas(doc).Team = { type: "object", properties: { slug: { type: "string" } } };
      schemas(doc).Thing.properties.owner.oneOf.push(ref("Team"));
    });
    expect(brief(added)).toContainEqual({
      subject: "Thing",
      where: "owner",
      kind: "added",
      severity: "breaking",
      detail: "variant Team added as an alternative",
    });
    const notNull = diff((doc) => {
      schemas(doc).Thing.properties.owner = ref("Owner");
    });
    expect(brief(notNull)).toEqual([
      {
        subject: "Thing",
        where: "owner",
        kind: "removed",
        severity: "non-breaking",
        detail: "null no longer an alternative",
      },
    ]);
  });

  it("looks into allOf: inline members are merged, $ref members compared by name", () => {
    const changes = diff((doc) => {
      const list = schemas(doc).ThingList;
      list.allOf[1].properties.result_info = { type: "object" };
      list.allOf[1].properties.result.items = { ...ref("Thing") };
      schemas(doc).Thing.properties.note.maxLength = 5; // reported once, under Thing
    });
    expect(brief(changes)).toEqual([
      {
        subject: "Thing",
        where: "note",
        kind: "changed",
        severity: "non-breaking",
        detail: "maxLength set to 5",
      },
      {
        subject: "ThingList",
        where: "result_info",
        kind: "added",
        severity: "non-breaking",
        detail: "property added (optional)",
      },
    ]);
    const dropped = diff((doc) => {
      schemas(doc).ThingList.allOf.shift();
    });
    expect(brief(dropped)).toEqual([
      {
        subject: "ThingList",
        where: "",
        kind: "removed",
        severity: "breaking",
        detail: "no longer includes Envelope (allOf)",
      },
    ]);
  });

  it("compares a changed $ref structurally", () => {
    const changes = diff((doc) => {
      schemas(doc).Thing2 = structuredClone(schemas(doc).Thing);
      delete schemas(doc).Thing2.properties.note;
      schemas(doc).ThingResponse.allOf[1].properties.result = ref("Thing2");
    });
    expect(brief(changes)).toContainEqual({
      subject: "ThingResponse",
      where: "result.note",
      kind: "removed",
      severity: "breaking",
      detail: "property removed",
    });
  });

  it("calls a removed success response breaking and a removed error response not", () => {
    const changes = diff((doc) => {
      const list = op(doc, "/things", "get");
      list.responses = { "201": list.responses["200"] };
    });
    expect(brief(changes)).toEqual([
      {
        subject: "listThings",
        where: "response(200)",
        kind: "removed",
        severity: "breaking",
        detail: "response 200 removed",
      },
      {
        subject: "listThings",
        where: "response(4XX)",
        kind: "removed",
        severity: "non-breaking",
        detail: "response 4XX removed",
      },
      {
        subject: "listThings",
        where: "response(201)",
        kind: "added",
        severity: "non-breaking",
        detail: "response 201 added",
      },
    ]);
  });
});

describe("diffSpecs: component schemas", () => {
  it("calls a removed schema breaking and an added one non-breaking", () => {
    const changes = diff((doc) => {
      delete schemas(doc).Status;
      schemas(doc).Thing.properties.status = { type: "string" };
      schemas(doc).Color = { type: "string" };
    });
    expect(brief(changes).filter((c) => c.where === "")).toEqual([
      {
        subject: "Color",
        where: "",
        kind: "added",
        severity: "non-breaking",
        detail: "schema added",
      },
      {
        subject: "Status",
        where: "",
        kind: "removed",
        severity: "breaking",
        detail: "schema removed",
      },
    ]);
  });

  it("classifies a schema used by requests and responses by the stricter verdict", () => {
    // Owner is in ThingCreate (request) and Thing (response).
    const required = diff((doc) => {
      schemas(doc).Owner.properties.name = { type: "string" };
      schemas(doc).Owner.required.push("name");
    });
    expect(brief(required)).toMatchObject([{ subject: "Owner", severity: "breaking" }]);
    const optional = diff((doc) => {
      schemas(doc).Owner.properties.name = { type: "string" };
    });
    expect(brief(optional)).toMatchObject([{ subject: "Owner", severity: "non-breaking" }]);
  });

  it("stops on recursive schemas", () => {
    const before = baseDoc();
    schemas(before).Node = {
      type: "object",
      properties: { children: { type: "array", items: ref("Node") }, label: { type: "string" } },
    };
    schemas(before).Thing.properties.tree = ref("Node");
    const after = structuredClone(before);
    schemas(after).Node.properties.label.type = "integer";
    expect(brief(diffSpecs(before, after))).toMatchObject([
      { subject: "Node", where: "label", severity: "breaking" },
    ]);
  });

  it("knows which operations use which schema, and in which direction", () => {
    const usage = schemaUsage(baseDoc());
    expect([...(usage.get("Owner")?.request ?? [])]).toEqual(["createThing"]);
    expect([...(usage.get("Owner")?.response ?? [])]).toEqual([
      "listThings",
      "createThing",
      "getThing",
    ]);
    expect(usage.get("Status")?.request.size).toBe(0);
  });
});

describe("recommendBump", () => {
  const change = (severity: SpecChange["severity"], kind: SpecChange["kind"]): SpecChange => ({
    scope: "operation",
    subject: "x",
    where: "",
    kind,
    detail: "d",
    severity,
    reason: "r",
  });

  it("bumps the minor for breaking changes while 0.x and the major from 1.0", () => {
    expect(recommendBump([change("breaking", "removed")], "0.4.1").bump).toBe("minor");
    expect(recommendBump([change("breaking", "removed")], "1.2.0").bump).toBe("major");
  });

  it("bumps the minor for additions and deprecations, the patch otherwise", () => {
    expect(recommendBump([change("non-breaking", "added")], "1.0.0").bump).toBe("minor");
    expect(recommendBump([change("non-breaking", "deprecated")], "0.1.0").bump).toBe("minor");
    expect(recommendBump([change("non-breaking", "changed")], "1.0.0").bump).toBe("patch");
    expect(recommendBump([], "1.0.0").bump).toBeNull();
  });
});

describe("output", () => {
  const changes = diff((doc) => {
    op(doc, "/things", "get").parameters[0].schema.enum = ["asc", "random"];
    schemas(doc).Thing.properties.color = { type: "string" };
  });

  it("writes a changeset for every package: a scoped summary, then a line per change", () => {
    const text = renderChangeset(changes, ["@cf-devices/types", "@cf-devices/cli"], "minor");
    expect(text).toBe(
      [
        "---",
        '"@cf-devices/types": minor',
        '"@cf-devices/cli": minor',
        "---",
        "",
        "feat(spec)!: spec changes: 1 breaking, 2 non-breaking",
        "",
        '- feat(spec)!: listThings query.sort: enum value "desc" removed — callers must stop sending "desc"',
        '- feat(spec): listThings query.sort: enum value "random" added',
        "- feat(spec): schema Thing color: property added (optional)",
        "",
      ].join("\n"),
    );
    expect(changeLine({ ...changes[0]!, kind: "changed" })).toMatch(/^fix\(spec\)!: /);
  });

  it("prints one block per subject with the severity first", () => {
    const text = formatReport(changes);
    expect(text).toContain("listThings\n  BREAKING      query.sort  enum value");
    expect(text).toContain("schema Thing  (used by listThings, createThing, getThing)");
    expect(text).toMatch(/3 change\(s\): 1 breaking, 2 non-breaking$/);
    expect(formatReport([])).toMatch(/^No differences/);
  });
});
