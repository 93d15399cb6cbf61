/**
 * `pnpm bench`: measures the cf-devices packages against their baselines, prints a table of
 * every figure with its goal, and writes results/latest.json and results/latest.svg.
 *
 *   node bench/src/run.ts            # full run (a few minutes; build first: `pnpm bench` does)
 *   node bench/src/run.ts --smoke    # tiny counts, built-in tools only; what CI runs
 *
 * Options: --out DIR (default bench/results), --only size,overhead,… (a subset of sections:
 * size, overhead, startup, mock, scale, codegen, store),
 * --no-tools (never use hyperfine/wrk), --check (exit 1 when a goal is missed; never in --smoke,
 * whose tiny counts are noise). A section that breaks is reported and makes the run exit 1.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { renderChart } from "./lib/chart.ts";
import { type Config, config } from "./lib/config.ts";
import { wrkVersion } from "./lib/http-load.ts";
import { toolVersion } from "./lib/processes.ts";
import { formatTable, type SectionId, type SectionResult } from "./lib/report.ts";
import { round } from "./lib/stats.ts";
import { codegenSection } from "./sections/codegen.ts";
import { mockSection } from "./sections/mock.ts";
import { overheadSection } from "./sections/overhead.ts";
import { scaleSection } from "./sections/scale.ts";
import { sizeSection } from "./sections/size.ts";
import { startupSection } from "./sections/startup.ts";
import { storeSection } from "./sections/store.ts";

const SECTIONS: Record<SectionId, (cfg: Config) => Promise<SectionResult>> = {
  size: () => sizeSection(),
  overhead: overheadSection,
  startup: startupSection,
  mock: mockSection,
  scale: scaleSection,
  codegen: codegenSection,
  store: storeSection,
};

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    out: { type: "string" },
    only: { type: "string" },
    "no-tools": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const cfg = config({ smoke: values.smoke!, out: values.out, tools: !values["no-tools"] });
const only = values.only?.split(",").map((s) => s.trim()) as SectionId[] | undefined;
for (const id of only ?? []) {
  if (!(id in SECTIONS)) {
    console.error(`unknown section "${id}"; sections: ${Object.keys(SECTIONS).join(", ")}`);
    process.exit(2);
  }
}

rmSync(cfg.scratch, { recursive: true, force: true });
mkdirSync(cfg.scratch, { recursive: true });
mkdirSync(cfg.out, { recursive: true });

const started = performance.now();
const results: Partial<Record<SectionId, SectionResult & { seconds: number }>> = {};
const errors: Partial<Record<SectionId, string>> = {};
for (const [id, run] of Object.entries(SECTIONS) as [SectionId, (typeof SECTIONS)[SectionId]][]) {
  if (only && !only.includes(id)) continue;
  const t = performance.now();
  process.stderr.write(`==> ${id}\n`);
  try {
    const result = await run(cfg);
    results[id] = { ...result, seconds: round((performance.now() - t) / 1000, 1) };
  } catch (error) {
    errors[id] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${id} failed: ${errors[id]}\n`);
  }
}

const figures = Object.values(results).flatMap((r) => r.figures);
const checks = figures.flatMap((f) => f.checks);
const meta = {
  date: new Date().toISOString(),
  mode: cfg.smoke ? "smoke" : "full",
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGB: round(totalmem() / 1024 ** 3, 1),
  platform: `${process.platform} ${process.arch}`,
  tools: {
    hyperfine: cfg.useTools ? toolVersion("hyperfine") : null,
    wrk: cfg.useTools ? wrkVersion() : null,
  },
  seconds: round((performance.now() - started) / 1000, 1),
};
const report = {
  meta,
  goals: { total: checks.length, passed: checks.filter((c) => c.pass).length },
  figures,
  sections: Object.fromEntries(
    Object.entries(results).map(([id, r]) => [
      id,
      { seconds: r.seconds, notes: r.notes, ...r.data },
    ]),
  ),
  errors,
};
// Only a full run replaces the committed results; a run of some sections (--only), or a smoke
// run into the default folder, writes partial.* next to them, so latest.json always holds every
// section of one full run.
const base = only || (cfg.smoke && !values.out) ? "partial" : "latest";
writeFileSync(join(cfg.out, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(
  join(cfg.out, `${base}.svg`),
  renderChart(
    Object.values(results).flatMap((r) => r.panels),
    figures,
    { date: meta.date.slice(0, 10), node: meta.node, cores: meta.cores, mode: meta.mode },
  ),
);

const out = [
  "",
  `cf-devices benchmarks (${meta.mode}): Node ${meta.node}, ${meta.cores} cores (${meta.cpu}), ${meta.date}`,
  "",
  formatTable(figures),
  ...Object.values(results).flatMap((r) => r.notes.map((n) => `- ${n}`)),
  "",
  `goals: ${report.goals.passed} of ${report.goals.total} met${cfg.smoke ? " (smoke run: tiny counts, goals not enforced)" : ""}`,
  `wrote ${join(cfg.out, `${base}.json`)} and ${base}.svg in ${meta.seconds} s`,
  "",
];
process.stdout.write(out.join("\n"));

if (Object.keys(errors).length > 0) {
  console.error(`broken sections: ${Object.keys(errors).join(", ")}`);
  process.exitCode = 1;
} else if (values.check && !cfg.smoke && report.goals.passed < report.goals.total) {
  process.exitCode = 1;
}
