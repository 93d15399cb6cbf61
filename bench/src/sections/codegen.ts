/**
 * 6. Codegen: wall time of `pnpm generate` (`node scripts/generate.ts`) on the whole spec, run in
 * a scratch copy of the generator and the spec so the working tree is never written to. Each run
 * starts without generated files, so it writes every one of them (the slowest case).
 */
import { cpSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../lib/config.ts";
import { ROOT } from "../lib/paths.ts";
import { runNodeOk } from "../lib/processes.ts";
import { check, type SectionResult } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const GOAL_MS = 2000;

export async function codegenSection(cfg: Config): Promise<SectionResult> {
  const sandbox = join(cfg.scratch, "codegen");
  rmSync(sandbox, { recursive: true, force: true });
  mkdirSync(sandbox, { recursive: true });
  // The generator and the spec, without tests or their fixtures; dependencies by symlink.
  cpSync(join(ROOT, "scripts"), join(sandbox, "scripts"), {
    recursive: true,
    filter: (src) => !src.endsWith(".test.ts") && !src.includes(`${join("scripts", "fixtures")}`),
  });
  cpSync(join(ROOT, "spec"), join(sandbox, "spec"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(sandbox, "node_modules"), "dir");

  const times: number[] = [];
  let files = 0;
  try {
    for (let i = 0; i < cfg.codegen.runs; i++) {
      rmSync(join(sandbox, "packages"), { recursive: true, force: true });
      const { ms, stdout } = await runNodeOk([join(sandbox, "scripts", "generate.ts")], {
        cwd: sandbox,
        env: process.env,
        timeoutMs: 120_000,
      });
      files = Number(/generate: (\d+) files \((\d+) written/.exec(stdout)?.[2] ?? Number.NaN);
      if (!(files > 0)) throw new Error(`generate wrote no files:\n${stdout}`);
      times.push(ms);
    }
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
  const ms = median(times);
  return {
    data: {
      command: "node scripts/generate.ts",
      filesWritten: files,
      runs: times.length,
      wallMs: { median: round(ms, 1), runs: times.map((t) => round(t, 1)) },
    },
    figures: [
      {
        section: "codegen",
        name: `pnpm generate (whole spec, ${files} files written)`,
        value: round(ms, 0),
        unit: "ms",
        checks: [check(ms, "<=", GOAL_MS, "≤ 2 s")],
      },
    ],
    panels: [
      {
        title: "Codegen: pnpm generate, whole spec",
        unit: "ms",
        bars: [{ label: "node scripts/generate.ts", value: round(ms, 0), ours: true }],
        goalLine: { value: GOAL_MS, label: "goal 2 s" },
      },
    ],
    notes: [
      `Codegen: median of ${times.length} run(s) in a scratch copy of scripts/ and spec/ (the working tree is not written); every run writes all files.`,
    ],
  };
}
