/**
 * Loopback HTTP helpers for the mock section: free ports, waiting for a server's first answer,
 * and two bounded load generators (wrk when installed, else Node's HTTP client). Every load run
 * stops by itself after `seconds` or `maxRequests`, whichever comes first, and only ever targets
 * 127.0.0.1.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { percentile, round } from "./stats.ts";

export interface Target {
  url: URL;
  method: "GET" | "PUT";
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  tool: string;
  concurrency: number;
  requests: number;
  /** Answers other than 2xx, and socket errors/timeouts. */
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number };
}

function assertLoopback(url: URL): void {
  if (url.hostname !== "127.0.0.1") throw new Error(`load tests target 127.0.0.1 only, not ${url}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Sends one request; resolves with the status (0 when the connection fails) and the body. */
export function send(
  target: Target,
  agent: Agent | false = false,
): Promise<{ status: number; body: string }> {
  assertLoopback(target.url);
  return new Promise((resolve) => {
    const req = request(
      target.url,
      { method: target.method, headers: target.headers, agent, timeout: 10_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", () => resolve({ status: 0, body }));
      },
    );
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.on("timeout", () => req.destroy());
    req.end(target.body);
  });
}

/** The installed wrk's version line, or null. */
export function wrkVersion(): string | null {
  const out = spawnSync("wrk", ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (out.error) return null;
  return (out.stdout || out.stderr).trim().split("\n")[0] ?? "wrk";
}

/** Writes the wrk Lua script for a target: method, headers, body, and the request cap. */
function wrkScript(target: Target, maxRequests: number, dir: string): string {
  const lua = (s: string) => JSON.stringify(s); // a JSON string literal is a valid Lua string here
  const lines = [
    `wrk.method = ${lua(target.method)}`,
    ...Object.entries(target.headers).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`),
    ...(target.body === undefined ? [] : [`wrk.body = ${lua(target.body)}`]),
    `local max_requests = ${maxRequests}`,
    "local done = 0",
    "response = function(status, headers, body)",
    "  done = done + 1",
    "  if done >= max_requests then wrk.thread:stop() end",
    "end",
  ];
  const file = join(dir, `wrk-${target.method.toLowerCase()}.lua`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** One wrk run: one thread, `concurrency` connections, at most `seconds` and `maxRequests`. */
export function runWrk(
  target: Target,
  options: { concurrency: number; seconds: number; maxRequests: number; scratch: string },
): LoadResult {
  assertLoopback(target.url);
  const seconds = Math.max(1, Math.round(options.seconds));
  const script = wrkScript(target, options.maxRequests, options.scratch);
  const args = ["-t1", `-c${options.concurrency}`, `-d${seconds}s`, "--timeout", "10s"];
  args.push("--latency", "-s", script, target.url.href);
  const out = spawnSync("wrk", args, { encoding: "utf8", timeout: (seconds + 30) * 1000 });
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr || out.stdout}`);
  const text = out.stdout;
  const ms = (value: string) => {
    const m = /^([\d.]+)(us|ms|s|m)$/.exec(value);
    if (!m) throw new Error(`wrk: cannot read latency "${value}"`);
    const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as "us" | "ms" | "s" | "m"];
    return Number(m[1]) * unit;
  };
  const pct = (p: number) => ms(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(text)![1]!);
  const requests = Number(/(\d+) requests in ([\d.]+)(\w+)/.exec(text)![1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)![1]);
  return {
    tool: "wrk",
    concurrency: options.concurrency,
    requests,
    errors: non2xx + socketErrors,
    seconds: round(requests / rps, 2),
    requestsPerSecond: Math.round(rps),
    latencyMs: { p50: round(pct(50), 3), p90: round(pct(90), 3), p99: round(pct(99), 3) },
  };
}

/** The built-in load generator: `concurrency` keep-alive loops with Node's HTTP client. */
export async function runNodeLoad(
  target: Target,
  options: { concurrency: number; seconds: number; maxRequests: number },
): Promise<LoadResult> {
  assertLoopback(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async () => {
    while (sent < options.maxRequests && performance.now() < deadline) {
      sent++;
      const t = performance.now();
      const { status } = await send(target, agent);
      latencies.push(performance.now() - t);
      if (status < 200 || status > 299) errors++;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, loop));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    tool: "node:http",
    concurrency: options.concurrency,
    requests: latencies.length,
    errors,
    seconds: round(seconds, 2),
    requestsPerSecond: Math.round(latencies.length / seconds),
    latencyMs: {
      p50: round(percentile(latencies, 50), 3),
      p90: round(percentile(latencies, 90), 3),
      p99: round(percentile(latencies, 99), 3),
    },
  };
}
