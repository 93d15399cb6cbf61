/**
 * The spec's query defaults are the mock's: for every list operation and every query parameter
 * with a `default` (documented by the API) or an `x-mock-default` (the mock's choice where the
 * API documents none) in the spec, leaving the parameter out answers exactly as sending that
 * value. Handlers hold no defaults of their own, so a default added to the spec reaches the mock
 * by `pnpm generate` alone, and one removed from the spec fails here (or in the handler).
 */
import { manifest, type OperationManifest } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { createMock } from "../src/index.js";

const mock = createMock({ seed: 3, devices: 40 });
const token = { authorization: `Bearer ${mock.credentials.apiToken || "test-token"}` };

/** GET operations whose only path parameter is the account, and their defaulted parameters. */
const cases = (Object.values(manifest) as OperationManifest[])
  .filter(
    (op) =>
      op.method === "GET" &&
      op.pathParams.every((p) => p === "account_id") &&
      op.queryParams.some((q) => (q.default ?? q.mockDefault) !== undefined),
  )
  .flatMap((op) =>
    op.queryParams
      .filter((q) => (q.default ?? q.mockDefault) !== undefined)
      .map((q) => ({ op, name: q.name, value: String(q.default ?? q.mockDefault) })),
  );

async function result(path: string, query: Record<string, string>) {
  const url = new URL(`${mock.baseUrl}${path.replace("{account_id}", mock.accountId)}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await mock.fetch(new Request(url, { headers: token }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: unknown; result_info?: unknown };
  return { result: body.result, info: body.result_info };
}

describe("spec defaults", () => {
  it("covers the defaults the spec states or assumes for the lists", () => {
    const names = cases.map((c) => `${c.op.operationId} ${c.name}=${c.value}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "listPhysicalDevices sort_by=id",
        "listPhysicalDevices sort_order=asc",
        "listPhysicalDevices per_page=10",
        "listPhysicalDevices active_registrations=only",
        "listRegistrations sort_by=id",
        "listRegistrations sort_order=asc",
        "listRegistrations status=active",
        "listDeviceSettingsProfiles profile_type=warp",
      ]),
    );
  });

  it.each(cases)("$op.operationId: $name left out answers as $name=$value", async (c) => {
    // A page smaller than the data, so the order shows in which records come first.
    const paged = c.name !== "per_page" && c.op.queryParams.some((q) => q.name === "per_page");
    const perPage: Record<string, string> = paged ? { per_page: "7" } : {};
    const omitted = await result(c.op.path, perPage);
    const explicit = await result(c.op.path, { ...perPage, [c.name]: c.value });
    expect(omitted).toEqual(explicit);
  });
});
