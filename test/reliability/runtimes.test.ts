/**
 * The runtime matrix (see `scripts/runtimes/matrix.ts`): the client's smoke test on Node 20, 22
 * and 24, Bun, Deno, workerd and headless Chromium, and the mock's Worker build under workerd.
 * Runtimes are installed from the registries on first use and cached; Chromium must be installed
 * (`bash scripts/dev.sh test` does it). Each runtime is its own check: a missing Chromium or a
 * failed download fails that row, with the command to run, and the other rows still run.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Matrix, prepareMatrix, RUNTIMES, runRuntime } from "../../scripts/runtimes/matrix.ts";

let matrix: Matrix;

beforeAll(async () => {
  matrix = await prepareMatrix((line) => console.log(`runtimes: ${line}`));
}, 600_000);

describe("the client on every runtime it claims", () => {
  it.each(RUNTIMES)(
    "%s",
    async (name) => {
      const result = await runRuntime(matrix, name);
      const failed = result.checks
        .filter((c) => !c.ok)
        .map((c) => `[${c.target}] ${c.name}: ${c.error}`);
      console.log(
        `runtimes: ${name} ${result.version}: ${result.checks.length - failed.length}/${result.checks.length} checks in ${result.ms} ms`,
      );
      expect(result.error).toBeUndefined();
      expect(failed).toEqual([]);
      expect(result.checks.length).toBeGreaterThanOrEqual(10);
      expect(result.ok).toBe(true);
    },
    120_000,
  );
});
