/**
 * Running Node commands for the start-up and codegen figures: wall time with hyperfine when it is
 * installed, otherwise with a spawn loop that takes the commands in turns; peak RSS through a
 * preloaded reporter.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A command run as `node …args`, with the Node that runs the benchmark. */
export interface NodeCommand {
  name: string;
  args: string[];
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  runs: number;
  warmup: number;
}

export interface TimeOptions extends RunOptions {
  /** Split the runs into this many rounds of every command, so load changes hit all alike. */
  rounds: number;
  hyperfine: boolean;
  scratch: string;
}

const RSS_REPORTER = fileURLToPath(new URL("../fixtures/report-rss.mjs", import.meta.url));

/** The first line of `tool --version`, or null when the tool is not installed. */
export function toolVersion(tool: string): string | null {
  const out = spawnSync(tool, ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (out.error || out.status !== 0) return null;
  return (out.stdout || out.stderr).trim().split("\n")[0] ?? tool;
}

/** Runs one command to its end; resolves with its wall time in ms and its output. */
export function runNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ ms: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

/** Runs a command once and throws, with its output, unless it exits 0. */
export async function runNodeOk(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ ms: number; stdout: string; stderr: string }> {
  const result = await runNode(args, options);
  if (result.code !== 0) {
    throw new Error(
      `node ${args.join(" ")} exited with ${result.code}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Quotes one argument for hyperfine's shell-free command parsing. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`;
}

/**
 * Wall times (ms) of every run of each command, measured by hyperfine: one hyperfine call per
 * round, each with every command, so that the commands take turns.
 */
function timeWithHyperfine(commands: readonly NodeCommand[], options: TimeOptions) {
  mkdirSync(options.scratch, { recursive: true });
  const json = join(options.scratch, "hyperfine.json");
  const times = new Map(commands.map((c) => [c.name, [] as number[]]));
  const perRound = Math.max(1, Math.ceil(options.runs / options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    const args = ["-N", "--style", "none", "--export-json", json];
    args.push("--warmup", String(options.warmup), "--runs", String(perRound));
    for (const c of commands) {
      args.push("-n", c.name, [process.execPath, ...c.args].map(quote).join(" "));
    }
    const out = spawnSync("hyperfine", args, {
      cwd: options.cwd,
      env: options.env,
      encoding: "utf8",
      timeout: 600_000,
    });
    if (out.status !== 0) throw new Error(`hyperfine failed: ${out.stderr || out.stdout}`);
    const results = JSON.parse(readFileSync(json, "utf8")).results as { times: number[] }[];
    results.forEach((r, i) => {
      times.get(commands[i]!.name)!.push(...r.times.map((s) => s * 1000));
    });
  }
  return times;
}

/** Wall times (ms) with a spawn loop: every round runs each command once, in turns. */
async function timeWithSpawnLoop(
  commands: readonly NodeCommand[],
  options: RunOptions,
): Promise<Map<string, number[]>> {
  const times = new Map(commands.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const c of commands) {
      const { ms } = await runNodeOk(c.args, options);
      if (round >= options.warmup) times.get(c.name)!.push(ms);
    }
  }
  return times;
}

/** Wall times (ms) of each command's runs, and which tool measured them. */
export async function timeCommands(
  commands: readonly NodeCommand[],
  options: TimeOptions,
): Promise<{ tool: string; times: Map<string, number[]> }> {
  if (options.hyperfine) return { tool: "hyperfine", times: timeWithHyperfine(commands, options) };
  return { tool: "spawn loop", times: await timeWithSpawnLoop(commands, options) };
}

/** Peak RSS (MiB) of each run of each command, read from the preloaded reporter. */
export async function peakRss(
  commands: readonly NodeCommand[],
  options: RunOptions,
): Promise<Map<string, number[]>> {
  const rss = new Map(commands.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < options.runs; round++) {
    for (const c of commands) {
      const { stderr } = await runNodeOk(["--import", RSS_REPORTER, ...c.args], options);
      const kb = /BENCH_MAX_RSS_KB=(\d+)/.exec(stderr)?.[1];
      if (!kb) throw new Error(`${c.name}: no peak RSS reported`);
      rss.get(c.name)!.push(Number(kb) / 1024);
    }
  }
  return rss;
}
