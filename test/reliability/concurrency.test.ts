/**
 * Concurrency: 1,000 mixed writes to device settings profiles and their Split Tunnel and Local
 * Domain Fallback lists, all sent at once to the standalone server (`serve()` on a loopback port,
 * with a state file). The result must equal one serial order of the writes: replaying every
 * request one at a time, in the order the server took them (the sequence number in `cf-ray`),
 * on a fresh mock from the same starting state gives the same answers and exactly the same data.
 * On top of that: nothing lost (every created profile reads back, the state file holds the final
 * data), nothing half-applied (every list equals exactly one accepted PUT's list), precedences
 * unique.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMock } from "@cf-devices/mock";
import { describe, expect, it } from "vitest";
import { loadMockState, serve } from "../../packages/mock/src/node.js";

const TOTAL = 1000;
const NOW = Date.parse("2026-03-01T12:00:00Z");
const headers = { authorization: "Bearer t", "content-type": "application/json" };

interface Write {
  i: number;
  kind: string;
  method: string;
  path: string;
  body: unknown;
  /** The resource a list write replaces, e.g. `default/exclude` or `<policy id>/include`. */
  list?: string;
}

interface Outcome extends Write {
  status: number;
  seq: number;
  result: unknown;
  errors: { code: number }[];
}

const marked = (kind: string, i: number) =>
  kind.endsWith("fallback_domains")
    ? [
        { suffix: `w${i}.corp.example.com`, description: `marker ${i}` },
        { suffix: `w${i}.lab.example.com`, description: `marker ${i}`, dns_server: ["10.0.0.53"] },
      ]
    : [
        { address: `10.${i >> 8}.${i & 255}.0/24`, description: `marker ${i}` },
        { host: `w${i}.example.com`, description: `marker ${i}` },
        { address: `fd00:${i.toString(16)}::/64`, description: `marker ${i}` },
      ];

