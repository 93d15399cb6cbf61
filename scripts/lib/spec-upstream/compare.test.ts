import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Document } from "../openapi/types.ts";
import { compareDocuments } from "./compare.ts";
import type { Drift } from "./drift.ts";
import { parseDocument } from "./load.ts";
import { devicesOperations, matchOperations } from "./match.ts";

const fixture = (name: string): Document => {
  const path = new URL(`../../fixtures/upstream/${name}`, import.meta.url);
  return parseDocument(readFileSync(path, "utf8"), name);
};

function run(edit?: (ours: Document, official: Document) => void) {
  const ours = fixture("ours.yaml");
  const official = fixture("official.json");
  edit?.(ours, official);
  const matching = matchOperations(devicesOperations(ours), devicesOperations(official));
  return { matching, drifts: compareDocuments(ours, official, matching) };
}

/** The differences of one operation (by our operationId, or the official one when ours lacks it). */
const of = (drifts: Drift[], op: string) =>
  drifts
    .filter((d) => d.operation === op || d.operation.startsWith(`${op} = `))
    .map(({ where, aspect, ours, official, inferred }) => ({
      where,
      aspect,
      ours,
      official,
      accepted: inferred !== undefined,
    }));

const ops = (doc: Document) => doc.paths ?? {};

describe("matching operations", () => {
  it("pairs by x-cloudflare-operation-id or by method and path shape, and reads only devices paths", () => {
    const { matching } = run();
    expect(matching.pairs.map((p) => [p.ours.op.operationId, p.official.op.operationId])).toEqual([
      ["listPhysicalDevices", "list-devices"],
      ["createDeviceSettingsProfile", "devices-create-device-settings-policy"],
      // Our path is /accounts/{account}/devices/policy/{id}: the shape matches all the same.
      ["getDeviceSettingsProfile", "devices-get-device-settings-policy-by-id"],
      ["deleteDeviceSettingsProfile", "devices-delete-device-settings-policy"],
      ["deleteRegistration", "delete-registration"],
    ]);
    expect(matching.onlyOurs.map((o) => o.ours.op.operationId)).toEqual(["listExtras"]);
    expect(matching.onlyOfficial.map((o) => o.op.operationId)).toEqual([
      "device-managed-networks-list-device-managed-networks",
      "device-posture-rules-list-device-posture-rules",
    ]);
  });

  it("reports a recorded operationId that does not fit, and one that is not recorded", () => {
    const { drifts } = run();
    expect(of(drifts, "deleteRegistration")).toContainEqual({
      where: "",
      aspect: "operationId",
      ours: "remove-registration",
      official: "delete-registration",
      accepted: false,
    });
    expect(of(drifts, "createDeviceSettingsProfile")[0]).toMatchObject({
      aspect: "operationId",
      ours: "(not recorded)",
    });
  });

  it("follows a recorded operationId to another path and says where each side is", () => {
    const { drifts, matching } = run((ours) => {
      const get = ops(ours)["/accounts/{account_id}/devices/extras"]?.get;
      if (get) get["x-cloudflare-operation-id"] = "device-posture-rules-list-device-posture-rules";
    });
    expect(matching.onlyOurs).toEqual([]);
    expect(of(drifts, "listExtras")[0]).toEqual({
      where: "",
      aspect: "operationId",
      ours: "device-posture-rules-list-device-posture-rules at GET /accounts/{account_id}/devices/extras",
      official:
        "device-posture-rules-list-device-posture-rules is GET /accounts/{account_id}/devices/posture",
      accepted: false,
    });
  });
});

