/**
 * The Worker entry point and the Durable Object, run in Node against an in-memory stand-in for
 * Durable Object storage (the real runtime is not needed to check the logic).
 */
import { describe, expect, it } from "vitest";
import worker, {
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  MockDurableObject,
} from "../src/worker.js";

class MemoryStorage {
  readonly data = new Map<string, unknown>();
  async get(key: string | string[]): Promise<unknown> {
    if (Array.isArray(key))
      return new Map(key.filter((k) => this.data.has(k)).map((k) => [k, this.data.get(k)]));
    return this.data.get(key);
  }
  async put(entries: Record<string, unknown>): Promise<void> {
    const keys = Object.keys(entries);
    if (keys.length > 128) throw new Error("too many keys in one put");
    for (const [k, v] of Object.entries(entries)) {
      if (typeof v === "string" && new TextEncoder().encode(v).length > 128 * 1024)
        throw new Error("value too large");
      this.data.set(k, structuredClone(v));
    }
  }
  async delete(keys: string[]): Promise<number> {
    let n = 0;
    for (const k of keys) if (this.data.delete(k)) n++;
    return n;
  }
}

function durableState(
  storage = new MemoryStorage(),
): DurableObjectStateLike & { storage: MemoryStorage } {
  return {
    storage: storage as MemoryStorage & DurableObjectStateLike["storage"],
    blockConcurrencyWhile: (fn) => fn(),
  } as DurableObjectStateLike & { storage: MemoryStorage };
}

const auth = { authorization: "Bearer t" };

describe("Worker entry point", () => {
  it("serves from a per-isolate mock configured by env vars", async () => {
    const env = { MOCK_SEED: "4", MOCK_DEVICES: "12" };
    const info = await worker.fetch(new Request("https://mock.example.workers.dev/__mock"), env);
    const body = await info.json();
    expect(body.result).toMatchObject({
      seed: 4,
      baseUrl: "https://mock.example.workers.dev/client/v4",
    });
    expect(body.result.accounts[0].devices).toBe(12);
    const res = await worker.fetch(
      new Request(
        `https://mock.example.workers.dev/client/v4/accounts/${body.result.accounts[0].id}/devices/policy`,
        {
          headers: auth,
        },
      ),
      env,
    );
    expect(res.status).toBe(200);
  });

  it("forwards every request to the shared Durable Object when one is bound", async () => {
    const seen: string[] = [];
    const namespace: DurableObjectNamespaceLike = {
      idFromName: (name) => `id:${name}`,
      get: (id) => ({
        fetch: async (request) => {
          seen.push(`${id} ${request.url}`);
          return new Response("from the object");
        },
      }),
    };
    const res = await worker.fetch(new Request("https://m.example/__mock"), {
      MOCK_STATE: namespace,
    });
    expect(await res.text()).toBe("from the object");
    expect(seen).toEqual(["id:default https://m.example/__mock"]);
  });
});

describe("MockDurableObject", () => {
  it("keeps its state in storage across restarts, in chunks under the size limit", async () => {
    const storage = new MemoryStorage();
    const env = { MOCK_DEVICES: "400" };
    const first = new MockDurableObject(durableState(storage), env);
    const info = await (await first.fetch(new Request("https://m.example/__mock"))).json();
    const accountId = info.result.accounts[0].id as string;
    const reg = (
      await (
        await first.fetch(
          new Request(
            `https://m.example/client/v4/accounts/${accountId}/devices/registrations?per_page=1`,
            { headers: auth },
          ),
        )
      ).json()
    ).result[0];
    const revoke = await first.fetch(
      new Request(
        `https://m.example/client/v4/accounts/${accountId}/devices/registrations/revoke?id=${reg.id}`,
        {
          method: "POST",
          headers: auth,
        },
      ),
    );
    expect(revoke.status).toBe(200);
    const meta = storage.data.get("meta") as { generation: number; chunks: number };
    expect(meta.chunks).toBeGreaterThan(1);
    // Only the latest generation is kept.
    expect([...storage.data.keys()].filter((k) => k.startsWith("state:")).length).toBe(meta.chunks);

    const restarted = new MockDurableObject(durableState(storage), env);
    const got = await (
      await restarted.fetch(
        new Request(
          `https://m.example/client/v4/accounts/${accountId}/devices/registrations/${reg.id}`,
          { headers: auth },
        ),
      )
    ).json();
    expect(got.result.revoked_at).not.toBeNull();
  });

  it("does not write storage for reads", async () => {
    const storage = new MemoryStorage();
    const object = new MockDurableObject(durableState(storage), {});
    await object.fetch(new Request("https://m.example/__mock"));
    expect(storage.data.size).toBe(0);
  });
});
