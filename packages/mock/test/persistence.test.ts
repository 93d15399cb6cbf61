/**
 * State files: round trip, atomic writes (a writer killed mid-save never leaves a damaged file),
 * clear errors for damaged or foreign files, and persistence through the Node server.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { createMock, STATE_FORMAT } from "../src/index.js";
import { loadMockState, MockStateFileError, openMock, saveMockState, serve } from "../src/node.js";
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