describe("differences", () => {
  it("reads shared parameters and reports bounds, defaults, formats and missing parameters", () => {
    const found = of(run().drifts, "listPhysicalDevices").filter((d) =>
      d.where.startsWith("query"),
    );
    expect(found).toEqual([
      {
        where: "query.per_page",
        aspect: "default",
        ours: "10",
        official: "(none)",
        accepted: true,
      },
      {
        where: "query.per_page",
        aspect: "constraint",
        ours: "minimum 1",
        official: "(none)",
        accepted: true,
      },
      {
        where: "query.per_page",
        aspect: "constraint",
        ours: "maximum 1000",
        official: "(none)",
        accepted: true,
      },
      {
        where: "query.sort_order",
        aspect: "default",
        ours: '"asc"',
        official: "(none)",
        accepted: false,
      },
      {
        where: "query.seen_after",
        aspect: "constraint",
        ours: 'format "date-time"',
        official: "(none)",
        accepted: true,
      },
      {
        where: "query.has_registration_type",
        aspect: "parameter",
        ours: "(absent)",
        official: "present, optional",
        accepted: false,
      },
    ]);
  });

  it("reports enum values each side lacks", () => {
    const found = of(
      run((ours) => {
        const param = ops(ours)["/accounts/{account_id}/devices/physical-devices"]?.get
          ?.parameters?.[2] as { schema: { enum: string[] } };
        param.schema.enum = ["asc", "random"];
      }).drifts,
      "listPhysicalDevices",
    );
    expect(found).toContainEqual({
      where: "query.sort_order",
      aspect: "enum",
      ours: '"random"',
      official: '"desc"',
      accepted: false,
    });
  });

  it("reads official envelopes as refinements: the result's own type, nullable from the shared envelope", () => {
    const found = of(run().drifts, "getDeviceSettingsProfile").filter((d) => d.where === "result");
    // The official result is allOf(collection: array|null, {result: the profile object}): an
    // object or null. Ours says a non-null object; the note on our profile schema is about
    // global_acceleration, so it does not accept this.
    expect(found).toEqual([
      {
        where: "result",
        aspect: "nullable",
        ours: "not nullable",
        official: "nullable",
        accepted: false,
      },
    ]);
    const list = of(run().drifts, "deleteDeviceSettingsProfile").map((d) => d.where);
    expect(list).not.toContain("result"); // array|null on both sides
    expect(list).toContain("result_info");
  });

  it("compares response fields recursively, with 3.0 nullable against 3.1 type arrays", () => {
    const found = of(run().drifts, "listPhysicalDevices").filter((d) =>
      d.where.startsWith("result"),
    );
    // total_count: 3.0 `nullable: true` against 3.1 `[integer, "null"]` is no difference.
    expect(found).toEqual([
      {
        where: "result[].last_seen_at",
        aspect: "nullable",
        ours: "not nullable",
        official: "nullable",
        accepted: false,
      },
    ]);
  });

  it("accepts a property ours lacks with a note on the object that names it", () => {
    expect(of(run().drifts, "getDeviceSettingsProfile")).toContainEqual({
      where: "result.global_acceleration",
      aspect: "property",
      ours: "(absent)",
      official: "present, optional",
      accepted: true,
    });
    // The request body's schema has no such note.
    expect(of(run().drifts, "createDeviceSettingsProfile")).toContainEqual({
      where: "body.global_acceleration",
      aspect: "property",
      ours: "(absent)",
      official: "present, optional",
      accepted: false,
    });
  });

  it("reports an object closed to extra properties and a body only one side declares", () => {
    expect(of(run().drifts, "createDeviceSettingsProfile")).toContainEqual({
      where: "body",
      aspect: "constraint",
      ours: "additionalProperties false",
      official: "(extra properties allowed)",
      accepted: false,
    });
    expect(of(run().drifts, "deleteDeviceSettingsProfile")).toContainEqual({
      where: "body",
      aspect: "body",
      ours: "(none)",
      official: "required application/json (no schema)",
      accepted: true, // the operation's note names the body
    });
  });

  it("reports a result's type and required-ness", () => {
    const found = of(run().drifts, "deleteRegistration").filter((d) => d.where === "result");
    expect(found).toEqual([
      {
        where: "result",
        aspect: "required",
        ours: "required",
        official: "optional",
        accepted: false,
      },
      { where: "result", aspect: "type", ours: "null", official: "object", accepted: false },
    ]);
  });

  it("compares security by scheme names and by requirement shape", () => {
    const security = (op: string) => of(run().drifts, op).filter((d) => d.aspect === "security");
    // Same shape, other names.
    expect(security("listPhysicalDevices")).toEqual([
      {
        where: "security.schemes",
        aspect: "security",
        ours: "apiToken",
        official: "api_token",
        accepted: false,
      },
    ]);
    // Two alternatives against one requirement of all three.
    expect(security("createDeviceSettingsProfile")[1]).toEqual({
      where: "security.requirement",
      aspect: "security",
      ours: "apiEmail+apiKey | apiToken",
      official: "api_email+api_key+api_token",
      accepted: false,
    });
    // The same difference with an operation note that names security.
    expect(security("getDeviceSettingsProfile").map((d) => d.accepted)).toEqual([true, true]);
    // An operation note that does not name security accepts nothing there.
    expect(security("deleteDeviceSettingsProfile").map((d) => d.accepted)).toEqual([false, false]);
  });

  it("reports operations on one side only, accepted by notes naming them", () => {
    const { drifts } = run();
    expect(of(drifts, "listExtras")).toEqual([
      { where: "", aspect: "operation", ours: "present", official: "(absent)", accepted: true },
    ]);
    // The top-level note names `device-managed-networks-*`.
    expect(of(drifts, "device-managed-networks-list-device-managed-networks")[0]?.accepted).toBe(
      true,
    );
    expect(of(drifts, "device-posture-rules-list-device-posture-rules")).toEqual([
      { where: "", aspect: "operation", ours: "(absent)", official: "present", accepted: false },
    ]);
  });

  it("stops on recursive schemas", () => {
    const { drifts } = run((ours, official) => {
      const self = (doc: Document, name: string) => {
        const schema = doc.components?.schemas?.[name] as { properties: Record<string, unknown> };
        schema.properties.children = {
          type: "array",
          items: { $ref: `#/components/schemas/${name}` },
        };
      };
      self(ours, "PhysicalDevice");
      self(official, "teams-devices_physical_device");
    });
    // Nothing new: the recursion is compared once and the known difference is still found.
    expect(of(drifts, "listPhysicalDevices").filter((d) => d.where.startsWith("result"))).toEqual([
      expect.objectContaining({ where: "result[].last_seen_at", aspect: "nullable" }),
    ]);
  });

  it("reads an official YAML document the same way as JSON", () => {
    const official = fixture("official.json");
    const fromYaml = parseDocument(stringify(official), "openapi.yaml");
    const ours = fixture("ours.yaml");
    const drifts = (doc: Document) =>
      compareDocuments(ours, doc, matchOperations(devicesOperations(ours), devicesOperations(doc)));
    expect(drifts(fromYaml)).toEqual(drifts(official));
  });
});
