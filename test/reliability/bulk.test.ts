/**
 * The bulk helper against the standalone mock over a real port, with a share of the batches
 * failing: injected 500s (transient, decided by the mock's seeded random generator) and one
 * unknown id (permanent, 404). The outcome must name exactly the items of the failed requests as
 * the server saw them, those items must be untouched, and `retryFailed()` must send only them.
 */
import {
  bulk,
  createClient,
  InternalServerError,
  NotFoundError,
  revokeRegistrations,
} from "@cf-devices/client";
import { describe, expect, it } from "vitest";
import { serve } from "../../packages/mock/src/node.js";

const TOKEN = "rel-bulk-token-0123456789abcdefghijklmnopqrstuvwx";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe("bulk with partial failures, over a real port", () => {
  it("reports exactly the failed items and retries only those", async () => {
    const server = await serve({ port: 0, seed: 4, devices: 80, faultsFromEnv: false });
    const { mock } = server;
    try {
      const client = createClient({
        apiToken: TOKEN,
        baseUrl: server.url,
        accountId: mock.accountId,
        env: {},
        maxRetries: 0, // every injected failure reaches bulk
      });
      const base = `${server.url}/accounts/${mock.accountId}/devices`;
      const headers = { authorization: `Bearer ${TOKEN}` };
      const ids = (
        (await (await fetch(`${base}/registrations?per_page=60`, { headers })).json()).result as {
          id: string;
        }[]
      ).map((r) => r.id);
      expect(ids.length).toBe(60);
      const items = [...ids.slice(0, 31), UNKNOWN, ...ids.slice(31)];

      mock.faults.set({
        operations: { revokeRegistrations: { errorRate: 0.35, errorStatus: 500 } },
      });
      mock.clearRequests();
      const task = (batch: string[], { signal }: { signal: AbortSignal | undefined }) =>
        revokeRegistrations(client, { query: { id: batch } }, { signal });
      const outcome = await bulk(items, task, { batchSize: 4, concurrency: 3 });

      // What the server saw: which ids were in requests that failed, and in ones that succeeded.
      const log = mock.requests.filter((r) => r.operationId === "revokeRegistrations");
      const idsOf = (q: unknown) => (Array.isArray(q) ? q : [q]) as string[];
      const failedAtServer = log.filter((r) => r.status !== 200).flatMap((r) => idsOf(r.query.id));
      const okAtServer = log.filter((r) => r.status === 200).flatMap((r) => idsOf(r.query.id));
      expect(log).toHaveLength(Math.ceil(items.length / 4));
      expect(new Set(outcome.failedItems)).toEqual(new Set(failedAtServer));
      expect(new Set(outcome.succeeded.flatMap((s) => s.items))).toEqual(new Set(okAtServer));
      expect(outcome.failedItems).toContain(UNKNOWN);
      // Input order is kept, and every item is in exactly one batch.
      expect([...outcome.succeeded, ...outcome.failed].flatMap((b) => b.items).sort()).toEqual(
        [...items].sort(),
      );
      expect(outcome.failedItems).toEqual(items.filter((id) => outcome.failedItems.includes(id)));
      for (const f of outcome.failed) {
        expect(f.error).toSatisfy(
          (e) =>
            e instanceof InternalServerError ||
            (e instanceof NotFoundError && f.items.includes(UNKNOWN)),
        );
      }
      const transient = outcome.failed.filter((f) => f.error instanceof InternalServerError);
      expect(transient.length).toBeGreaterThan(0);
      expect(outcome.succeeded.length).toBeGreaterThan(0);

      // Failed items are untouched; succeeded ones are revoked.
      const revoked = async (id: string) =>
        (await (await fetch(`${base}/registrations/${id}`, { headers })).json()).result
          .revoked_at !== null;
      for (const id of okAtServer) expect(await revoked(id), id).toBe(true);
      for (const id of failedAtServer.filter((id) => id !== UNKNOWN))
        expect(await revoked(id), id).toBe(false);

      // Retry only the failed items, with the faults gone: only they are sent again.
      mock.faults.clear();
      mock.clearRequests();
      const again = await outcome.retryFailed();
      const resent = mock.requests
        .filter((r) => r.operationId === "revokeRegistrations")
        .flatMap((r) => idsOf(r.query.id));
      expect(resent.sort()).toEqual([...outcome.failedItems].sort());
      // The batch with the unknown id fails again (404, nothing in it changes); the rest succeed.
      expect(again.failed).toHaveLength(1);
      expect(again.failed[0]!.error).toBeInstanceOf(NotFoundError);
      expect(again.failed[0]!.items).toContain(UNKNOWN);
      for (const id of again.succeeded.flatMap((s) => s.items))
        expect(await revoked(id)).toBe(true);
      for (const id of again.failed[0]!.items.filter((id) => id !== UNKNOWN))
        expect(await revoked(id)).toBe(false);
      console.log(
        `bulk: ${items.length} items in ${Math.ceil(items.length / 4)} batches; ${outcome.failed.length} batches failed (${transient.length} injected 500, 1 unknown id); retry sent ${resent.length} items, ${again.failed.length} batch still failing`,
      );
    } finally {
      await server.close();
    }
  });
});
