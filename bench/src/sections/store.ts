/**
 * 7. Persisted store: what a state file costs (`cf-devices-mock --state`, a SQLite database
 * holding the seed's parameters plus the entities that differ from it).
 * - Single-entity writes (`store-child.ts write`): a PUT of a split tunnel list and a revoke, in
 *   one process against two persisted mocks, 100 and 100,000 devices, taking turns; each write
 *   committed before its answer. Goal: the 100,000-device median ≤ 2× the 100-device one, and
 *   under 10 ms.
 * - Open and first answer: `cf-devices-mock --state FILE` on a prepared 100,000-device state, from
 *   spawn to the first 200 answer to a device list (the request the mock section times);
 *   baseline the same server in memory (`--devices 100000`), in turns. Goal < 1 s.
 * - Memory: the server's RSS (`/proc/PID/status`, Linux) once it has answered that request and
 *   idled 300 ms. Goal: persisted ≤ in-memory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Config } from "../lib/config.ts";
import { freePort, send } from "../lib/http-load.ts";
import { BENCH_DIR, binPath, ROOT } from "../lib/paths.ts";
import { runNodeOk } from "../lib/processes.ts";
import { check, type Figure, type SectionResult } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const CHILD = fileURLToPath(new URL("./store-child.ts", import.meta.url));
const WRITE_RATIO_GOAL = 2;
const WRITE_MS_GOAL = 10;
const OPEN_MS_GOAL = 1000;

/**
 * Resident memory of a process in MB (Linux; NaN where /proc is missing): all of it, and the
 * part that is anonymous (heap, stacks, allocations) rather than mapped files such as Node's own
 * code.
 */
