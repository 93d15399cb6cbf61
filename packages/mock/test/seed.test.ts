/** Seeding: deterministic, realistic, sized from a handful to 100,000 devices quickly. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { seedStore } from "../src/core/store/seed.js";
import { createMock } from "../src/index.js";
import { bundle } from "./bundle.js";

const auth = { authorization: "Bearer t" };

describe("seeding", () => {
  it("gives identical data for the same seed and different data for another", () => {
    const a = createMock({ seed: 123, devices: 80, accounts: 2 }).snapshot();
    const b = createMock({ seed: 123, devices: 80, accounts: 2 }).snapshot();
    const c = createMock({ seed: 124, devices: 80, accounts: 2 }).snapshot();
    expect(b).toEqual(a);
    expect(c.accounts[0]!.id).not.toBe(a.accounts[0]!.id);
  });

  it("gives the same data in every version: state files store only what differs from it", () => {
    // A persisted state is a seed's parameters plus the entities changed since; if a seed made
    // other ids or values, every state file written before would apply to the wrong data. These
    // fingerprints cover what the seed makes (users, devices, registrations, profiles, zones); a
    // change of the seed's output must not happen, whatever it speeds up.
    const fingerprint = (options: { seed: number; devices: number; accounts: number }) => {
      const state = createMock(options).snapshot();
      const made = state.accounts.map((a) => [
        a.id,
        a.users,
        a.devices,
        a.registrations,
        a.profiles,
      ]);
      return createHash("sha256")
        .update(JSON.stringify([made, state.zones]))
        .digest("hex")
        .slice(0, 16);
    };
    expect(fingerprint({ seed: 1, devices: 300, accounts: 2 })).toBe("a80a4ace8cc12d84");
    expect(fingerprint({ seed: 42, devices: 5000, accounts: 3 })).toBe("dc46091e025c9536");
  });

  it("sizes from zero to a handful of devices, over several accounts with a zone each", () => {
    for (const devices of [0, 1, 5]) {
      const mock = createMock({ devices, accounts: 3 });
      expect(mock.accounts).toHaveLength(3);
      for (const account of mock.accounts) {
        expect(account.devices).toBe(devices);
        expect(account.zoneIds).toHaveLength(1);
      }
    }
    expect(() => createMock({ devices: -1 })).toThrow(/devices must be a whole number/);
    expect(() => createMock({ devices: 1.5 })).toThrow(TypeError);
  });

  it("produces realistic, varied data", async () => {
    const mock = createMock({ seed: 1, devices: 500 });
    const list = await (
      await mock.fetch(
        `/client/v4/accounts/${mock.accountId}/devices/physical-devices?per_page=1000&active_registrations=include`,
        { headers: auth },
      )
    ).json();
    const devices = list.result as {
      device_type: string;
      client_version: string;
      active_registrations: number;
      last_seen_user: { email: string };
    }[];
    expect(new Set(devices.map((d) => d.device_type))).toEqual(
      new Set(["windows", "mac", "linux", "ios", "android", "chromeos"]),
    );
    expect(new Set(devices.map((d) => d.client_version)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(devices.map((d) => d.last_seen_user.email)).size).toBeGreaterThan(100);
    expect(devices.some((d) => d.active_registrations === 0)).toBe(true);
    expect(devices.some((d) => d.active_registrations > 1)).toBe(true);

    const profiles = (
      await (
        await mock.fetch(`/client/v4/accounts/${mock.accountId}/devices/policies`, {
          headers: auth,
        })
      ).json()
    ).result as { default: boolean; precedence?: number; match?: string; enabled: boolean }[];
    const custom = profiles.filter((p) => !p.default);
    expect(profiles.filter((p) => p.default)).toHaveLength(1);
    expect(custom.length).toBeGreaterThanOrEqual(4);
    expect(new Set(custom.map((p) => p.precedence)).size).toBe(custom.length);
    expect(custom.every((p) => typeof p.match === "string" && p.match.length > 0)).toBe(true);
    expect(custom.some((p) => !p.enabled)).toBe(true);
  });

  it("keeps every user's email unique, even past the name combinations", () => {
    const data = seedStore({ seed: 2, accounts: 1, devices: 4000 });
    const account = [...data.accounts.values()][0]!;
    const emails = account.users.map((u) => u.email);
    expect(emails.length).toBe(3000);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("seeds 100,000 devices, the largest size the README promises", () => {
    // How long this takes is a benchmark figure (`pnpm bench --only scale`), not a test.
    const mock = createMock({ seed: 1, devices: 100_000 });
    expect(mock.accounts[0]!.devices).toBe(100_000);
    expect(mock.accounts[0]!.registrations).toBeGreaterThanOrEqual(100_000);
  });

  it("lists 100,000 devices page by page without growing memory", () => {
    // Measured in a child process started with --expose-gc, so that garbage does not count.
    const script = `
      import { createMock } from ${JSON.stringify(pathToFileURL(bundle("src/index.ts")).href)};
      const mock = createMock({ seed: 1, devices: 100000 });
      const url = "/client/v4/accounts/" + mock.accountId +
        "/devices/physical-devices?per_page=1000&active_registrations=include";
      let cursor = "", pages = 0, count = 0;
      const heap = [];
      do {
        const res = await mock.fetch(url + (cursor ? "&cursor=" + cursor : ""), {
          headers: { authorization: "Bearer t" },
        });
        const body = await res.json();
        count += body.result.length;
        cursor = body.result_info.cursor;
        if (++pages % 10 === 0) { gc(); heap.push(process.memoryUsage().heapUsed); }
      } while (cursor);
      console.log(JSON.stringify({ count, pages, heap }));`;
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
      },
    );
    const { count, pages, heap } = JSON.parse(out) as {
      count: number;
      pages: number;
      heap: number[];
    };
    const growth = (heap.at(-1)! - heap[0]!) / 1024 / 1024;
    console.log(
      `walked ${count} devices in ${pages} pages; live heap grew ${growth.toFixed(2)} MiB`,
    );
    expect(count).toBe(100_000);
    expect(growth).toBeLessThan(5);
  }, 60_000);
});
