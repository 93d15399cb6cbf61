/**
 * Persistence under SIGKILL: the standalone mock (`cf-devices-mock --state FILE`, a child
 * process) is killed at random moments while four writers hammer it, again and again. After
 * every kill the state file must load, and every write the server acknowledged (answered 200)
 * must be in it: an acknowledged write is durable.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMockState } from "../../packages/mock/src/node.js";
import { killAll, type MockProcess, startMock } from "./_process.ts";

afterAll(killAll);

const ROUNDS = Number(process.env.CF_DEVICES_KILL_ROUNDS ?? 10);
const auth = { authorization: "Bearer t", "content-type": "application/json" };

/** A deterministic PRNG, so a failing round can be replayed with the same kill moments. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Acked {
  /** Markers of acknowledged list writes, per list, in send order. */
  exclude: number[];
  fallback: number[];
  /** Policy ids of acknowledged profile creates. */
  profiles: string[];
  /** Acknowledged revokes. */
  revoked: string[];
  /** Writes sent, acknowledged or not. */
  sent: number;
}

const excludeList = (round: number, i: number) => [
  { address: `10.${round}.${i % 256}.0/24`, description: `marker r${round} w${i} a` },
  { host: `r${round}-w${i}.example.com`, description: `marker r${round} w${i} b` },
];
const fallbackList = (round: number, i: number) => [
  { suffix: `r${round}-w${i}.corp.example.com`, description: `marker r${round} w${i}` },
];

async function writers(
  server: MockProcess,
  account: string,
  round: number,
  registrations: string[],
  acked: Acked,
  stop: { stopped: boolean },
) {
  const base = `${server.url}/accounts/${account}/devices`;
  const send = async (path: string, method: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: auth,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status !== 200)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.result;
  };
  // Each loop writes one resource in sequence; after a kill its fetches fail and it stops.
  const loop = async (write: (i: number) => Promise<void>) => {
    for (let i = 0; !stop.stopped; i++) {
      acked.sent++;
      try {
        await write(i);
      } catch (error) {
        if (stop.stopped) return;
        throw error;
      }
    }
  };
  await Promise.all([
    loop(async (i) => {
      await send("/policy/exclude", "PUT", excludeList(round, i));
      acked.exclude.push(i);
    }),
    loop(async (i) => {
      await send("/policy/fallback_domains", "PUT", fallbackList(round, i));
      acked.fallback.push(i);
    }),
    loop(async (i) => {
      const created = await send("/policy", "POST", {
        name: `r${round} c${i}`,
        match: `identity.email == "r${round}c${i}@example.com"`,
        precedence: round * 100_000 + i + 1,
      });
      acked.profiles.push(created.policy_id);
    }),
    loop(async (i) => {
      const id = registrations[i % registrations.length]!;
      await send(`/registrations/revoke?id=${id}`, "POST");
      acked.revoked.push(id);
    }),
  ]);
}

interface Figures {
  acknowledged: number;
  lost: string[];
  /** Writes in flight (sent, not answered) when the kills came. */
  inFlight: number;
}

