/**
 * Property-based fuzzing of every operation of the mock (see `_fuzz.ts` for what is generated
 * and checked). A few hundred cases here; `pnpm fuzz` runs 10,000.
 */
import { createMock } from "@cf-devices/mock";
import { describe, expect, it } from "vitest";
import { serve } from "../../packages/mock/src/node.js";
import { operationCount, runFuzz } from "./_fuzz.ts";

const runs = Number(process.env.CF_DEVICES_FUZZ_RUNS ?? 400);

describe("fuzzing the mock", () => {
  it(`answers ${runs} generated requests within the spec and keeps its state valid`, async () => {
    const summary = await runFuzz({ createMock, serve }, { runs, seed: 20260101 });
    console.log(
      `fuzz: ${summary.cases} cases in ${summary.durationMs} ms, seed ${summary.seed}; by status ${JSON.stringify(summary.byStatus)}; by mutation ${JSON.stringify(summary.byMutation)}`,
    );
    expect(summary.failures, JSON.stringify(summary.failures, null, 2)).toEqual([]);
    expect(summary.cases).toBe(runs);
    expect(summary.operationsCovered).toBe(operationCount);
  }, 120_000);
});
