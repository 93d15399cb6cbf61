import type { OperationId } from "@cf-devices/types";
import { manifest, operationIds } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { ACCOUNT, fail, ok, sequence, testClient } from "../test/helpers.js";
import * as client from "./index.js";
import { callOperation, callOperationRaw, NotFoundError } from "./index.js";

describe("callOperation / callOperationRaw", () => {
  it("call an operation by id and unwrap its result", async () => {
    const { client: c, calls } = testClient(sequence(ok([{ address: "10.0.0.0/8" }])));
    await expect(
      callOperation(c, "getProfileSplitTunnelExcludeList", { path: { policy_id: "p1" } }),
    ).resolves.toEqual([{ address: "10.0.0.0/8" }]);
    expect(calls[0]!.url.pathname).toBe(`/client/v4/accounts/${ACCOUNT}/devices/policy/p1/exclude`);
  });

  it("give the whole answer through callOperationRaw", async () => {
    const { client: c } = testClient(
      sequence(
        ok(
          [],
          { result_info: { count: 0, cursor: "", per_page: 5 } },
          { headers: { "cf-ray": "ray" } },
        ),
      ),
    );
    const raw = await callOperationRaw(c, "listRegistrations", { query: { per_page: 5 } });
    expect(raw).toMatchObject({
      result: [],
      resultInfo: { cursor: "" },
      messages: [],
      rayId: "ray",
    });
    expect(raw.response).toBeInstanceOf(Response);
  });

  it("accept a loose input when the id is only known at runtime", async () => {
    const { client: c, calls } = testClient(sequence(ok(null)));
    const id = "revokeRegistrations" as OperationId;
    const input: { path?: Record<string, string>; query?: Record<string, unknown> } = {
      query: { id: ["a"] },
    };
    await callOperationRaw(c, id, input);
    expect(calls[0]!.url.search).toBe("?id=a");
  });

  it("throw typed errors", async () => {
    const { client: c } = testClient(sequence(fail(404)));
    await expect(
      callOperation(c, "getRegistration", { path: { registration_id: "r" } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuse an unknown operationId", async () => {
    const { client: c } = testClient(sequence(ok(null)));
    // @ts-expect-error not an operationId
    await expect(callOperation(c, "nope", {})).rejects.toThrow(/unknown operation "nope"/);
    await expect(callOperation(c, "defineOperation" as OperationId, {})).rejects.toThrow(
      /unknown operation/,
    );
  });
});

describe("generated operation functions", () => {
  it("match the manifest for every operation", () => {
    const table = client as unknown as Record<string, client.OperationSpec>;
    for (const id of operationIds) {
      const { method, path, idempotent, pagination } = manifest[id];
      expect({ ...table[id] }, id).toMatchObject({ id, method, path, idempotent, pagination });
      expect(typeof (table[id] as unknown as { withResponse: unknown }).withResponse).toBe(
        "function",
      );
      expect("paginate" in table[id]!).toBe(pagination !== "none");
    }
  });
});
