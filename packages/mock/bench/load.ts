/**
 * A small, bounded loopback load test of the standalone mock server.
 *
 *   pnpm --filter @cf-devices/mock build
 *   node packages/mock/bench/load.ts [--requests 20000] [--concurrency 10] [--devices 1000]
 *                                    [--max-seconds 10] [--path physical-devices] [--tool auto]
 *
 * Starts `dist/bin.js` on a free loopback port and measures the time from spawn to the first
 * served request. Then it loads one list operation with `concurrency` keep-alive connections:
 * with `wrk` when it is installed (`--tool wrk`; a C client leaves the CPU to the server; runs
 * for --max-seconds), otherwise with a Node client (`--tool node`; sends --requests requests,
 * stopping early at --max-seconds). It reports requests per second and latency percentiles,
 * and times seeding 100,000 devices in a fresh process. Node 22.18+ (type stripping) is needed.
 */
import { spawn, spawnSync } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "10" },
    devices: { type: "string", default: "1000" },
    "max-seconds": { type: "string", default: "10" },
    path: { type: "string", default: "physical-devices" },
    tool: { type: "string", default: "auto" },
  },
});
const total = Math.min(Number(values.requests), 1_000_000);
const concurrency = Math.min(Number(values.concurrency), 256);
const maxMs = Math.min(Number(values["max-seconds"]), 120) * 1000;
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const index = new URL("../dist/index.js", import.meta.url).href;

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface LoadResult {
  tool: string;
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: Record<string, number>;
}

const hasWrk = () => spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;

/** Runs wrk against `url` for `seconds` and parses its latency distribution. */
function runWrk(url: URL, seconds: number): LoadResult {
  const args = [
    "-t1",
    `-c${concurrency}`,
    `-d${seconds}s`,
    "--latency",
    "-H",
    "Authorization: Bearer bench",
    url.href,
  ];
  const out = spawnSync("wrk", args, { encoding: "utf8", timeout: (seconds + 10) * 1000 });
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr}`);
  const ms = (text: string) => {
    const m = /^([\d.]+)(us|ms|s)$/.exec(text)!;
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  const pct = (p: string) => ms(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out.stdout)![1]!);
  const requests = Number(/(\d+) requests in/.exec(out.stdout)![1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out.stdout)?.[1] ?? 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)![1]);
  const max = ms(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out.stdout)![1]!);
  return {
    tool: "wrk -t1",
    requests,
    errors: non2xx,
    seconds,
    requestsPerSecond: Math.round(rps),
    latencyMs: { p50: pct("50"), p90: pct("90"), p99: pct("99"), max },
  };
}

/** Sends `total` requests from `concurrency` loops with Node's HTTP client. */
async function runNode(agent: Agent, url: URL): Promise<LoadResult> {
  const headers = { authorization: "Bearer bench" };
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const loop = async () => {
    while (sent < total && performance.now() - started < maxMs) {
      sent++;
      const t = performance.now();
      const status = await get(agent, url, headers);
      latencies.push(performance.now() - t);
      if (status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(3));
  return {
    tool: "node:http",
    requests: latencies.length,
    errors,
    seconds: Number(seconds.toFixed(2)),
    requestsPerSecond: Math.round(latencies.length / seconds),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
  };
}

async function main(): Promise<void> {
  // 1. Start-up: spawn to first served request.
  const spawned = performance.now();
  const child = spawn(
    process.execPath,
    [bin, "--port", "0", "--devices", values.devices, "--quiet"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  const origin = new URL(base).origin;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { authorization: "Bearer bench" };
  const infoRes = await fetch(`${origin}/__mock`);
  const accountId = (await infoRes.json()).result.accounts[0].id as string;
  const url = new URL(`${base}/accounts/${accountId}/devices/${values.path}`);
  const firstStatus = await get(agent, url, headers);
  const startupMs = performance.now() - spawned;

  try {
    // 2. Warm-up, then the measured run.
    for (let i = 0; i < 500; i++) await get(agent, url, headers);
    const useWrk = values.tool === "wrk" || (values.tool === "auto" && hasWrk());
    const load = useWrk ? runWrk(url, Math.round(maxMs / 1000)) : await runNode(agent, url);

    // 3. Seeding 100,000 devices in a fresh process.
    const seedMs = await new Promise<number>((resolve, reject) => {
      const script = `import { createMock } from ${JSON.stringify(index)};
        const t = performance.now(); createMock({ devices: 100000 });
        console.log(performance.now() - t);`;
      const p = spawn(process.execPath, ["--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      p.stdout.on("data", (c: Buffer) => {
        out += c.toString();
      });
      p.on("exit", (code) =>
        code === 0 ? resolve(Number(out)) : reject(new Error(`seed run exited ${code}`)),
      );
    });

    const report = {
      node: process.version,
      target: `GET ${url.pathname}`,
      devices: Number(values.devices),
      concurrency,
      ...load,
      startupToFirstRequestMs: Math.round(startupMs),
      firstStatus,
      seed100kDevicesMs: Math.round(seedMs),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    agent.destroy();
    child.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