describe("1,000 concurrent writes through the standalone server", () => {
  it("end in the state of one serial order of the accepted writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cf-devices-concurrency-"));
    const stateFile = join(dir, "state.json");
    const server = await serve({
      port: 0,
      seed: 11,
      devices: 30,
      now: () => NOW,
      stateFile,
      requestLogLimit: TOTAL * 2,
      faultsFromEnv: false,
    });
    const { mock } = server;
    const base = `${server.url}/accounts/${mock.accountId}/devices`;
    try {
      // Four custom profiles to write to.
      const profiles: string[] = [];
      for (let k = 0; k < 4; k++) {
        const res = await fetch(`${base}/policy`, {
          method: "POST",
          headers,
          body: JSON.stringify({ name: `base ${k}`, match: "true", precedence: 10 + k }),
        });
        profiles.push((await res.json()).result.policy_id);
      }
      const registrations = (
        await (await fetch(`${base}/registrations?per_page=10`, { headers })).json()
      ).result.map((r: { id: string }) => r.id) as string[];
      const initial = mock.snapshot();
      const customBefore = (
        (await (await fetch(`${base}/policies`, { headers })).json()).result as {
          default: boolean;
        }[]
      ).filter((p) => !p.default).length;
      const firstSeq = mock.requests.at(-1)!.seq + 1;

      // The writes: list PUTs (each with a unique marker), profile creates and updates with
      // precedences from a small range (so some conflict), and revokes/unrevokes.
      const writes: Write[] = [];
      for (let i = 0; i < TOTAL; i++) {
        const r = (i * 7919) % 100;
        const profile = profiles[i % profiles.length]!;
        if (r < 20) {
          writes.push({
            i,
            kind: "default/exclude",
            method: "PUT",
            path: "/policy/exclude",
            body: marked("exclude", i),
            list: "default/exclude",
          });
        } else if (r < 30) {
          writes.push({
            i,
            kind: "default/include",
            method: "PUT",
            path: "/policy/include",
            body: marked("include", i),
            list: "default/include",
          });
        } else if (r < 40) {
          writes.push({
            i,
            kind: "default/fallback_domains",
            method: "PUT",
            path: "/policy/fallback_domains",
            body: marked("fallback_domains", i),
            list: "default/fallback_domains",
          });
        } else if (r < 60) {
          const which = ["exclude", "include", "fallback_domains"][i % 3]!;
          writes.push({
            i,
            kind: `profile/${which}`,
            method: "PUT",
            path: `/policy/${profile}/${which}`,
            body: marked(which, i),
            list: `${profile}/${which}`,
          });
        } else if (r < 85) {
          writes.push({
            i,
            kind: "create",
            method: "POST",
            path: "/policy",
            body: {
              name: `created ${i}`,
              match: `identity.email == "u${i}@example.com"`,
              precedence: 100 + (i % 60),
            },
          });
        } else if (r < 95) {
          writes.push({
            i,
            kind: "update",
            method: "PATCH",
            path: `/policy/${profile}`,
            body: { precedence: 100 + ((i * 3) % 60), description: `update ${i}` },
          });
        } else {
          const id = registrations[i % registrations.length]!;
          const action = i % 2 ? "revoke" : "unrevoke";
          writes.push({
            i,
            kind: action,
            method: "POST",
            path: `/registrations/${action}?id=${id}`,
            body: undefined,
          });
        }
      }

      const started = performance.now();
      const outcomes: Outcome[] = await Promise.all(
        writes.map(async (w) => {
          const res = await fetch(`${base}${w.path}`, {
            method: w.method,
            headers,
            body: w.body === undefined ? null : JSON.stringify(w.body),
            signal: AbortSignal.timeout(30_000),
          });
          const json = await res.json();
          const ray = res.headers.get("cf-ray") ?? "";
          return {
            ...w,
            status: res.status,
            seq: Number.parseInt(ray, 16),
            result: json.result,
            errors: json.errors,
          };
        }),
      );
      const ms = performance.now() - started;
      await server.close();

      // Every request was answered, with success or a precedence conflict only.
      const byStatus: Record<number, number> = {};
      for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
      for (const o of outcomes) {
        if (o.status !== 200)
          expect(
            o.errors.map((e) => e.code),
            `write ${o.i} (${o.kind})`,
          ).toEqual([2021]);
      }
      expect(new Set(outcomes.map((o) => o.seq)).size).toBe(TOTAL);
      expect(Math.min(...outcomes.map((o) => o.seq))).toBe(firstSeq);

      // Serial replay in the server's order on a fresh mock from the same start.
      const replay = createMock({ state: initial, now: () => NOW, requestLogLimit: 0 });
      const ordered = [...outcomes].sort((a, b) => a.seq - b.seq);
      for (const o of ordered) {
        const res = await replay.fetch(`/client/v4/accounts/${replay.accountId}/devices${o.path}`, {
          method: o.method,
          headers,
          body: o.body === undefined ? null : JSON.stringify(o.body),
        });
        const json = await res.json();
        expect({ i: o.i, status: res.status, result: json.result }).toEqual({
          i: o.i,
          status: o.status,
          result: o.result,
        });
      }
      const final = mock.snapshot();
      expect(replay.snapshot()).toEqual(final);

      // Nothing half-applied: each list is exactly the list of the last accepted PUT to it.
      const accepted = ordered.filter((o) => o.status === 200);
      const lists = new Map<string, Outcome>();
      for (const o of accepted) if (o.list) lists.set(o.list, o);
      const auth = { headers };
      const local = (path: string) =>
        mock
          .fetch(`/client/v4/accounts/${mock.accountId}/devices${path}`, auth)
          .then((r) => r.json());
      for (const [list, last] of lists) {
        const [owner, which] = list.split("/");
        const path = owner === "default" ? `/policy/${which}` : `/policy/${owner}/${which}`;
        const got = (await local(path)).result;
        const markers = new Set(JSON.stringify(got).match(/marker \d+/g));
        expect([...markers], list).toEqual([`marker ${last.i}`]);
        expect(got, list).toEqual(last.body);
      }

      // Nothing lost: every profile created with a 200 reads back; precedences are unique.
      const created = accepted.filter((o) => o.kind === "create");
      for (const o of created) {
        const id = (o.result as { policy_id: string }).policy_id;
        const got = await local(`/policy/${id}`);
        expect(got.result?.name, `created ${o.i}`).toBe(`created ${o.i}`);
      }
      const all = (await local("/policies")).result as { default: boolean; precedence?: number }[];
      const precedences = all.filter((p) => !p.default).map((p) => p.precedence);
      expect(new Set(precedences).size).toBe(precedences.length);
      expect(precedences.length).toBe(customBefore + created.length);

      // The state file holds the final data.
      expect(await loadMockState(stateFile)).toEqual(JSON.parse(JSON.stringify(final)));

      const kinds: Record<string, string> = {};
      for (const o of outcomes) {
        const [ok, all] = (kinds[o.kind] ?? "0/0").split("/").map(Number) as [number, number];
        kinds[o.kind] = `${ok + (o.status === 200 ? 1 : 0)}/${all + 1}`;
      }
      console.log(
        `concurrency: ${TOTAL} writes at once in ${ms.toFixed(0)} ms; statuses ${JSON.stringify(byStatus)}; accepted/sent by kind ${JSON.stringify(kinds)}; serial replay identical`,
      );
    } finally {
      await server.close().catch(() => {});
    }
  }, 60_000);
});
