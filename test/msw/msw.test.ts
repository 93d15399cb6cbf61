/**
 * `@cf-devices/mock/msw` in Node (`msw/node`): requests to https://api.cloudflare.com/client/v4
 * from the official `cloudflare` SDK, our client and plain `fetch` are all answered by one
 * stateful mock, in-process, with no server and no base URL to rewire.
 */
import { createClient, getSplitTunnelExcludeList, listPhysicalDevices } from "@cf-devices/client";
import Cloudflare from "cloudflare";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMock } from "../../packages/mock/src/index.js";
import { createHandlers } from "../../packages/mock/src/msw.js";

const mock = createMock({ seed: 4, devices: 12 });
const server = setupServer(...createHandlers(mock));
const API = "https://api.cloudflare.com/client/v4";
const auth = { authorization: "Bearer any-token" };

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("MSW handlers backed by a mock", () => {
  it("answer plain fetch, reads and writes", async () => {
    const list = await fetch(
      `${API}/accounts/${mock.accountId}/devices/physical-devices?per_page=50`,
      {
        headers: auth,
      },
    );
    expect(list.status).toBe(200);
    expect(list.headers.get("cf-ray")).toMatch(/-MCK$/);
    const body = await list.json();
    expect(body.success).toBe(true);
    expect(body.result).toHaveLength(12);

    const put = await fetch(`${API}/accounts/${mock.accountId}/devices/policy/exclude`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify([{ address: "10.1.0.0/16", description: "via fetch" }]),
    });
    expect(put.status).toBe(200);
    expect(mock.requests.at(-1)).toMatchObject({
      method: "PUT",
      operationId: "setSplitTunnelExcludeList",
      status: 200,
    });
  });

  it("answer errors in the Cloudflare envelope (unknown account, bad body)", async () => {
    const missing = await fetch(`${API}/accounts/0000/devices/policy`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await missing.json()).success).toBe(false);
    const bad = await fetch(`${API}/accounts/${mock.accountId}/devices/policy/exclude`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].code).toEqual(expect.any(Number));
  });

  it("answer the official cloudflare SDK, sharing state with other clients", async () => {
    const cf = new Cloudflare({ apiToken: "any-token", maxRetries: 0 });
    const devices = [];
    for await (const device of cf.zeroTrust.devices.devices.list({
      account_id: mock.accountId,
      per_page: 5,
    })) {
      devices.push(device);
    }
    expect(devices).toHaveLength(12);
    expect(new Set(devices.map((d) => d.id)).size).toBe(12);

    const written = [];
    for await (const entry of cf.zeroTrust.devices.policies.default.excludes.update({
      account_id: mock.accountId,
      body: [{ address: "192.0.2.0/24", description: "via the SDK" }],
    })) {
      written.push(entry);
    }
    expect(written).toEqual([{ address: "192.0.2.0/24", description: "via the SDK" }]);

    // Seen by plain fetch and by the mock object itself.
    const read = await fetch(`${API}/accounts/${mock.accountId}/devices/policy/exclude`, {
      headers: auth,
    });
    expect((await read.json()).result).toEqual(written);

    // The SDK's errors come from the mock's envelopes.
    await expect(
      cf.zeroTrust.devices.devices.get("no-such-device", { account_id: mock.accountId }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("answer @cf-devices/client on its default base URL", async () => {
    const client = createClient({ apiToken: "any-token", accountId: mock.accountId });
    const all = [];
    for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 4 } })) {
      all.push(device);
    }
    expect(all).toHaveLength(12);
    await fetch(`${API}/accounts/${mock.accountId}/devices/policy/exclude`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify([{ host: "intranet.example.com" }]),
    });
    const excludes = [];
    for await (const entry of getSplitTunnelExcludeList.paginate(client)) excludes.push(entry);
    expect(excludes).toEqual([{ host: "intranet.example.com" }]);
  });

  it("serve another API root when told, whatever the mock's own base URL", async () => {
    const other = setupServer(
      ...createHandlers(mock, { baseUrl: "https://proxy.example.test/cloudflare/client/v4/" }),
    );
    server.close();
    other.listen({ onUnhandledFrame: "error" });
    try {
      const res = await fetch(
        `https://proxy.example.test/cloudflare/client/v4/accounts/${mock.accountId}/devices/policy`,
        { headers: auth },
      );
      expect(res.status).toBe(200);
      expect((await res.json()).result.default).toBe(true);
    } finally {
      other.close();
      server.listen({ onUnhandledFrame: "error" });
    }
  });
});
