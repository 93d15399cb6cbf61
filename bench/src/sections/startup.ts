/**
 * 3. Start-up, each command in its own process: wall time (hyperfine when installed, else a
 * spawn loop) and peak RSS (a preloaded reporter), medians of N runs.
 *
 * - import + construct: our client vs openapi-fetch vs the official SDK.
 * - `cf-devices --version` vs `node -e 0` (Node's own start-up).
 * - `cf-devices devices list --mock --json` (embedded mock, prepared state file) vs
 *   `node -e "new Request('http://x')"` (Node plus loading its fetch).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../lib/config.ts";
import { binPath, FIXTURES } from "../lib/paths.ts";
import {
  type NodeCommand,
  peakRss,
  runNodeOk,
  timeCommands,
  toolVersion,
} from "../lib/processes.ts";
import { check, type Figure, type SectionResult } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";

const NODE_E0 = "node -e 0";
const NODE_FETCH = "node -e \"new Request('http://x')\"";
const CLI_VERSION = "cf-devices --version";
const CLI_LIST = "cf-devices devices list --mock --json";
const OPENAPI_FETCH = "import + construct: openapi-fetch";
const OURS = "import + construct: ours (createClient)";
const OURS_BASE = "import + construct: ours (createBaseClient)";
const SDK = "import + construct: cloudflare SDK (default entry)";
const SDK_TREE = "import + construct: cloudflare SDK (tree-shakable)";

export async function startupSection(cfg: Config): Promise<SectionResult> {
  const cli = binPath("@cf-devices/cli", "cf-devices");
  const scratch = join(cfg.scratch, "startup");
  mkdirSync(scratch, { recursive: true });
  const stateFile = join(scratch, "mock-state.db");
  // The same seed as the CLI's embedded mock, written the way the CLI writes it.
  const { openMock } = await import("@cf-devices/mock/node");
  await (await openMock({ stateFile, seed: 1, devices: 60 })).persist();

  const fixture = (name: string) => join(FIXTURES, name);
  const commands: NodeCommand[] = [
    { name: NODE_E0, args: ["-e", "0"] },
    { name: CLI_VERSION, args: [cli, "--version"] },
    { name: NODE_FETCH, args: ["-e", "new Request('http://x')"] },
    { name: CLI_LIST, args: [cli, "devices", "list", "--mock", "--json"] },
    { name: OPENAPI_FETCH, args: [fixture("import-openapi-fetch.mjs")] },
    { name: OURS, args: [fixture("import-client.mjs")] },
    { name: OURS_BASE, args: [fixture("import-client-base.mjs")] },
    { name: SDK, args: [fixture("import-cloudflare.mjs")] },
    { name: SDK_TREE, args: [fixture("import-cloudflare-tree-shakable.mjs")] },
  ];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: "1",
    CF_DEVICES_MOCK_STATE: stateFile,
    // Node's compile cache for the CLI, kept per user (the warm-up runs fill it).
    XDG_CACHE_HOME: join(scratch, "cache"),
  };
  const options = { cwd: scratch, env, runs: cfg.startup.runs, warmup: cfg.startup.warmup };
  const short: Record<string, string> = {
    [NODE_E0]: "node -e 0",
    [NODE_FETCH]: "new Request",
    [OPENAPI_FETCH]: "openapi-fetch",
  };

  // Every command must work before it is timed; the CLI must print the seeded devices.
  for (const c of commands) {
    const { stdout } = await runNodeOk(c.args, options);
    if (c.name === CLI_LIST && !Array.isArray(JSON.parse(stdout))) {
      throw new Error(`${CLI_LIST} did not print a JSON list`);
    }
  }

  const hyperfine = cfg.useTools && toolVersion("hyperfine") !== null;
  const notes: string[] = [];
  if (cfg.useTools && !hyperfine) {
    notes.push("hyperfine is not installed (run bench/setup.sh): start-up timed by a spawn loop.");
  }
  const { tool, times } = await timeCommands(commands, {
    ...options,
    rounds: cfg.startup.rounds,
    hyperfine,
    scratch,
  });
  const rss = await peakRss(commands, { ...options, runs: cfg.startup.rssRuns });
  const ms = (name: string) => median(times.get(name)!);
  const mb = (name: string) => median(rss.get(name)!);

  const figures: Figure[] = [];
  const wall = (name: string, baseline?: string, goal?: number) => {
    const ratio = baseline ? round(ms(name) / ms(baseline), 2) : undefined;
    figures.push({
      section: "startup",
      name: `${name}, wall`,
      value: round(ms(name), 1),
      unit: "ms",
      ...(ratio === undefined ? {} : { ratio, baseline: short[baseline!] }),
      checks:
        goal !== undefined && ratio !== undefined
          ? [check(ratio, "<=", goal, `≤ ${goal}× ${short[baseline!]}`)]
          : [],
    });
  };
  wall(NODE_E0);
  wall(CLI_VERSION, NODE_E0, 1.5);
  wall(NODE_FETCH);
  wall(CLI_LIST, NODE_FETCH, 1.3);
  wall(OPENAPI_FETCH);
  wall(OURS, OPENAPI_FETCH, 1.2);
  wall(OURS_BASE, OPENAPI_FETCH);
  wall(SDK, OPENAPI_FETCH);
  wall(SDK_TREE, OPENAPI_FETCH);
  for (const name of [OPENAPI_FETCH, OURS, SDK, CLI_VERSION, CLI_LIST]) {
    const baseline = name.startsWith("import") ? OPENAPI_FETCH : NODE_E0;
    figures.push({
      section: "startup",
      name: `${name}, peak RSS`,
      value: round(mb(name), 1),
      unit: "MB",
      ...(name === baseline
        ? {}
        : { ratio: round(mb(name) / mb(baseline), 2), baseline: short[baseline] }),
      checks: [],
    });
  }

  const byName = Object.fromEntries(
    commands.map((c) => [
      c.name,
      {
        command: ["node", ...c.args.map((a) => a.replace(/^\/.*\/(packages|bench)\//, "$1/"))].join(
          " ",
        ),
        wallMs: { median: round(ms(c.name), 2), runs: times.get(c.name)!.map((t) => round(t, 2)) },
        peakRssMB: { median: round(mb(c.name), 1), runs: rss.get(c.name)!.map((r) => round(r, 1)) },
      },
    ]),
  );
  return {
    data: { tool, runs: cfg.startup.runs, rssRuns: cfg.startup.rssRuns, commands: byName },
    figures,
    panels: [
      {
        title: "CLI start-up (wall)",
        unit: "ms",
        bars: [NODE_E0, CLI_VERSION, NODE_FETCH, CLI_LIST].map((name) => ({
          label: name,
          value: round(ms(name), 1),
          ours: name.startsWith("cf-devices"),
        })),
      },
      {
        title: "Import + construct a client (wall, whole process)",
        unit: "ms",
        bars: [NODE_E0, OPENAPI_FETCH, OURS, OURS_BASE, SDK_TREE, SDK].map((name) => ({
          label: name.replace("import + construct: ", ""),
          value: round(ms(name), 1),
          ours: name.includes("ours"),
        })),
      },
    ],
    notes: [
      `Start-up: ${tool}, median of ${cfg.startup.runs} runs per command in ${cfg.startup.rounds} round(s) of turns; peak RSS from process.resourceUsage().maxRSS, median of ${cfg.startup.rssRuns}.`,
      ...notes,
    ],
  };
}
