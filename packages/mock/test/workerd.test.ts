/**
 * The Worker build under the real Workers runtime (workerd, through Miniflare): bundled from the
 * sources with esbuild for a neutral platform (no Node built-ins), then served per isolate and
 * from the Durable Object, whose state must survive a restart.
 *
 * workerd's npm postinstall is blocked by pnpm (see `ignoredBuiltDependencies`); it is not
 * needed where the platform package ships the binary.
 */
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "cf-devices-mock-workerd-"));
const built = buildSync({
  entryPoints: [fileURLToPath(new URL("../src/worker.ts", import.meta.url))],
  bundle: true,
  platform: "neutral",
  mainFields: ["module", "main"],
  format: "esm",
  write: false,
  logLevel: "error",
});
const script = built.outputFiles[0]!.text;

function start(options: Partial<MiniflareOptions> = {}): Miniflare {
  return new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2025-06-01",
    ...options,
  } as MiniflareOptions);
}

// workerd comes from npm (the platform package ships the binary); if it cannot start, the test
// fails with the reason instead of skipping: the Worker build is a supported way to run the mock.
try {
  const probe = start();
  await probe.ready;
  await probe.dispose();
} catch (error) {
  throw new Error(
    `workerd could not start (reinstall with pnpm install): ${(error as Error).message}`,
  );
}

const auth = { authorization: "Bearer t" };

async function accountOf(mf: Miniflare): Promise<string> {
  const info = (await (await mf.dispatchFetch("http://mock.test/__mock")).json()) as {
    result: { accounts: { id: string }[] };
  };
  return info.result.accounts[0]!.id;
}

