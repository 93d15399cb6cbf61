/**
 * State files: round trip, whole-state saves (a writer killed mid-save never leaves a damaged
 * file), clear errors for damaged or foreign files, persistence through the Node server, and the
 * database itself: one row per changed entity, reseed/restore/reset, the one-time conversion of
 * JSON state files, and deletion with the -wal/-shm files.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { createMock, STATE_FORMAT } from "../src/index.js";
import {
  deleteMockState,
  loadMockState,
  MockStateFileError,
  openMock,
  saveMockState,
  serve,
} from "../src/node.js";
import { bundle } from "./bundle.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cf-devices-mock-state-"));
});

const auth = { authorization: "Bearer t" };

describe("state files", () => {
  it("round-trips a mock's data, including changes and the id sequence", async () => {
    const file = join(dir, "state.json");
    const mock = createMock({ seed: 5, devices: 50 });
    const reg = (
      await (
        await mock.fetch(`/client/v4/accounts/${mock.accountId}/devices/registrations?per_page=1`, {
          headers: auth,
        })
      ).json()
    ).result[0];
    await mock.fetch(
      `/client/v4/accounts/${mock.accountId}/devices/registrations/revoke?id=${reg.id}`,
      {
        method: "POST",
        headers: auth,
      },
    );
    await saveMockState(file, mock);

    const state = await loadMockState(file);
    expect(state).toMatchObject({ format: STATE_FORMAT, version: 1, seed: 5 });
    const copy = createMock({ state });
    expect(copy.snapshot()).toEqual(mock.snapshot());
    const got = await (
      await copy.fetch(`/client/v4/accounts/${copy.accountId}/devices/registrations/${reg.id}`, {
        headers: auth,
      })
    ).json();
    expect(got.result.revoked_at).not.toBeNull();

    // New profiles get the same ids in the original and in the reloaded copy.
    const create = (m: typeof mock) =>
      m
        .fetch(`/client/v4/accounts/${m.accountId}/devices/policy`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ name: "n", match: "m", precedence: 5555 }),
        })
        .then((r) => r.json());
    expect((await create(copy)).result.policy_id).toBe((await create(mock)).result.policy_id);
  });

  it("keeps a 50-device state small and loadable", async () => {
    const file = join(dir, "small.json");
    const original = createMock({ devices: 50 });
    await saveMockState(file, original);
    expect(statSync(file).size).toBeLessThan(100 * 1024);
    expect(createMock({ state: await loadMockState(file) }).snapshot()).toEqual(
      original.snapshot(),
    );
  });

  it("reports a missing file, damaged JSON, a foreign file and a newer version by name", async () => {
    const missing = join(dir, "missing.json");
    await expect(loadMockState(missing)).rejects.toThrow(`${missing}: does not exist`);

    const damaged = join(dir, "damaged.json");
    writeFileSync(damaged, '{"format":"cf-devices-mock-state","version":1,"acc');
    await expect(loadMockState(damaged)).rejects.toThrow(MockStateFileError);
    await expect(loadMockState(damaged)).rejects.toThrow(/damaged\.json: is not valid JSON/);

    const foreign = join(dir, "package.json");
    writeFileSync(foreign, JSON.stringify({ name: "something-else" }));
    await expect(loadMockState(foreign)).rejects.toThrow(
      /package\.json: not a cf-devices mock state/,
    );

    const newer = join(dir, "newer.json");
    writeFileSync(newer, JSON.stringify({ format: STATE_FORMAT, version: 99 }));
    await expect(loadMockState(newer)).rejects.toThrow(/unsupported mock state version 99/);

    const broken = join(dir, "broken.json");
    const state = createMock({ devices: 3 }).snapshot();
    (state.accounts[0]!.devices.rows[0] as unknown[]).pop();
    writeFileSync(broken, JSON.stringify(state));
    await expect(loadMockState(broken)).rejects.toThrow(
      /accounts\[0\]\.devices: row 0 is malformed/,
    );
  });

  it("openMock refuses a damaged file instead of starting over, and seeds when there is none", async () => {
    const damaged = join(dir, "damaged.json");
    writeFileSync(damaged, "not json at all");
    await expect(openMock({ stateFile: damaged })).rejects.toThrow(MockStateFileError);
    expect(readFileSync(damaged, "utf8")).toBe("not json at all");

    const fresh = join(dir, "fresh.json");
    const mock = await openMock({ stateFile: fresh, seed: 9, devices: 10 });
    expect(mock.accounts[0]!.devices).toBe(10);
    await mock.persist();
    const again = await openMock({ stateFile: fresh });
    expect(again.snapshot()).toEqual(mock.snapshot());
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("never leaves a damaged file when the writer is killed mid-save", async () => {
    const file = join(dir, "killed.json");
    const node = pathToFileURL(bundle("src/node.ts")).href;
    const script = join(dir, "writer.mjs");
    // A writer that saves a different 2,000-device state over the same file, again and again.
    writeFileSync(
      script,
      `import { openMock, saveMockState } from ${JSON.stringify(node)};
const mock = await openMock({ stateFile: ${JSON.stringify(file)}, devices: 2000 });
for (let i = 0; ; i++) {
  mock.reseed({ seed: i + 1, devices: 2000 });
  await saveMockState(${JSON.stringify(file)}, mock);
  process.stdout.write("saved\\n");
}
`,
    );
    let interrupted = 0;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve, reject) => {
        let saves = 0;
        child.stdout.on("data", (chunk: Buffer) => {
          saves += chunk.toString().split("saved").length - 1;
          // Kill at an arbitrary point of a later save.
          if (saves >= 1 + round) setTimeout(() => child.kill("SIGKILL"), 3 + round * 7);
        });
        child.on("exit", () => resolve());
        child.on("error", reject);
      });
      const state = await loadMockState(file);
      expect(state.accounts[0]!.devices.rows).toHaveLength(2000);
      if (readdirSync(dir).some((f) => f.endsWith(".tmp"))) interrupted++;
    }
    console.log(`writer killed 5 times, ${interrupted} of them in the middle of a save`);
    // The next save clears temporary files left by killed writers.
    await saveMockState(file, createMock({ devices: 1 }));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);
});

describe("the Node server with a state file", () => {
  it("saves changes shortly after they happen and on close", async () => {
    const file = join(dir, "served.json");
    const server = await serve({ stateFile: file, seed: 11, devices: 20, faultsFromEnv: false });
    expect((await loadMockState(file)).seed).toBe(11);
    const res = await fetch(
      `${server.url}/zones/${server.mock.zoneId}/devices/policy/certificates`,
      {
        method: "PATCH",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ enabled: true }),
      },
    );
    expect(res.status).toBe(200);
    await server.close();
    const saved = await loadMockState(file);
    expect(saved.zones[0]!.certificates_enabled).toBe(true);

    const again = await serve({ stateFile: file, faultsFromEnv: false });
    expect(again.mock.snapshot()).toEqual(saved);
    await again.close();
  });
});

/** The rows of a state database, as `kind key`, in storage order. */
function storedRows(file: string): string[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (
      db.prepare("SELECT kind, key FROM mock_entity ORDER BY id").all() as {
        kind: string;
        key: string;
      }[]
    ).map((r) => `${r.kind} ${r.key}`);
  } finally {
    db.close();
  }
}

