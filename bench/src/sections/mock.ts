/**
 * 4. Mock throughput, latency and start-up: our mock (`cf-devices-mock`) against Prism serving
 * the same spec on 127.0.0.1, in its two modes:
 * - dynamic (`prism mock -d`): generates a fresh answer from the schema for every request, as our
 *   mock builds one from its store. This is the baseline the goals are measured against; it is
 *   also the mode that matches the description of Prism (~280 req/s, ~50 ms median).
 * - static (`prism mock`): sends the same example every time. Reported for comparison, no goal.
 * All get a bearer token (Prism answers 401 without one) and real paths, and all must answer 200
 * before anything is measured. Load: a list (GET physical devices) and a write (PUT the split tunnel exclude list)
 * at several concurrencies, servers in turns, wrk when installed, else Node's HTTP client; each
 * run is bounded in time and in requests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../lib/config.ts";
import {
  freePort,
  type LoadResult,
  runNodeLoad,
  runWrk,
  send,
  type Target,
  wrkVersion,
} from "../lib/http-load.ts";
import { binPath, FIXTURES, ROOT } from "../lib/paths.ts";
import { check, type Figure, type SectionResult } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const TOKEN = "bench-token";
const SPLIT_TUNNEL = JSON.stringify([
  { address: "10.20.0.0/16", description: "Lab network" },
  { address: "192.168.0.0/16", description: "Home networks" },
]);
const RPS_GOAL = 30;
/** The concurrency of the goals; the ceiling server is measured there and at one connection. */
const CEILING_CONCURRENCY = 10;
/** Ours at `CEILING_CONCURRENCY` reaches at least this share of the ceiling server's requests/s. */
const CEILING_GOAL = 0.6;
const STARTUP_GOAL = 20;
const P99_GOAL_MS = 5;

interface Server {
  name: "ours" | "Prism" | "Prism static" | "ceiling";
  /** Arguments after `node` that start it on `port`. */
  args(port: number): string[];
  /** What comes before `/accounts/…` in its URLs. */
  prefix: string;
}

type Op = "list" | "write";

function target(server: Server, port: number, accountId: string, op: Op): Target {
  const base = `http://127.0.0.1:${port}${server.prefix}/accounts/${accountId}/devices`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  return op === "list"
    ? { url: new URL(`${base}/physical-devices`), method: "GET", headers }
    : {
        url: new URL(`${base}/policy/exclude`),
        method: "PUT",
        headers: { ...headers, "Content-Type": "application/json" },
        body: SPLIT_TUNNEL,
      };
}

/** Pauses or resumes processes (POSIX job control); where signals are missing, does nothing. */
function pause(children: ChildProcess[], signal: "SIGSTOP" | "SIGCONT"): void {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      child.kill(signal);
    } catch {
      // not supported here: the servers simply keep running side by side
    }
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

/** Starts a server and times spawn → first 200 answer to the list request. */
async function start(
  server: Server,
  accountId: string,
): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const port = await freePort();
  const probe = target(server, port, accountId, "list");
  const started = performance.now();
  const child = spawn(process.execPath, server.args(port), {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  while (performance.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`${server.name} exited early:\n${stderr}`);
    const { status } = await send(probe);
    if (status === 200) return { child, port, ms: performance.now() - started };
    if (status !== 0) {
      await stop(child);
      throw new Error(`${server.name} answered ${status} to GET ${probe.url.pathname}`);
    }
    await sleep(5);
  }
  await stop(child);
  throw new Error(`${server.name} did not answer within 60 s:\n${stderr}`);
}

