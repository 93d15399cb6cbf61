/**
 * 5. Scale: walk 100,000 devices through the cursor with our client against our mock
 * (in-process fetch, per_page 1000), in a fresh process per run (`scale-child.ts`). Time, peak
 * RSS, and RSS and live heap at the start, middle and end of the walk: memory must stay flat,
 * i.e. not grow over the second half of the walk (RSS) nor over the whole walk (live heap).
 */
import { fileURLToPath } from "node:url";
import type { Config } from "../lib/config.ts";
import { BENCH_DIR } from "../lib/paths.ts";
import { runNodeOk } from "../lib/processes.ts";
import { check, type Figure, type SectionResult } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const CHILD = fileURLToPath(new URL("./scale-child.ts", import.meta.url));
const FLAT = 1.1;

interface Sample {
  rssMB: number;
  liveHeapMB: number;
}
interface Run {
  devices: number;
  pages: number;
  seedMs: number;
  walkMs: number;
  peakRssMB: number;
  memory: { start: Sample; middle: Sample; end: Sample };
}

export async function scaleSection(cfg: Config): Promise<SectionResult> {
  const { devices, perPage } = cfg.scale;
  const runs: Run[] = [];
  for (let i = 0; i < cfg.scale.runs; i++) {
    const { stdout } = await runNodeOk(["--expose-gc", CHILD, String(devices), String(perPage)], {
      cwd: BENCH_DIR,
      env: process.env,
      timeoutMs: 300_000,
    });
    runs.push(JSON.parse(stdout) as Run);
  }
  const med = (pick: (r: Run) => number) => median(runs.map(pick));
  const rss = {
    start: med((r) => r.memory.start.rssMB),
    middle: med((r) => r.memory.middle.rssMB),
    end: med((r) => r.memory.end.rssMB),
  };
  const heap = {
    start: med((r) => r.memory.start.liveHeapMB),
    middle: med((r) => r.memory.middle.liveHeapMB),
    end: med((r) => r.memory.end.liveHeapMB),
  };
  const walkMs = med((r) => r.walkMs);
  const n = devices.toLocaleString("en-US");
  const figures: Figure[] = [
    {
      section: "scale",
      name: `walk ${n} devices (per_page ${perPage}), time`,
      value: round(walkMs, 0),
      unit: "ms",
      checks: [],
    },
    {
      section: "scale",
      name: `walk ${n} devices, throughput`,
      value: Math.round(devices / (walkMs / 1000)),
      unit: "devices/s",
      checks: [],
    },
    {
      section: "scale",
      name: `seed ${n} devices in the mock`,
      value: round(
        med((r) => r.seedMs),
        0,
      ),
      unit: "ms",
      checks: [],
    },
    {
      section: "scale",
      name: "peak RSS (whole process, mock included)",
      value: round(
        med((r) => r.peakRssMB),
        1,
      ),
      unit: "MB",
      checks: [],
    },
    ...(["start", "middle", "end"] as const).map(
      (at): Figure => ({
        section: "scale",
        name: `RSS at ${at} of walk`,
        value: round(rss[at], 1),
        unit: "MB",
        ...(at === "end" ? { ratio: round(rss.end / rss.middle, 2), baseline: "middle" } : {}),
        checks:
          at === "end" ? [check(rss.end / rss.middle, "<=", FLAT, `flat: ≤ ${FLAT}× middle`)] : [],
      }),
    ),
    {
      section: "scale",
      name: "live heap at end of walk (after GC)",
      value: round(heap.end, 1),
      unit: "MB",
      ratio: round(heap.end / heap.start, 2),
      baseline: "start",
      checks: [check(heap.end / heap.start, "<=", FLAT, `flat: ≤ ${FLAT}× start`)],
    },
  ];
  return {
    data: {
      devices,
      perPage,
      runs: runs.length,
      walkMs: round(walkMs, 1),
      rssMB: { start: round(rss.start, 1), middle: round(rss.middle, 1), end: round(rss.end, 1) },
      liveHeapMB: {
        start: round(heap.start, 1),
        middle: round(heap.middle, 1),
        end: round(heap.end, 1),
      },
      each: runs,
    },
    figures,
    panels: [
      {
        title: `Walking ${n} devices: memory during the walk`,
        unit: "MB",
        bars: [
          { label: "RSS at start", value: round(rss.start, 1), ours: true },
          { label: "RSS at middle", value: round(rss.middle, 1), ours: true },
          { label: "RSS at end", value: round(rss.end, 1), ours: true },
          { label: "live heap at start", value: round(heap.start, 1), ours: false },
          { label: "live heap at end", value: round(heap.end, 1), ours: false },
        ],
        caption: `${round(walkMs / 1000, 2)} s for ${n} devices, ${Math.ceil(devices / perPage)} pages`,
      },
    ],
    notes: [
      `Scale: median of ${runs.length} fresh process(es); the mock holds all ${n} devices in the same process, so RSS includes it; the live heap is measured after a forced GC (GC time is not counted in the walk).`,
    ],
  };
}
