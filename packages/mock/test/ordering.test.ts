/**
 * Requests change data in the order they reach the mock, also when an operation's first call
 * waits for its validators to be imported (each operation's validators are a module of their
 * own).
 */
import { describe, expect, it, vi } from "vitest";

describe("arrival order", () => {
  it("holds while a first call imports its validators", async () => {
    // Fresh modules: no operation's validators are loaded yet.
    vi.resetModules();
    const { createMock } = await import("../src/index.js");
    const mock = createMock({ seed: 3, devices: 5 });
    const headers = { authorization: `Bearer ${mock.credentials.apiToken}` };
    const base = `/client/v4/accounts/${mock.accountId}/devices/registrations`;
    const { result: registrations } = await (await mock.fetch(base, { headers })).json();
    const id: string = registrations.find((r: { revoked_at: unknown }) => !r.revoked_at).id;
    const one = `${base}/${id}`;
    expect((await (await mock.fetch(one, { headers })).json()).result.revoked_at).toBeFalsy();

    // The revoke's validators are not loaded yet; the read's are. The read arrives second (as
    // the HTTP server hands them over, whole), so it must see the registration revoked.
    const url = (path: string) => `http://mock.local${path}`;
    const revoke = mock.handle({ method: "POST", url: url(`${base}/revoke?id=${id}`), headers });
    const read = mock.handle({ method: "GET", url: url(one), headers });
    const [revoked, after] = await Promise.all([revoke, read]);
    expect(revoked.status).toBe(200);
    expect(JSON.parse(after.body).result.revoked_at).toEqual(expect.any(String));
    // The request log has them in the same order.
    expect(mock.requests.map((r) => r.operationId)).toEqual([
      "listRegistrations",
      "getRegistration",
      "revokeRegistrations",
      "getRegistration",
    ]);
  });
});