/** Checks that every write acknowledged before the previous kill is in the restarted server. */
async function verify(
  server: MockProcess,
  account: string,
  previous: { round: number; acked: Acked },
  figures: Figures,
) {
  const base = `${server.url}/accounts/${account}/devices`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: auth });
    return { status: res.status, body: await res.json() };
  };
  // Everything acknowledged before the last kill is here.
  const { round: r, acked } = previous;
  // A list holds the last acknowledged write, or the one in flight when the kill came.
  const exclude = (await get("/policy/exclude")).body.result;
  const lastExclude = acked.exclude.at(-1);
  if (lastExclude !== undefined) {
    const ok = [lastExclude, lastExclude + 1].some(
      (i) => JSON.stringify(exclude) === JSON.stringify(excludeList(r, i)),
    );
    if (!ok)
      figures.lost.push(
        `round ${r}: exclude list after restart is ${JSON.stringify(exclude)}; last acknowledged write was w${lastExclude}`,
      );
  }
  const fallback = (await get("/policy/fallback_domains")).body.result;
  const lastFallback = acked.fallback.at(-1);
  if (lastFallback !== undefined) {
    const ok = [lastFallback, lastFallback + 1].some(
      (i) => JSON.stringify(fallback) === JSON.stringify(fallbackList(r, i)),
    );
    if (!ok)
      figures.lost.push(
        `round ${r}: fallback list after restart is ${JSON.stringify(fallback)}; last acknowledged write was w${lastFallback}`,
      );
  }
  for (const id of acked.profiles) {
    const got = await get(`/policy/${id}`);
    if (got.status !== 200) figures.lost.push(`round ${r}: acknowledged profile ${id} is gone`);
  }
  for (const id of new Set(acked.revoked)) {
    const got = await get(`/registrations/${id}`);
    if (got.body.result?.revoked_at == null)
      figures.lost.push(`round ${r}: acknowledged revoke of ${id} is gone`);
  }
  figures.acknowledged +=
    acked.exclude.length + acked.fallback.length + acked.profiles.length + acked.revoked.length;
}

describe("the standalone mock killed with SIGKILL during writes", () => {
  it(`keeps every acknowledged write, ${ROUNDS} kills in a row`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "cf-devices-kill-"));
    const file = join(dir, "state.json");
    const random = prng(20260102);
    const args = ["--seed", "3", "--devices", "60", "--state", file, "--quiet"];
    let previous: { round: number; acked: Acked } | null = null;
    const figures: Figures = { acknowledged: 0, lost: [], inFlight: 0 };

    for (let round = 0; round < ROUNDS; round++) {
      const server = await startMock(args);
      const info = (await (await fetch(`${server.origin}/__mock`)).json()).result;
      const account = info.accounts[0].id as string;
      const base = `${server.url}/accounts/${account}/devices`;
      const get = async (path: string) => {
        const res = await fetch(`${base}${path}`, { headers: auth });
        return { status: res.status, body: await res.json() };
      };

      if (previous) await verify(server, account, previous, figures);
      // Unrevoke everything so that the revokes of this round change data again.
      const regs = (await get("/registrations?status=all&per_page=1000")).body.result as {
        id: string;
      }[];
      const ids = regs.map((r) => r.id);
      const unrevoke = await fetch(
        `${base}/registrations/unrevoke?${ids.map((id) => `id=${id}`).join("&")}`,
        { method: "POST", headers: auth },
      );
      expect(unrevoke.status).toBe(200);
      const acked: Acked = { exclude: [], fallback: [], profiles: [], revoked: [], sent: 0 };
      const stop = { stopped: false };
      const running = writers(server, account, round, ids, acked, stop);
      const killAfter = 30 + Math.floor(random() * 300);
      await new Promise((resolve) => setTimeout(resolve, killAfter));
      server.child.kill("SIGKILL");
      stop.stopped = true;
      await server.exited;
      await running;
      figures.inFlight +=
        acked.sent -
        (acked.exclude.length +
          acked.fallback.length +
          acked.profiles.length +
          acked.revoked.length);

      // The file always loads, whatever moment the kill hit.
      await expect(loadMockState(file)).resolves.toMatchObject({ format: "cf-devices-mock-state" });
      previous = { round, acked };
    }
    // The last round's writes too.
    const last = await startMock(args);
    const info = (await (await fetch(`${last.origin}/__mock`)).json()).result;
    await verify(last, info.accounts[0].id, previous!, figures);
    last.child.kill("SIGTERM");
    await last.exited;
    console.log(
      `kill test: ${ROUNDS} SIGKILLs, ${figures.acknowledged} acknowledged writes checked, ${figures.lost.length} lost; ${figures.inFlight} writes were in flight at the kills; stray temp files: ${readdirSync(dir).filter((f) => f.endsWith(".tmp")).length}`,
    );
    expect(figures.lost).toEqual([]);
  }, 120_000);
});
