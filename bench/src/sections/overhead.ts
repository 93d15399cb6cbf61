/**
 * 2. Client overhead: "list physical devices" against one in-process handler (no sockets)
 * through raw fetch, raw openapi-fetch, our client and the official SDK. Runs in child processes
 * (`overhead-child.ts`); the ways take turns in small batches, and a way's ratio to openapi-fetch
 * is the median of batch-by-batch ratios, which cancels out slow changes in machine load.
 */
import { fileURLToPath } from "node:url";
import type { Config } from "../lib/config.ts";
import { BENCH_DIR } from "../lib/paths.ts";
import { runNodeOk } from "../lib/processes.ts";
import { check, type Figure, type SectionResult } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const CHILD = fileURLToPath(new URL("./overhead-child.ts", import.meta.url));
const BASELINE = "raw openapi-fetch";
const GOAL = 1.05;

export async function overheadSection(cfg: Config): Promise<SectionResult> {
  const { requests, batch, runs } = cfg.overhead;
  const batches: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    const { stdout } = await runNodeOk([CHILD, String(requests), String(batch)], {
      cwd: BENCH_DIR,
      env: process.env,
      timeoutMs: 300_000,
    });
    const result = JSON.parse(stdout) as { msPerCallByBatch: Record<string, number[]> };
    for (const [name, xs] of Object.entries(result.msPerCallByBatch)) {
      batches[name] = [...(batches[name] ?? []), ...xs];
    }
  }
  const raw = batches[BASELINE]!;
  const ways = Object.keys(batches);
  const perCallUs = (name: string) => median(batches[name]!) * 1000;
  const ratio = (name: string) => median(batches[name]!.map((x, i) => x / raw[i]!));
  const figures: Figure[] = ways.map((name) => ({
    section: "overhead",
    name: `${name}, per call`,
    value: round(perCallUs(name), 1),
    unit: "µs",
    ...(name === BASELINE ? {} : { ratio: round(ratio(name), 3), baseline: "openapi-fetch" }),
    checks: name.startsWith("ours")
      ? [check(ratio(name), "<=", GOAL, `≤ ${GOAL}× openapi-fetch`)]
      : [],
  }));
  return {
    data: {
      requestsPerWayPerRun: requests,
      batch,
      runs,
      handler:
        "one JSON page of 10 devices; fetch = (input, init) => handler(new Request(input, init))",
      ways: Object.fromEntries(
        ways.map((name) => [
          name,
          {
            usPerCall: round(perCallUs(name), 2),
            ratioToOpenapiFetch: round(ratio(name), 3),
            batches: batches[name]!.length,
          },
        ]),
      ),
    },
    figures,
    panels: [
      {
        title: "Client overhead per call (in-process handler)",
        unit: "µs",
        bars: ways.map((name) => ({
          label: name,
          value: round(perCallUs(name), 1),
          ours: name.startsWith("ours"),
        })),
      },
    ],
    notes: [
      `Overhead: ${requests.toLocaleString("en-US")} calls per way per run, ${runs} run(s), in turns of ${batch}; ratio = median of batch ratios to openapi-fetch. Clients run with their defaults (ours: 2 retries, 60 s timeout).`,
    ],
  };
}
