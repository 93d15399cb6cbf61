/**
 * The mock as the client's `fetch`, the way the README shows it: no port, no globals patched.
 * The client is loaded dynamically so this package's type check does not depend on its build.
 */
import { describe, expect, it } from "vitest";
import { createMock } from "../src/index.js";

interface ClientModule {
  createClient(options: Record<string, unknown>): unknown;
  listPhysicalDevices: { paginate(client: unknown, args?: unknown): AsyncIterable<{ id: string }> };
  listRegistrations: (
    client: unknown,
    args?: unknown,
  ) => Promise<{ id: string; revoked_at: string | null }[]>;
  revokeRegistrations: (client: unknown, args: unknown) => Promise<unknown>;
  getRegistration: (client: unknown, args: unknown) => Promise<{ revoked_at: string | null }>;
}
const clientPackage = "@cf-devices/client";
const load = () => import(/* @vite-ignore */ clientPackage) as Promise<ClientModule>;

describe("with @cf-devices/client", () => {
  it("pages, revokes and reads back through mock.fetch", async () => {
    const {
      createClient,
      listPhysicalDevices,
      listRegistrations,
      revokeRegistrations,
      getRegistration,
    } = await load();
    const mock = createMock({ seed: 1, devices: 120 });
    const client = createClient({
      fetch: mock.fetch,
      apiToken: mock.credentials.apiToken,
      accountId: mock.accountId,
      env: {},
    });
    const ids = new Set<string>();
    for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 25 } }))
      ids.add(device.id);
    const total = await (
      await mock.fetch(
        `/client/v4/accounts/${mock.accountId}/devices/physical-devices?per_page=1`,
        {
          headers: { authorization: "Bearer t" },
        },
      )
    ).json();
    expect(ids.size).toBe(total.result_info.total_count);
    expect(ids.size).toBeGreaterThan(100);

    const [first] = await listRegistrations(client, { query: { per_page: 1 } });
    await revokeRegistrations(client, { query: { id: [first!.id] } });
    const after = await getRegistration(client, { path: { registration_id: first!.id } });
    expect(after.revoked_at).not.toBeNull();
  });

  it("lets the client retry an injected 503", async () => {
    const { createClient, listRegistrations } = await load();
    const mock = createMock({
      devices: 10,
      faults: { operations: { listRegistrations: { status: 503, retryAfter: 0, times: 1 } } },
    });
    const client = createClient({
      fetch: mock.fetch,
      apiToken: "t",
      accountId: mock.accountId,
      env: {},
    });
    const regs = await listRegistrations(client);
    expect(regs.length).toBeGreaterThan(0);
    expect(mock.requests.map((r) => r.status)).toEqual([503, 200]);
  });
});
