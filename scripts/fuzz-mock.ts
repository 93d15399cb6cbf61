/**
 * The long fuzz run of the mock: `pnpm fuzz` (10,000 cases), or
 *
 *   node scripts/fuzz-mock.ts --runs 10000 [--seed 42] [--devices 40]
 *
 * Generates requests for every operation from the spec (valid ones, and ones broken one way at a
 * time), sends them to the built mock (`packages/mock/dist`, so run `pnpm build` first) over a
 * loopback port and in-process, and checks every answer and the state after it (see
 * `test/reliability/_fuzz.ts`). Prints the cases run, the outcomes by status and by mutation,
 * and the duration; exits 1 on any failure, with the seed to replay it.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createMock } from "@cf-devices/mock";
import { serve } from "@cf-devices/mock/node";
import { runFuzz } from "../test/reliability/_fuzz.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    seed: { type: "string" },
    devices: { type: "string", default: "40" },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer`);

// The run uses the built package: refuse a build older than the sources it came from.
const newest = (dir: URL): number =>
  Math.max(
    0,
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
const mockDir = new URL("../packages/mock/", import.meta.url);
if (newest(new URL("src/", mockDir)) > newest(new URL("dist/", mockDir))) {
  console.error("fuzz: packages/mock/dist is older than its sources; run `pnpm build` first");
  process.exit(1);
}

let crashed: unknown;
process.on("uncaughtException", (error) => {
  crashed = error;
  console.error("fuzz: uncaught exception", error);
});
process.on("unhandledRejection", (error) => {
  crashed = error;
  console.error("fuzz: unhandled rejection", error);
});

console.log(`fuzz: ${runs} cases against the mock, seed ${seed}`);
const summary = await runFuzz(
  { createMock, serve },
  {
    runs,
    seed,
    devices: Number(values.devices),
    progressEvery: Math.max(1000, Math.round(runs / 10)),
    onProgress: (done) => console.log(`  ${done} cases…`),
  },
);

const sorted = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
console.log(`cases run:       ${summary.cases}`);
console.log(`operations:      ${summary.operationsCovered}`);
console.log(`by status:       ${sorted(summary.byStatus)}`);
console.log(`by mutation:     ${sorted(summary.byMutation)}`);
console.log(`by transport:    ${sorted(summary.byVia)}`);
console.log(`duration:        ${(summary.durationMs / 1000).toFixed(1)} s`);
console.log(
  `failures:        ${summary.failures.length}${summary.failures.length ? ` (replay with --seed ${summary.seed} --runs ${runs})` : ""}`,
);
for (const failure of summary.failures) console.log(JSON.stringify(failure, null, 2));
if (summary.failures.length > 0 || crashed) process.exit(1);