describe("state databases", () => {
  // biome-ignore lint/suspicious/noExplicitAny: API answers of several shapes
  const json = (res: Response) => res.json() as Promise<{ result: any }>;

  it("writes one small row per changed entity, and reopens to the same data", async () => {
    const file = join(dir, "state.db");
    const mock = await openMock({ stateFile: file, seed: 7, devices: 2000 });
    const api = (path: string, init: RequestInit = {}) =>
      mock.fetch(`/client/v4/accounts/${mock.accountId}/devices${path}`, {
        ...init,
        headers: { ...auth, "content-type": "application/json" },
      });
    expect(readFileSync(file).subarray(0, 15).toString()).toBe("SQLite format 3");
    expect(storedRows(file)).toEqual([]);

    const regs = (await json(await api("/registrations?per_page=3&status=active"))).result;
    expect((await api(`/registrations/revoke?id=${regs[0].id}`, { method: "POST" })).status).toBe(
      200,
    );
    expect(storedRows(file).sort()).toEqual(
      [
        `device ${mock.accountId}/${regs[0].device.id}`,
        `registration ${mock.accountId}/${regs[0].id}`,
      ].sort(),
    );

    // Profiles are found by comparison: a PUT of one list writes that profile only.
    await api("/policy/exclude", {
      method: "PUT",
      body: JSON.stringify([{ address: "10.1.0.0/16" }]),
    });
    const created = (
      await json(
        await api("/policy", {
          method: "POST",
          body: JSON.stringify({ name: "n", match: "m", precedence: 4242 }),
        }),
      )
    ).result;
    const removable = (await json(await api("/policies"))).result.find(
      (p: { name: string }) => p.name === "Proxy mode pilot",
    );
    expect((await api(`/policy/${removable.policy_id}`, { method: "DELETE" })).status).toBe(200);
    await api(`/physical-devices/${regs[1].device.id}`, { method: "DELETE" });
    await mock.fetch(`/client/v4/zones/${mock.zoneId}/devices/policy/certificates`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ enabled: true }),
    });
    await api(`/registrations/${regs[2].id}/override_codes`);
    const rows = storedRows(file);
    expect(rows).toContain(`profile ${mock.accountId}/default`);
    expect(rows).toContain(`profile ${mock.accountId}/${created.policy_id}`);
    expect(rows).toContain(`profile ${mock.accountId}/${removable.policy_id}`);
    expect(rows).toContain(`zone ${mock.zoneId}`);
    // Far fewer rows than the 2,000 devices, and only the ones the writes touched.
    expect(rows.length).toBeLessThan(20);

    const again = await openMock({ stateFile: file });
    expect(again.snapshot()).toEqual(mock.snapshot());
    // The id sequence continues where it was.
    const next = (m: typeof mock) =>
      m
        .fetch(`/client/v4/accounts/${m.accountId}/devices/policy`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ name: "x", match: "y", precedence: 777 }),
        })
        .then(json);
    expect((await next(again)).result.policy_id).toBe((await next(mock)).result.policy_id);
    again.close();
    mock.close();
  });

  it("keeps reseed, restore and reset", async () => {
    const file = join(dir, "replace.db");
    const mock = await openMock({ stateFile: file, seed: 1, devices: 30 });
    mock.reseed({ seed: 12, devices: 40 });
    let reopened = await openMock({ stateFile: file });
    expect(reopened.seed).toBe(12);
    expect(reopened.accounts[0]!.devices).toBe(40);
    expect(storedRows(file)).toEqual([]);
    reopened.close();

    // A snapshot of other data: stored as its difference from the seed it resembles.
    const other = createMock({ seed: 3, devices: 25 });
    await other.fetch(`/client/v4/accounts/${other.accountId}/devices/policy/exclude`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify([{ host: "x.example.com" }]),
    });
    mock.restore(other.snapshot());
    expect(storedRows(file)).toEqual([`profile ${other.accountId}/default`]);
    reopened = await openMock({ stateFile: file });
    expect(reopened.snapshot()).toEqual(other.snapshot());
    reopened.close();

    // reset goes back to the state the mock was opened with (seed 12).
    mock.reset();
    reopened = await openMock({ stateFile: file });
    expect(reopened.seed).toBe(1);
    expect(reopened.snapshot()).toEqual(createMock({ seed: 1, devices: 30 }).snapshot());
    reopened.close();
    mock.close();
  });

  it("converts a JSON state file once, saying so, and keeps the JSON", async () => {
    const file = join(dir, "old.json");
    const old = createMock({ seed: 8, devices: 40 });
    const reg = (
      await (
        await old.fetch(`/client/v4/accounts/${old.accountId}/devices/registrations?per_page=1`, {
          headers: auth,
        })
      ).json()
    ).result[0];
    await old.fetch(
      `/client/v4/accounts/${old.accountId}/devices/registrations/revoke?id=${reg.id}`,
      {
        method: "POST",
        headers: auth,
      },
    );
    const text = JSON.stringify(old.snapshot());
    writeFileSync(file, text);

    const messages: string[] = [];
    const mock = await openMock({ stateFile: file, log: (m) => messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`converted the JSON state file ${file} to the SQLite format`);
    expect(messages[0]).toContain(`${join(dir, "old.backup.json")}`);
    expect(readFileSync(`${join(dir, "old.backup.json")}`, "utf8")).toBe(text);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe("SQLite format 3");
    expect(mock.snapshot()).toEqual(old.snapshot());
    // Only the difference from seed 8 is stored.
    expect(storedRows(file).length).toBeLessThanOrEqual(2);
    mock.close();

    const second = await openMock({ stateFile: file, log: (m) => messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(second.snapshot()).toEqual(old.snapshot());
    second.close();
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("deleteMockState removes the database with its -wal and -shm files", async () => {
    const file = join(dir, "gone.db");
    const mock = await openMock({ stateFile: file, devices: 5 });
    mock.reseed({ devices: 6 });
    expect(readdirSync(dir).sort()).toEqual(["gone.db", "gone.db-shm", "gone.db-wal"]);
    mock.close();
    writeFileSync(`${file}-wal`, ""); // as a killed process may leave it
    expect(await deleteMockState(file)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(await deleteMockState(file)).toBe(false);
  });

  it("refuses a foreign database and a file that is neither format", async () => {
    const foreign = join(dir, "foreign.db");
    const db = new DatabaseSync(foreign);
    db.exec("CREATE TABLE notes (body TEXT)");
    db.close();
    await expect(openMock({ stateFile: foreign })).rejects.toThrow(
      /foreign\.db: not a cf-devices mock state \(a SQLite database with other tables: notes\)/,
    );
    await expect(loadMockState(foreign)).rejects.toThrow(MockStateFileError);

    const binary = join(dir, "binary.bin");
    writeFileSync(binary, Buffer.from([0, 1, 2, 3, 4]));
    await expect(openMock({ stateFile: binary })).rejects.toThrow(
      /binary\.bin: is neither a cf-devices mock state database nor a JSON state file/,
    );
  });
});

describe("a save that fails", () => {
  it("answers 500 instead of acknowledging, and the change goes with the next save", async () => {
    const file = join(dir, "flaky.db");
    const { openSqlite } = await import("../src/node/sqlite.js");
    const { openPersistedMock } = await import("../src/core/create-mock.js");
    const real = openSqlite(file);
    let failNext = false;
    const driver = {
      ...real,
      run(sql: string, params?: readonly (string | number | null)[]) {
        if (failNext && sql.startsWith("INSERT INTO mock_entity")) {
          failNext = false;
          throw new Error("disk I/O error");
        }
        real.run(sql, params);
      },
    };
    const { mock } = openPersistedMock(driver, { seed: 2, devices: 20 });
    const api = (path: string, init: RequestInit = {}) =>
      mock.fetch(`/client/v4/accounts/${mock.accountId}/devices${path}`, {
        ...init,
        headers: { ...auth, "content-type": "application/json" },
      });
    const regs = (await (await api("/registrations?per_page=2&status=active")).json()).result;
    failNext = true;
    const refused = await api(`/registrations/revoke?id=${regs[0].id}`, { method: "POST" });
    expect(refused.status).toBe(500);
    const body = await refused.json();
    expect(body.errors[0].message).toContain("could not save this change");
    expect(body.errors[0].message).toContain("disk I/O error");
    expect(storedRows(file)).toEqual([]);

    // The next write saves both changes.
    expect((await api(`/registrations/revoke?id=${regs[1].id}`, { method: "POST" })).status).toBe(
      200,
    );
    expect(storedRows(file)).toEqual(
      expect.arrayContaining([
        `registration ${mock.accountId}/${regs[0].id}`,
        `registration ${mock.accountId}/${regs[1].id}`,
      ]),
    );
    real.close();
  });
});

describe("the other areas in a state database", () => {
  it("stores each changed record of the areas and posture as its own row, never a credential", async () => {
    const file = join(dir, "areas.db");
    const mock = await openMock({ stateFile: file, seed: 6, devices: 30 });
    const send = (m: typeof mock, method: string, path: string, body?: unknown) =>
      m
        .fetch(`/client/v4/accounts/${m.accountId}/devices${path}`, {
          method,
          headers: { ...auth, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
        .then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await send(mock, "PATCH", "/settings", { disable_for_time: 91 })).status).toBe(200);
    expect((await send(mock, "POST", "/resilience/disconnect", { disconnect: true })).status).toBe(
      200,
    );
    const network = (await send(mock, "GET", "/networks")).body.result[0];
    expect((await send(mock, "DELETE", `/networks/${network.network_id}`)).status).toBe(200);
    const rule = await send(mock, "POST", "/posture", { name: "WARP on", type: "warp" });
    expect(rule.status).toBe(200);
    const secret = "persist-me-not-7f3a";
    const integration = await send(mock, "POST", "/posture/integration", {
      name: "Workspace ONE",
      type: "workspace_one",
      interval: "10m",
      config: {
        api_url: "https://as1.awmdm.example.com/api",
        auth_url: "https://na.uemauth.example.com/connect/token",
        client_id: "persisted",
        client_secret: secret,
      },
    });
    expect(integration.status).toBe(200);

    const rows = storedRows(file);
    const id = mock.accountId;
    expect(rows).toEqual(
      expect.arrayContaining([
        `device_settings ${id}`,
        `warp_override ${id}`,
        `managed_network ${id}/${network.network_id}`,
        `posture_rule ${id}/${rule.body.result.id}`,
        `posture_integration ${id}/${integration.body.result.id}`,
      ]),
    );
    expect(rows.length).toBeLessThan(12);
    mock.close();
    // Not in the database, its WAL, or anywhere beside it.
    for (const name of readdirSync(dir))
      expect(readFileSync(join(dir, name)).includes(secret), name).toBe(false);

    const again = await openMock({ stateFile: file });
    expect((await send(again, "GET", "/settings")).body.result.disable_for_time).toBe(91);
    expect((await send(again, "GET", "/resilience/disconnect")).body.result.disconnect).toBe(true);
    expect((await send(again, "GET", `/networks/${network.network_id}`)).status).toBe(404);
    expect((await send(again, "GET", `/posture/${rule.body.result.id}`)).body.result).toEqual(
      rule.body.result,
    );
    expect(
      (await send(again, "GET", `/posture/integration/${integration.body.result.id}`)).body.result,
    ).toEqual(integration.body.result);
    again.close();
  });
});
