import type { OperationId } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { fail, ok, testClient } from "../test/helpers.js";
import {
  ApiError,
  CloudflareDevicesError,
  getSplitTunnelExcludeList,
  listDeviceSettingsProfiles,
  listIpProfiles,
  listPhysicalDevices,
  listRegistrations,
  paginate,
  revokeRegistrations,
  toArray,
} from "./index.js";

/** A cursor-paginated server over `items`, honouring `per_page` and `cursor` (an offset). */
function cursorServer(items: { id: string }[], options: { lastCursor?: string | null } = {}) {
  return (request: Request) => {
    const url = new URL(request.url);
    const perPage = Number(url.searchParams.get("per_page") ?? 10);
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const page = items.slice(start, start + perPage);
    const end = start + perPage >= items.length;
    const cursor = end ? options.lastCursor : String(start + perPage);
    return ok(page, {
      result_info:
        cursor === null
          ? undefined
          : { count: page.length, cursor: cursor ?? "", per_page: perPage },
    });
  };
}

const devices = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}` }));

/** A server paged by number over `items`, honouring `page` and `per_page`. */
function numberedServer(items: { id: string }[], options: { totalPages?: boolean } = {}) {
  return (request: Request) => {
    const url = new URL(request.url);
    const perPage = Number(url.searchParams.get("per_page") ?? 50);
    const page = Number(url.searchParams.get("page") ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const info: Record<string, number> = {
      count: slice.length,
      page,
      per_page: perPage,
      total_count: items.length,
    };
    if (options.totalPages !== false) info.total_pages = Math.ceil(items.length / perPage);
    return ok(slice, { result_info: info });
  };
}

describe("numbered pagination", () => {
  it("asks for page 1, 2, … and stops at total_pages without an extra request", async () => {
    const { client, calls } = testClient(numberedServer(devices));
    const ids = (await toArray(listIpProfiles.paginate(client, { query: { per_page: 10 } }))).map(
      (p) => p.id,
    );
    expect(ids).toEqual(devices.map((d) => d.id));
    expect(calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });

  it("stops at a short page when the server gives no total_pages, and starts where asked", async () => {
    const { client, calls } = testClient(numberedServer(devices, { totalPages: false }));
    const ids = (
      await toArray(listIpProfiles.paginate(client, { query: { per_page: 10, page: 2 } }))
    ).map((p) => p.id);
    expect(ids).toEqual(devices.slice(10).map((d) => d.id));
    expect(calls.map((c) => c.url.searchParams.get("page"))).toEqual(["2", "3"]);
  });

  it("stops on an empty page when the page is exactly full", async () => {
    const { client, calls } = testClient(
      numberedServer(devices.slice(0, 20), { totalPages: false }),
    );
    await toArray(listIpProfiles.paginate(client, { query: { per_page: 10 } }));
    expect(calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });
});

describe("cursor pagination", () => {
  it("follows result_info.cursor and stops at an empty one without an extra request", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    const ids: string[] = [];
    for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 10 } })) {
      ids.push(device.id);
    }
    expect(ids).toEqual(devices.map((d) => d.id));
    expect(calls.map((c) => c.url.searchParams.get("cursor"))).toEqual([null, "10", "20"]);
  });

  it("passes per_page and filters on every page", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    await toArray(
      listPhysicalDevices.paginate(client, {
        query: { per_page: 10, active_registrations: "include", id: ["d1", "d2"] },
      }),
    );
    for (const call of calls) {
      expect(call.url.searchParams.get("per_page")).toBe("10");
      expect(call.url.searchParams.get("active_registrations")).toBe("include");
      expect(call.url.searchParams.getAll("id")).toEqual(["d1", "d2"]);
    }
  });

  it("starts from a cursor given in the query", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    const items = await toArray(
      listPhysicalDevices.paginate(client, { query: { per_page: 10, cursor: "20" } }),
    );
    expect(items).toHaveLength(5);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["missing", undefined],
    ["without result_info", null],
  ])("ends when the cursor is %s", async (_label, lastCursor) => {
    const { client, calls } = testClient(cursorServer(devices, { lastCursor }));
    const items = await toArray(listRegistrations.paginate(client, { query: { per_page: 30 } }));
    expect(items).toHaveLength(25);
    expect(calls).toHaveLength(1);
  });

  it("ends on an empty page or a repeated cursor, so a confused server cannot loop forever", async () => {
    const empty = testClient(() =>
      ok([], { result_info: { count: 0, cursor: "more", per_page: 10 } }),
    );
    expect(await toArray(listPhysicalDevices.paginate(empty.client))).toEqual([]);
    expect(empty.calls).toHaveLength(1);

    const stuck = testClient(() =>
      ok([{ id: "x" }], { result_info: { count: 1, cursor: "same", per_page: 1 } }),
    );
    expect(await toArray(listPhysicalDevices.paginate(stuck.client))).toHaveLength(2);
    expect(stuck.calls).toHaveLength(2);
  });

  it("stops after `limit` items without fetching further pages", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    const items = await toArray(
      listPhysicalDevices.paginate(client, { query: { per_page: 10 } }, { limit: 10 }),
    );
    expect(items).toHaveLength(10);
    expect(calls).toHaveLength(1);
    const some = await toArray(
      listPhysicalDevices.paginate(client, { query: { per_page: 10 } }, { limit: 12 }),
    );
    expect(some.map((d) => d.id)).toEqual(devices.slice(0, 12).map((d) => d.id));
  });

  it("offers whole pages with result_info, the Response and the cf-ray id", async () => {
    const { client } = testClient(cursorServer(devices));
    const pages = [];
    for await (const page of listPhysicalDevices
      .paginate(client, { query: { per_page: 10 } })
      .pages()) {
      pages.push(page);
    }
    expect(pages.map((p) => p.result.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.resultInfo?.cursor)).toEqual(["10", "20", ""]);
    expect(pages[0]!.response.status).toBe(200);
  });

  it("stops fetching when the loop breaks early", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 10 } })) {
      if (device.id === "d3") break;
    }
    expect(calls).toHaveLength(1);
  });

  it("throws the API's error from the page that failed", async () => {
    let n = 0;
    const { client } = testClient((request) =>
      n++ === 0 ? cursorServer(devices)(request) : fail(403),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const d of listPhysicalDevices.paginate(client, { query: { per_page: 10 } }))
        seen.push(d.id);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(10);
    expect(error).toBeInstanceOf(ApiError);
  });
});

describe("lists that arrive whole (x-pagination: page)", () => {
  it("take one request, whatever result_info says", async () => {
    const profiles = [{ policy_id: "p1" }, { policy_id: "p2" }];
    const { client, calls } = testClient(() =>
      ok(profiles, { result_info: { count: 2, page: 1, per_page: 2, total_count: 4 } }),
    );
    expect(await toArray(listDeviceSettingsProfiles.paginate(client))).toEqual(profiles);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url.searchParams.has("cursor")).toBe(false);
  });

  it("cope with a null result", async () => {
    const { client } = testClient(() => ok(null));
    expect(await toArray(getSplitTunnelExcludeList.paginate(client))).toEqual([]);
  });
});

describe("paginate by operationId", () => {
  it("walks the named list", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    const items = await toArray(
      paginate(client, "listPhysicalDevices", { query: { per_page: 20 } }),
    );
    expect(items).toHaveLength(25);
    expect(calls).toHaveLength(2);
  });

  it("accepts a limit and per-call options", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    const items = await toArray(
      paginate(client, "listPhysicalDevices", {}, { limit: 3, maxRetries: 0 }),
    );
    expect(items).toHaveLength(3);
    expect(calls).toHaveLength(1);
  });

  it("accepts an operationId chosen at runtime, with a loose input", async () => {
    const { client } = testClient(cursorServer(devices));
    const id = "listPhysicalDevices" as OperationId;
    const items = await toArray(paginate(client, id, { query: { per_page: 25 } }));
    expect(items).toHaveLength(25);
  });

  it("refuses operations that are not lists and unknown ids", () => {
    const { client } = testClient(() => ok(null));
    // @ts-expect-error revokeRegistrations is not a list
    expect(() => paginate(client, "revokeRegistrations", {})).toThrow(/not a list operation/);
    // @ts-expect-error not an operationId
    expect(() => paginate(client, "listEverything")).toThrow(/unknown operation "listEverything"/);
    expect("paginate" in revokeRegistrations).toBe(false);
  });
});

describe("toArray", () => {
  async function* count(n: number) {
    for (let i = 0; i < n; i++) yield i;
  }

  it("collects up to the limit", async () => {
    expect(await toArray(count(3))).toEqual([0, 1, 2]);
    expect(await toArray(count(5), { limit: 5 })).toHaveLength(5);
  });

  it("throws instead of holding more than the limit (10 000 by default)", async () => {
    await expect(toArray(count(6), { limit: 5 })).rejects.toThrow(CloudflareDevicesError);
    await expect(toArray(count(6), { limit: 5 })).rejects.toThrow(/more than 5 items/);
    await expect(toArray(count(10_001))).rejects.toThrow(/more than 10000 items/);
  });

  it("stops pulling pages once the limit is exceeded", async () => {
    const { client, calls } = testClient(cursorServer(devices));
    await expect(
      toArray(listPhysicalDevices.paginate(client, { query: { per_page: 10 } }), { limit: 10 }),
    ).rejects.toThrow(/more than 10 items/);
    expect(calls).toHaveLength(2);
  });
});
