import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openMock } from "@cf-devices/mock/state-file";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { defaultStateFile, legacyStateFile, openMockSession } from "./mock-session.js";

const dir = mkdtempSync(join(tmpdir(), "cf-devices-session-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io = (env: Record<string, string>): Io => ({
  stdout: { write: () => {} },
  stderr: { write: () => {} },
  stdin: process.stdin,
  env,
  cwd: dir,
});

describe("the embedded mock's default state file", () => {
  it("is a .db file, and the .json one of earlier versions moves there with its data", async () => {
    const env = { XDG_CACHE_HOME: join(dir, "cache") };
    expect(defaultStateFile(env)).toMatch(/cf-devices[/\\]mock-state\.db$/);
    const legacy = legacyStateFile(env);
    mkdirSync(join(dir, "cache", "cf-devices"), { recursive: true });

    // An earlier version's state: the seed plus one revoked registration.
    const old = await openMock({ stateFile: legacy, seed: 1, devices: 60 });
    const auth = { authorization: `Bearer ${old.credentials.apiToken}` };
    const base = `/client/v4/accounts/${old.accountId}/devices/registrations`;
    const { result } = await (await old.fetch(base, { headers: auth })).json();
    const id: string = result[0].id;
    await old.fetch(`${base}/revoke?id=${id}`, { method: "POST", headers: auth });
    await old.persist();
    old.close();

    const session = await openMockSession(io(env), undefined);
    try {
      expect(existsSync(legacy)).toBe(false);
      expect(existsSync(defaultStateFile(env))).toBe(true);
      const token = { authorization: `Bearer ${session.credentials.apiToken}` };
      const one = await session.fetch(
        `${session.baseUrl}/accounts/${session.accountId}/devices/registrations/${id}`,
        {
          headers: token,
        },
      );
      expect((await one.json()).result.revoked_at).toEqual(expect.any(String));
    } finally {
      session.close();
    }
  });

  it("leaves both alone when the new file exists already", async () => {
    const env = { XDG_CACHE_HOME: join(dir, "both") };
    mkdirSync(join(dir, "both", "cf-devices"), { recursive: true });
    for (const file of [legacyStateFile(env), defaultStateFile(env)]) {
      (await openMock({ stateFile: file, seed: 1, devices: 5 })).close();
    }
    (await openMockSession(io(env), undefined)).close();
    expect(existsSync(legacyStateFile(env))).toBe(true);
    expect(existsSync(defaultStateFile(env))).toBe(true);
  });
});
