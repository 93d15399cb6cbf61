/**
 * Keeps the benchmark from rotting: runs `node bench/src/run.ts --smoke` (tiny counts, built-in
 * load generator and spawn loop, no wrk/hyperfine needed) and checks that every section produced
 * numeric figures. Goals are not enforced here: at these counts the numbers are noise.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Figure, SectionId } from "./lib/report.ts";

const RUN = fileURLToPath(new URL("./run.ts", import.meta.url));
const SECTIONS: SectionId[] = ["size", "overhead", "startup", "mock", "scale", "codegen", "store"];
const out = mkdtempSync(join(tmpdir(), "cf-devices-bench-"));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("bench --smoke", () => {
  it("measures every section and writes the JSON and the chart", { timeout: 180_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [RUN, "--smoke", "--out", out], {
      timeout: 170_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bench --smoke failed: ${error.message}\n${error.stderr ?? ""}`);
    });
    expect(stdout).toContain("goals:");

    const report = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as {
      meta: { cores: number; node: string; date: string; mode: string };
      goals: { total: number; passed: number };
      figures: Figure[];
      sections: Record<string, Record<string, unknown>>;
      errors: Record<string, string>;
    };
    expect(report.errors).toEqual({});
    expect(report.meta).toMatchObject({
      cores: availableParallelism(),
      node: process.version,
      mode: "smoke",
    });
    expect(Number.isNaN(Date.parse(report.meta.date))).toBe(false);
    expect(report.goals.total).toBeGreaterThanOrEqual(10);

    for (const id of SECTIONS) {
      expect(report.sections[id], id).toBeTypeOf("object");
      const figures = report.figures.filter((f) => f.section === id);
      expect(figures.length, id).toBeGreaterThan(0);
      for (const f of figures) {
        expect(Number.isFinite(f.value), `${f.name} = ${f.value}`).toBe(true);
        if (f.ratio !== undefined) expect(Number.isFinite(f.ratio), f.name).toBe(true);
        for (const c of f.checks) expect(c.pass).toBeTypeOf("boolean");
      }
    }
    // Every goal of the issue has a figure.
    const goals = report.figures.flatMap((f) => f.checks.map((c) => `${f.section} ${c.goal}`));
    for (const goal of [
      "size ≤ 4 kB",
      "size ≤ 1.5× openapi-fetch",
      "overhead ≤ 1.05× openapi-fetch",
      "startup ≤ 1.5× node -e 0",
      "startup ≤ 1.3× new Request",
      "startup ≤ 1.2× openapi-fetch",
      "mock ≥ 30× Prism",
      "mock ≥ 20× faster than Prism",
      "codegen ≤ 2 s",
      "store ≤ 2× 100 devices",
      "store < 10 ms",
      "store < 1000 ms",
      "store ≤ in memory",
    ]) {
      expect(goals).toContain(goal);
    }

    const svg = readFileSync(join(out, "latest.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("</svg>");
  });
});