function residentMB(pid: number): { rss: number; anon: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1]);
    return { rss: kb("VmRSS") / 1024, anon: kb("RssAnon") / 1024 };
  } catch {
    return { rss: Number.NaN, anon: Number.NaN };
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts `cf-devices-mock` with `args`; times spawn → first 200 to the list; then its RSS. */
async function openAndAnswer(
  args: string[],
  accountId: string,
): Promise<{ ms: number; rssMB: number; anonMB: number }> {
  const port = await freePort();
  const bin = binPath("@cf-devices/mock", "cf-devices-mock");
  const url = new URL(
    `http://127.0.0.1:${port}/client/v4/accounts/${accountId}/devices/physical-devices?per_page=20`,
  );
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "--port", String(port), "--quiet", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  try {
    while (performance.now() - started < 120_000) {
      if (child.exitCode !== null) throw new Error(`cf-devices-mock exited early:\n${stderr}`);
      const { status } = await send({
        url,
        method: "GET",
        headers: { authorization: "Bearer bench-token" },
      });
      if (status === 200) {
        const ms = performance.now() - started;
        await sleep(300);
        const { rss, anon } = residentMB(child.pid!);
        return { ms, rssMB: rss, anonMB: anon };
      }
      // 0: not listening yet; 503: listening, still opening the state.
      if (status !== 0 && status !== 503)
        throw new Error(`cf-devices-mock answered ${status}:\n${stderr}`);
      await sleep(5);
    }
    throw new Error(`cf-devices-mock did not answer within 120 s:\n${stderr}`);
  } finally {
    await stop(child);
  }
}

interface WriteTimes {
  put: number[];
  revoke: number[];
  rows: number;
  bytes: number;
}

export async function storeSection(cfg: Config): Promise<SectionResult> {
  const { small, large, rounds, perRound, openRuns } = cfg.store;
  const scratch = join(cfg.scratch, "store");
  mkdirSync(scratch, { recursive: true });
  const n = (x: number) => x.toLocaleString("en-US");

  // Single-entity writes, both sizes in one process, in turns.
  const { stdout } = await runNodeOk(
    [CHILD, "write", scratch, String(small), String(large), String(rounds), String(perRound)],
    { cwd: BENCH_DIR, env: process.env, timeoutMs: 600_000 },
  );
  const writes = JSON.parse(stdout) as Record<string, WriteTimes>;
  const w = (size: number, op: "put" | "revoke") => median(writes[size]![op]);

  // A prepared large state: seed parameters plus a dozen changed entities.
  const file = join(scratch, `open-${large}.db`);
  const prepared = await runNodeOk([CHILD, "prepare", file, String(large)], {
    cwd: BENCH_DIR,
    env: process.env,
    timeoutMs: 600_000,
  });
  const { accountId } = JSON.parse(prepared.stdout) as { accountId: string };
  const persisted = { ms: [] as number[], rss: [] as number[], anon: [] as number[] };
  const memory = { ms: [] as number[], rss: [] as number[], anon: [] as number[] };
  for (let i = 0; i < openRuns; i++) {
    const p = await openAndAnswer(["--state", file], accountId);
    persisted.ms.push(p.ms);
    persisted.rss.push(p.rssMB);
    persisted.anon.push(p.anonMB);
    const m = await openAndAnswer(["--seed", "1", "--devices", String(large)], accountId);
    memory.ms.push(m.ms);
    memory.rss.push(m.rssMB);
    memory.anon.push(m.anonMB);
  }
  const openMs = median(persisted.ms);
  const memoryMs = median(memory.ms);
  const rssPersisted = median(persisted.rss);
  const rssMemory = median(memory.rss);

  const figures: Figure[] = [];
  for (const [op, label] of [
    ["put", "PUT split tunnel list"],
    ["revoke", "revoke/unrevoke a registration"],
  ] as const) {
    const a = w(small, op);
    const b = w(large, op);
    figures.push(
      {
        section: "store",
        name: `persisted write, ${label}, ${n(small)} devices`,
        value: round(a, 2),
        unit: "ms",
        checks: [],
      },
      {
        section: "store",
        name: `persisted write, ${label}, ${n(large)} devices`,
        value: round(b, 2),
        unit: "ms",
        ratio: round(b / a, 2),
        baseline: `${n(small)} devices`,
        checks: [
          check(b / a, "<=", WRITE_RATIO_GOAL, `≤ ${WRITE_RATIO_GOAL}× ${n(small)} devices`),
          check(b, "<", WRITE_MS_GOAL, `< ${WRITE_MS_GOAL} ms`),
        ],
      },
    );
  }
  figures.push(
    {
      section: "store",
      name: `in memory ${n(large)} devices: start + first list answer`,
      value: round(memoryMs, 0),
      unit: "ms",
      checks: [],
    },
    {
      section: "store",
      name: `open persisted ${n(large)} devices + first list answer`,
      value: round(openMs, 0),
      unit: "ms",
      ratio: round(openMs / memoryMs, 2),
      baseline: "in memory",
      checks: [check(openMs, "<", OPEN_MS_GOAL, `< ${OPEN_MS_GOAL} ms`)],
    },
    {
      section: "store",
      name: `RSS in memory, ${n(large)} devices`,
      value: round(rssMemory, 1),
      unit: "MB",
      checks: [],
    },
    {
      section: "store",
      name: `RSS persisted, ${n(large)} devices`,
      value: round(rssPersisted, 1),
      unit: "MB",
      ratio: round(rssPersisted / rssMemory, 2),
      baseline: "in memory",
      checks: [check(rssPersisted / rssMemory, "<=", 1, "≤ in memory")],
    },
    // Reported, not a goal: where a difference in RSS comes from (mapped code is SQLite's own,
    // part of the node binary, loaded once a state file is opened).
    {
      section: "store",
      name: `RSS anonymous (heap, allocations) in memory, ${n(large)} devices`,
      value: round(median(memory.anon), 1),
      unit: "MB",
      checks: [],
    },
    {
      section: "store",
      name: `RSS anonymous (heap, allocations) persisted, ${n(large)} devices`,
      value: round(median(persisted.anon), 1),
      unit: "MB",
      ratio: round(median(persisted.anon) / median(memory.anon), 3),
      baseline: "in memory",
      checks: [],
    },
  );
  return {
    data: {
      small,
      large,
      writes: Object.fromEntries(
        Object.entries(writes).map(([size, t]) => [
          size,
          {
            putMedianMs: round(median(t.put), 3),
            revokeMedianMs: round(median(t.revoke), 3),
            writes: t.put.length + t.revoke.length,
            storedRows: t.rows,
            databaseBytes: t.bytes,
          },
        ]),
      ),
      open: {
        persistedMs: persisted.ms.map((x) => round(x, 1)),
        inMemoryMs: memory.ms.map((x) => round(x, 1)),
        persistedRssMB: persisted.rss.map((x) => round(x, 1)),
        inMemoryRssMB: memory.rss.map((x) => round(x, 1)),
        persistedAnonMB: persisted.anon.map((x) => round(x, 1)),
        inMemoryAnonMB: memory.anon.map((x) => round(x, 1)),
        stateFileBytes: statSync(file).size,
      },
    },
    figures,
    panels: [
      {
        title: "Persisted store: one-entity write (median)",
        unit: "ms",
        bars: [
          { label: `PUT list, ${n(small)}`, value: round(w(small, "put"), 2), ours: true },
          { label: `PUT list, ${n(large)}`, value: round(w(large, "put"), 2), ours: true },
          { label: `revoke, ${n(small)}`, value: round(w(small, "revoke"), 2), ours: true },
          { label: `revoke, ${n(large)}`, value: round(w(large, "revoke"), 2), ours: true },
        ],
        goalLine: { value: WRITE_MS_GOAL, label: `${WRITE_MS_GOAL} ms` },
      },
      {
        title: `Opening ${n(large)} devices and answering a list`,
        unit: "ms",
        bars: [
          { label: "persisted (state file)", value: round(openMs, 0), ours: true },
          { label: "in memory (seeded)", value: round(memoryMs, 0), ours: false },
        ],
        goalLine: { value: OPEN_MS_GOAL, label: "1 s" },
        caption: `RSS ${round(rssPersisted, 1)} MB persisted vs ${round(rssMemory, 1)} MB in memory`,
      },
    ],
    notes: [
      `Store: ${rounds} rounds of ${perRound} writes per size and operation, sizes in turns in one process, each write committed (WAL, synchronous=FULL) before its answer; ${writes[large]!.rows} rows in the ${n(large)}-device database afterwards. Open: median of ${openRuns} start-ups per mode, in turns; RSS from /proc after the first answer and 300 ms idle.`,
    ],
  };
}
