/**
 * Testing your own code against the mock, in-process: no port, no network, fresh state per test.
 * `offboard` stands for code in your application that uses the client.
 */
import {
  type Client,
  createClient,
  listRegistrations,
  NotFoundError,
  revokeRegistrations,
} from "@cf-devices/client";
import { createMock, type Mock } from "@cf-devices/mock";
import { beforeEach, describe, expect, it } from "vitest";

/** Application code under test: revokes every active registration of a user. */
async function offboard(client: Client, email: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of listRegistrations.paginate(client, { query: { search: email } })) {
    if (r.user?.email === email) ids.push(r.id);
  }
  if (ids.length > 0) await revokeRegistrations(client, { query: { id: ids } });
  return ids;
}

let mock: Mock;
let client: Client;

beforeEach(() => {
  mock = createMock({ seed: 7, devices: 30 });
  client = createClient({
    fetch: mock.fetch,
    apiToken: mock.credentials.apiToken,
    accountId: mock.accountId,
    maxRetries: 0,
  });
});

describe("offboard", () => {
  it("revokes exactly the user's registrations, and the mock remembers it", async () => {
    const [someone] = await listRegistrations(client, { query: { per_page: 1 } });
    const email = someone!.user!.email!;

    const revoked = await offboard(client, email);

    expect(revoked.length).toBeGreaterThan(0);
    const stillActive = await listRegistrations(client, {
      query: { search: email, status: "active" },
    });
    expect(stillActive.filter((r) => r.user?.email === email)).toEqual([]);
    // The request log shows what the code sent (with secrets redacted).
    expect(
      mock.requests.some((r) => r.method === "POST" && r.path.endsWith("/registrations/revoke")),
    ).toBe(true);
  });

  it("does nothing for an unknown user", async () => {
    expect(await offboard(client, "nobody@example.com")).toEqual([]);
  });

  it("surfaces API failures as typed errors (fault injection)", async () => {
    mock.faults.set({ global: { status: 404 } });
    await expect(offboard(client, "x@example.com")).rejects.toBeInstanceOf(NotFoundError);
  });
});
