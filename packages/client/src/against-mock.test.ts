/**
 * The client against the in-process mock (`@cf-devices/mock`): real routing, validation,
 * pagination and state, no port and no network.
 */
import { createMock } from "@cf-devices/mock";
import { describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  bulk,
  createClient,
  createDeviceSettingsProfile,
  getDeviceSettingsProfile,
  getPhysicalDevice,
  getSplitTunnelExcludeList,
  InternalServerError,
  listPhysicalDevices,
  listRegistrations,
  NotFoundError,
  paginate,
  revokeRegistrations,
  setSplitTunnelExcludeList,
  toArray,
} from "./index.js";

function setup(devices = 25) {
  const mock = createMock({ seed: 7, devices });
  const client = createClient({
    apiToken: mock.credentials.apiToken,
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    zoneId: mock.zoneId,
    fetch: mock.fetch,
    env: {},
  });
  return { mock, client };
}

describe("against the mock", () => {
  it("lists every physical device across cursor pages", async () => {
    const { client, mock } = setup(25);
    const pages = [];
    for await (const page of listPhysicalDevices
      .paginate(client, { query: { per_page: 10, active_registrations: "include" } })
      .pages()) {
      pages.push(page);
    }
    expect(pages.length).toBeGreaterThan(1);
    const ids = pages.flatMap((p) => p.result.map((d) => d.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(mock.accounts[0]!.devices);
    expect(pages.at(-1)!.resultInfo?.cursor ?? "").toBe("");

    const byId = await toArray(
      paginate(client, "listPhysicalDevices", {
        query: { per_page: 7, active_registrations: "include" },
      }),
    );
    expect(byId.map((d) => d.id)).toEqual(ids);
  });

  it("writes a split tunnel list and reads it back", async () => {
    const { client } = setup(1);
    const list = [
      { address: "10.0.0.0/8", description: "corp" },
      { host: "*.intranet.example.com" },
    ];
    await setSplitTunnelExcludeList(client, { body: list });
    const back = await getSplitTunnelExcludeList(client);
    expect(back).toEqual(list.map((e) => expect.objectContaining(e)));
  });

  it("creates a device settings profile and reads it back", async () => {
    const { client } = setup(1);
    const created = await createDeviceSettingsProfile(client, {
      body: {
        name: "Contractors",
        match: 'os.name == "mac"',
        precedence: 4242,
        switch_locked: true,
      },
    });
    expect(created?.policy_id).toBeTruthy();
    const read = await getDeviceSettingsProfile(client, {
      path: { policy_id: created!.policy_id! },
    });
    expect(read).toMatchObject({ name: "Contractors", precedence: 4242, switch_locked: true });
  });

  it("revokes registrations in batches", async () => {
    const { client } = setup(30);
    const ids = (
      await toArray(listRegistrations.paginate(client, { query: { per_page: 100 } }))
    ).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(5);
    const outcome = await bulk(
      ids,
      (batch) => revokeRegistrations(client, { query: { id: batch } }),
      {
        batchSize: 4,
        concurrency: 3,
      },
    );
    expect(outcome.failed).toEqual([]);
    const revoked = await toArray(
      listRegistrations.paginate(client, { query: { status: "revoked", per_page: 100 } }),
    );
    expect(revoked.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    expect(await toArray(listRegistrations.paginate(client))).toEqual([]);
  });

  it("turns the mock's failure envelopes into typed errors", async () => {
    const { client, mock } = setup(1);
    const missing = await getPhysicalDevice(client, {
      path: { device_id: "no-such-device" },
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).errors[0]?.code).toBeGreaterThan(0);
    expect((missing as NotFoundError).operationId).toBe("getPhysicalDevice");

    const invalid = await createDeviceSettingsProfile(client, {
      // A WARP client profile needs match and precedence; the types allow leaving them out
      // because browser extension profiles have neither.
      body: { name: "incomplete" },
    }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).status).toBeGreaterThanOrEqual(400);
    expect((invalid as ApiError).status).toBeLessThan(500);

    const anonymous = createClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      fetch: mock.fetch,
      env: {},
    });
    await expect(listPhysicalDevices(anonymous)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("retries the mock's injected 503s and reports them when they persist", async () => {
    const { client, mock } = setup(3);
    mock.faults.set({
      operations: { listPhysicalDevices: { status: 503, retryAfter: 0, times: 1 } },
    });
    await expect(listPhysicalDevices(client)).resolves.toBeInstanceOf(Array);

    mock.faults.set({ operations: { listPhysicalDevices: { status: 503, retryAfter: 0 } } });
    await expect(listPhysicalDevices(client, {}, { maxRetries: 1 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    mock.faults.clear();
  });
});
