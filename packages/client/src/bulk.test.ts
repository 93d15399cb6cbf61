import { describe, expect, it } from "vitest";
import { fail, ok, testClient } from "../test/helpers.js";
import {
  AbortError,
  bulk,
  deletePhysicalDevice,
  NotFoundError,
  RateLimitError,
  revokeRegistrations,
} from "./index.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("bulk", () => {
  it("cuts items into batches and keeps at most `concurrency` in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const outcome = await bulk(
      Array.from({ length: 23 }, (_, i) => i),
      async (batch) => {
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
        return batch.length;
      },
      { batchSize: 5, concurrency: 2 },
    );
    expect(most).toBe(2);
    expect(outcome.succeeded.map((s) => s.items.length)).toEqual([5, 5, 5, 5, 3]);
    expect(outcome.succeeded.map((s) => s.result)).toEqual([5, 5, 5, 5, 3]);
    expect(outcome.failed).toEqual([]);
  });

  it("revokes registrations in chunks of ids and reports which chunk failed", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `r${i}`);
    const { client, calls } = testClient((request) =>
      new URL(request.url).searchParams.getAll("id").includes("r150")
        ? fail(429, [{ code: 971, message: "rate limited" }], { "retry-after": "120" })
        : ok(null),
    );
    const outcome = await bulk(
      ids,
      (batch, { signal }) => revokeRegistrations(client, { query: { id: batch } }, { signal }),
      { batchSize: 100, concurrency: 4 },
    );
    expect(calls.map((c) => c.url.searchParams.getAll("id").length)).toEqual([100, 100, 50]);
    expect(outcome.succeeded.map((s) => s.items.length)).toEqual([100, 50]);
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0]!.items).toEqual(ids.slice(100, 200));
    expect(outcome.failed[0]!.error).toBeInstanceOf(RateLimitError);
    expect(outcome.failedItems).toEqual(ids.slice(100, 200));
  });

  it("deletes devices one by one and retries only the ones that failed", async () => {
    const gone = new Set<string>();
    let flaky = true;
    const { client, calls } = testClient((request) => {
      const id = new URL(request.url).pathname.split("/").pop()!;
      if (id === "d2" && flaky) return fail(404);
      gone.add(id);
      return ok(null);
    });
    const first = await bulk(["d1", "d2", "d3"], ([id]) =>
      deletePhysicalDevice(client, { path: { device_id: id! } }),
    );
    expect(first.failed.map((f) => f.items)).toEqual([["d2"]]);
    expect(first.failed[0]!.error).toBeInstanceOf(NotFoundError);

    flaky = false;
    const before = calls.length;
    const second = await first.retryFailed();
    expect(calls.length - before).toBe(1);
    expect(second.failed).toEqual([]);
    expect(second.succeeded.map((s) => s.items)).toEqual([["d2"]]);
    expect([...gone].sort()).toEqual(["d1", "d2", "d3"]);
  });

  it("keeps every item when aborted: unstarted batches fail with AbortError", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const outcome = await bulk(
      [1, 2, 3, 4, 5, 6],
      async ([n]) => {
        started.push(n!);
        if (n === 2) controller.abort();
        await tick();
        return n;
      },
      { concurrency: 2, signal: controller.signal },
    );
    expect(started).toEqual([1, 2]);
    expect(outcome.succeeded.map((s) => s.items[0])).toEqual([1, 2]);
    expect(outcome.failedItems).toEqual([3, 4, 5, 6]);
    for (const f of outcome.failed) expect(f.error).toBeInstanceOf(AbortError);
  });

  it("reports progress and survives tasks that throw synchronously", async () => {
    const progress: [number, number][] = [];
    const outcome = await bulk(
      ["a", "b", "c"],
      (batch) => {
        if (batch.includes("b")) throw new Error("boom");
        return Promise.resolve(batch.join());
      },
      { batchSize: 1, onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(outcome.failed.map((f) => [f.items, (f.error as Error).message])).toEqual([
      [["b"], "boom"],
    ]);
    expect(progress.at(-1)).toEqual([3, 3]);
  });

  it("handles no items", async () => {
    const outcome = await bulk([], () => Promise.resolve(1));
    expect(outcome.succeeded).toEqual([]);
    expect(outcome.failed).toEqual([]);
  });
});