export async function mockSection(cfg: Config): Promise<SectionResult> {
  const scratch = join(cfg.scratch, "mock");
  mkdirSync(scratch, { recursive: true });
  const servers: Server[] = [
    {
      name: "ours",
      args: (port) => [
        binPath("@cf-devices/mock", "cf-devices-mock"),
        ...["--port", String(port), "--host", "127.0.0.1", "--quiet"],
      ],
      prefix: "/client/v4",
    },
    {
      name: "Prism",
      args: (port) => [
        binPath("@stoplight/prism-cli", "prism"),
        ...[
          "mock",
          "-d",
          join(ROOT, "spec", "openapi.yaml"),
          "-p",
          String(port),
          "-h",
          "127.0.0.1",
        ],
      ],
      prefix: "",
    },
    {
      name: "Prism static",
      args: (port) => [
        binPath("@stoplight/prism-cli", "prism"),
        ...["mock", join(ROOT, "spec", "openapi.yaml"), "-p", String(port), "-h", "127.0.0.1"],
      ],
      prefix: "",
    },
  ];
  // The account the standalone mock seeds by default (seed 1, 50 devices); Prism takes any id.
  const { createMock } = await import("@cf-devices/mock");
  const accountId = createMock({ seed: 1, devices: 50 }).accountId;

  // Start-up to the first served request, servers in turns.
  // Prism starts the same way in both modes: its start-up is timed once, in dynamic mode.
  const startupMs: Record<string, number[]> = { ours: [], Prism: [] };
  for (let i = 0; i < cfg.mock.startupRuns; i++) {
    for (const server of servers.filter((s) => s.name in startupMs)) {
      const { child, ms } = await start(server, accountId);
      startupMs[server.name]!.push(ms);
      await stop(child);
    }
  }

  const wrk = cfg.useTools ? wrkVersion() : null;
  const notes: string[] = [];
  if (cfg.useTools && !wrk) {
    notes.push("wrk is not installed (run bench/setup.sh): load generated with node:http.");
  }
  const running = await Promise.all(servers.map((s) => start(s, accountId)));
  const loads: Record<string, LoadResult[]> = {};
  const record = (key: string, result: LoadResult) => {
    loads[key] = [...(loads[key] ?? []), result];
  };
  let ceiling: Awaited<ReturnType<typeof start>> | undefined;
  try {
    // Calibration: a bare node:http server answering with our mock's exact answers (the list
    // for a GET, the write's echo for the PUT, once its body is read).
    const listBody = join(scratch, "list-answer.json");
    const writeBody = join(scratch, "write-answer.json");
    writeFileSync(
      listBody,
      (await send(target(servers[0]!, running[0]!.port, accountId, "list"))).body,
    );
    writeFileSync(
      writeBody,
      (await send(target(servers[0]!, running[0]!.port, accountId, "write"))).body,
    );
    const ceilingServer: Server = {
      name: "ceiling",
      args: (port) => [join(FIXTURES, "http-ceiling.mjs"), String(port), listBody, writeBody],
      prefix: "",
    };
    ceiling = await start(ceilingServer, accountId);
    const ops: Op[] = ["list", "write"];
    // Both must answer 200 to both operations, then a warm-up.
    for (const [i, server] of servers.entries()) {
      for (const op of ops) {
        const t = target(server, running[i]!.port, accountId, op);
        const { status, body } = await send(t);
        if (status !== 200) {
          throw new Error(`${server.name} answered ${status} to ${t.method} ${t.url}: ${body}`);
        }
        await runNodeLoad(t, { concurrency: 4, seconds: 2, maxRequests: cfg.smoke ? 20 : 300 });
      }
    }
    // Each load run has the machine to itself: the other servers are paused (SIGSTOP) for its
    // duration, so their timers and GC do not land in its tail latency.
    const everyone = [...running.map((r) => r.child), ceiling.child];
    const load = async (server: Server, port: number, child: ChildProcess, op: Op, c: number) => {
      const t = target(server, port, accountId, op);
      const options = {
        concurrency: c,
        seconds: cfg.mock.seconds,
        maxRequests: cfg.mock.maxRequests,
      };
      pause(
        everyone.filter((other) => other !== child),
        "SIGSTOP",
      );
      try {
        return wrk ? runWrk(t, { ...options, scratch }) : await runNodeLoad(t, options);
      } finally {
        pause(everyone, "SIGCONT");
      }
    };
    for (let rep = 0; rep < cfg.mock.reps; rep++) {
      for (const op of ops) {
        for (const concurrency of cfg.mock.concurrency) {
          for (const [i, server] of servers.entries()) {
            const { port, child } = running[i]!;
            record(
              `${server.name} ${op} c=${concurrency}`,
              await load(server, port, child, op, concurrency),
            );
          }
          if (concurrency === CEILING_CONCURRENCY || concurrency === 1) {
            record(
              `ceiling ${op} c=${concurrency}`,
              await load(ceilingServer, ceiling.port, ceiling.child, op, concurrency),
            );
          }
        }
      }
    }
  } finally {
    await Promise.all([...running, ...(ceiling ? [ceiling] : [])].map((r) => stop(r.child)));
  }

  const summary = Object.fromEntries(
    Object.entries(loads).map(([key, runs]) => [
      key,
      {
        requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
        p50Ms: round(median(runs.map((r) => r.latencyMs.p50)), 3),
        p99Ms: round(median(runs.map((r) => r.latencyMs.p99)), 3),
        requests: runs.reduce((a, r) => a + r.requests, 0),
        errors: runs.reduce((a, r) => a + r.errors, 0),
        runs,
      },
    ]),
  );
  for (const [key, s] of Object.entries(summary)) {
    if (s.errors > 0)
      notes.push(`${key}: ${s.errors} of ${s.requests} requests failed or were not 2xx.`);
  }

  const figures: Figure[] = [];
  const startOurs = median(startupMs.ours!);
  const startPrism = median(startupMs.Prism!);
  figures.push(
    {
      section: "mock",
      name: "ours: start-up to first served request",
      value: round(startOurs, 1),
      unit: "ms",
      ratio: round(startPrism / startOurs, 1),
      baseline: "faster than Prism",
      checks: [
        check(startPrism / startOurs, ">=", STARTUP_GOAL, `≥ ${STARTUP_GOAL}× faster than Prism`),
      ],
    },
    {
      section: "mock",
      name: "Prism: start-up to first served request",
      value: round(startPrism, 1),
      unit: "ms",
      checks: [],
    },
  );
  for (const op of ["list", "write"] as const) {
    for (const c of cfg.mock.concurrency) {
      const ours = summary[`ours ${op} c=${c}`]!;
      const prism = summary[`Prism ${op} c=${c}`]!;
      const prismStatic = summary[`Prism static ${op} c=${c}`]!;
      const ratio = (s: { requestsPerSecond: number }) =>
        round(ours.requestsPerSecond / Math.max(1, s.requestsPerSecond), 1);
      const what = op === "list" ? "GET physical-devices" : "PUT split tunnel list";
      const latency = (s: { p50Ms: number; p99Ms: number }) =>
        `(p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms)`;
      const checks =
        c === CEILING_CONCURRENCY
          ? [
              check(ratio(prism), ">=", RPS_GOAL, `≥ ${RPS_GOAL}× Prism`),
              check(ours.p99Ms, "<", P99_GOAL_MS, `p99 < ${P99_GOAL_MS} ms`),
            ]
          : [check(ratio(prism), ">=", RPS_GOAL, `≥ ${RPS_GOAL}× Prism`)];
      figures.push(
        {
          section: "mock",
          name: `ours: ${what}, c=${c} ${latency(ours)}`,
          value: ours.requestsPerSecond,
          unit: "req/s",
          ratio: ratio(prism),
          baseline: "Prism -d",
          checks,
        },
        {
          section: "mock",
          name: `Prism -d: ${what}, c=${c} ${latency(prism)}`,
          value: prism.requestsPerSecond,
          unit: "req/s",
          checks: [],
        },
        {
          section: "mock",
          name: `Prism static: ${what}, c=${c} ${latency(prismStatic)} (ours ${ratio(prismStatic)}×)`,
          value: prismStatic.requestsPerSecond,
          unit: "req/s",
          checks: [],
        },
      );
    }
  }

  // Ours against the ceiling: what the mock's work (and node:http's) leaves of a bare server.
  for (const op of ["list", "write"] as const) {
    for (const c of [1, CEILING_CONCURRENCY]) {
      const ours = summary[`ours ${op} c=${c}`];
      const bare = summary[`ceiling ${op} c=${c}`];
      if (!ours || !bare) continue;
      const share = ours.requestsPerSecond / Math.max(1, bare.requestsPerSecond);
      const what = op === "list" ? "GET physical-devices" : "PUT split tunnel list";
      figures.push({
        section: "mock",
        name: `ours vs bare node:http (same bytes): ${what}, c=${c} (ceiling ${bare.requestsPerSecond.toLocaleString("en-US")} req/s, p50 ${bare.p50Ms} ms, p99 ${bare.p99Ms} ms)`,
        value: round(share * 100, 1),
        unit: "% of ceiling",
        checks:
          c === CEILING_CONCURRENCY
            ? [check(share, ">=", CEILING_GOAL, `≥ ${CEILING_GOAL * 100} % of the ceiling`)]
            : [],
      });
    }
  }

  const top = summary[`ceiling list c=${CEILING_CONCURRENCY}`]!;
  const prismAtCeiling = summary[`Prism list c=${CEILING_CONCURRENCY}`]!.requestsPerSecond;
  const ceilingRatio = top.requestsPerSecond / Math.max(1, prismAtCeiling);
  figures.push({
    section: "mock",
    name: `reference: bare node:http, same list answer, c=${CEILING_CONCURRENCY} (p50 ${top.p50Ms} ms, p99 ${top.p99Ms} ms)`,
    value: top.requestsPerSecond,
    unit: "req/s",
    ratio: round(ceilingRatio, 1),
    baseline: "Prism -d",
    checks: [],
  });
  if (wrk && ceilingRatio < RPS_GOAL) {
    notes.push(
      `A bare node:http server sending the same bytes reaches ${top.requestsPerSecond.toLocaleString("en-US")} req/s here, ${round(ceilingRatio, 1)}× Prism: the ${RPS_GOAL}× goal is above what any Node HTTP server reaches on this machine (${availableParallelism()} cores, shared with wrk).`,
    );
  }

  const c10 = (name: string, op: string) => summary[`${name} ${op} c=10`]?.requestsPerSecond ?? 0;
  return {
    data: {
      tool: wrk ? `${wrk} (-t1, Lua script for method/body and the request cap)` : "node:http",
      secondsPerRun: cfg.mock.seconds,
      maxRequestsPerRun: cfg.mock.maxRequests,
      reps: cfg.mock.reps,
      startupToFirstRequestMs: {
        ours: { median: round(startOurs, 1), runs: startupMs.ours!.map((x) => round(x, 1)) },
        Prism: { median: round(startPrism, 1), runs: startupMs.Prism!.map((x) => round(x, 1)) },
      },
      load: summary,
    },
    figures,
    panels: [
      {
        title: "Mock throughput at 10 connections",
        unit: "req/s",
        bars: [
          { label: "ours: GET physical-devices", value: c10("ours", "list"), ours: true },
          { label: "Prism -d: GET physical-devices", value: c10("Prism", "list"), ours: false },
          {
            label: "Prism static: GET physical-devices",
            value: c10("Prism static", "list"),
            ours: false,
          },
          { label: "ours: PUT split tunnel list", value: c10("ours", "write"), ours: true },
          { label: "Prism -d: PUT split tunnel list", value: c10("Prism", "write"), ours: false },
          { label: "bare node:http (ceiling), GET", value: c10("ceiling", "list"), ours: false },
          { label: "bare node:http (ceiling), PUT", value: c10("ceiling", "write"), ours: false },
        ],
      },
      {
        title: "Mock start-up to first served request",
        unit: "ms",
        bars: [
          { label: "ours (cf-devices-mock)", value: round(startOurs, 1), ours: true },
          { label: "Prism (prism mock -d)", value: round(startPrism, 1), ours: false },
        ],
      },
    ],
    notes: [
      `Mock load: ${wrk ? "wrk" : "node:http"}, ${cfg.mock.reps} run(s) of ≤ ${cfg.mock.seconds} s and ≤ ${cfg.mock.maxRequests.toLocaleString("en-US")} requests per server, operation and concurrency, servers in turns on 127.0.0.1, each alone (the others paused); start-up median of ${cfg.mock.startupRuns}.`,
      ...notes,
    ],
  };
}