describe("under workerd", () => {
  it("bundles without Node built-ins and serves from a per-isolate mock", async () => {
    expect(script).not.toMatch(/from\s*["']node:/);
    const mf = start({ bindings: { MOCK_SEED: "2", MOCK_DEVICES: "150" } });
    try {
      const account = await accountOf(mf);
      const list = await mf.dispatchFetch(
        `http://mock.test/client/v4/accounts/${account}/devices/physical-devices?per_page=5`,
        { headers: auth },
      );
      expect(list.status).toBe(200);
      expect(((await list.json()) as { result: unknown[] }).result).toHaveLength(5);
      const invalid = await mf.dispatchFetch(
        `http://mock.test/client/v4/accounts/${account}/devices/policy`,
        {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ name: "x" }),
        },
      );
      expect(invalid.status).toBe(400);
      const fault = await mf.dispatchFetch(
        `http://mock.test/client/v4/accounts/${account}/devices/policy`,
        {
          headers: { ...auth, "x-mock-fault": "status=503" },
        },
      );
      expect(fault.status).toBe(503);
    } finally {
      await mf.dispose();
    }
  });

  it("keeps one shared state in the Durable Object across restarts", async () => {
    const options: Partial<MiniflareOptions> = {
      durableObjects: { MOCK_STATE: "MockDurableObject" },
      durableObjectsPersist: join(dir, "durable-objects"),
      bindings: { MOCK_DEVICES: "300" },
    };
    const first = start(options);
    const account = await accountOf(first);
    const base = `http://mock.test/client/v4/accounts/${account}/devices/registrations`;
    const reg = (
      (await (await first.dispatchFetch(`${base}?per_page=1`, { headers: auth })).json()) as {
        result: { id: string }[];
      }
    ).result[0]!;
    const revoke = await first.dispatchFetch(`${base}/revoke?id=${reg.id}`, {
      method: "POST",
      headers: auth,
    });
    expect(revoke.status).toBe(200);
    await first.dispose();

    const second = start(options);
    try {
      const got = (await (
        await second.dispatchFetch(`${base}/${reg.id}`, { headers: auth })
      ).json()) as {
        result: { revoked_at: string | null };
      };
      expect(got.result.revoked_at).not.toBeNull();
    } finally {
      await second.dispose();
    }
  }, 30_000);

  it("keeps a 10,000-device state in Durable Object SQLite, one small write per change", async () => {
    const persist = join(dir, "sqlite-durable-objects");
    const options: Partial<MiniflareOptions> = {
      durableObjects: { MOCK_STATE: { className: "MockDurableObject", useSQLite: true } },
      durableObjectsPersist: persist,
      bindings: { MOCK_DEVICES: "10000", MOCK_SEED: "4" },
    };
    /** The Durable Object's database file, and what its mock tables hold. */
    const database = () => {
      const files: string[] = [];
      const walk = (at: string) => {
        for (const entry of readdirSync(at, { withFileTypes: true })) {
          const path = join(at, entry.name);
          if (entry.isDirectory()) walk(path);
          else if (entry.name.endsWith(".sqlite")) files.push(path);
        }
      };
      walk(persist);
      const file = files.find((f) => !f.includes("metadata"))!;
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        const rows = db
          .prepare("SELECT kind, key, length(value) AS size FROM mock_entity ORDER BY id")
          .all() as { kind: string; key: string; size: number }[];
        const params = db.prepare("SELECT value FROM mock_meta WHERE key = 'params'").get() as {
          value: string;
        };
        return { file, rows, params: JSON.parse(params.value), bytes: statSync(file).size };
      } finally {
        db.close();
      }
    };

    const first = start(options);
    const account = await accountOf(first);
    const base = `http://mock.test/client/v4/accounts/${account}/devices`;
    const regs = (
      (await (
        await first.dispatchFetch(`${base}/registrations?per_page=2&status=active`, {
          headers: auth,
        })
      ).json()) as { result: { id: string; device: { id: string } }[] }
    ).result;
    await first.dispose();
    // A fresh state is the seed's parameters and nothing else.
    const fresh = database();
    expect(fresh.params).toEqual({ seed: 4, accounts: 1, devices: 10000 });
    expect(fresh.rows).toEqual([]);

    const second = start(options);
    const revoke = await second.dispatchFetch(`${base}/registrations/revoke?id=${regs[0]!.id}`, {
      method: "POST",
      headers: auth,
    });
    expect(revoke.status).toBe(200);
    const exclude = [{ address: "10.9.0.0/16", description: "lab" }];
    const put = await second.dispatchFetch(`${base}/policy/exclude`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify(exclude),
    });
    expect(put.status).toBe(200);
    await second.dispose();

    // Two requests wrote three entities (the registration, its device, the default profile),
    // each row a few hundred bytes: nothing else of the 10,000 devices was written.
    const after = database();
    expect(after.rows.map((r) => `${r.kind} ${r.key}`).sort()).toEqual(
      [
        `device ${account}/${regs[0]!.device.id}`,
        `profile ${account}/default`,
        `registration ${account}/${regs[0]!.id}`,
      ].sort(),
    );
    for (const row of after.rows) expect(row.size).toBeLessThan(4096);

    const third = start(options);
    try {
      const got = (await (
        await third.dispatchFetch(`${base}/registrations/${regs[0]!.id}`, { headers: auth })
      ).json()) as { result: { revoked_at: string | null } };
      expect(got.result.revoked_at).not.toBeNull();
      const other = (await (
        await third.dispatchFetch(`${base}/registrations/${regs[1]!.id}`, { headers: auth })
      ).json()) as { result: { revoked_at: string | null } };
      expect(other.result.revoked_at).toBeNull();
      const list = (await (
        await third.dispatchFetch(`${base}/policy/exclude`, { headers: auth })
      ).json()) as { result: unknown };
      expect(list.result).toEqual(exclude);
      const info = (await (await third.dispatchFetch("http://mock.test/__mock")).json()) as {
        result: { accounts: { devices: number }[] };
      };
      expect(info.result.accounts[0]!.devices).toBe(10000);
    } finally {
      await third.dispose();
    }
  }, 60_000);
});
