/**
 * `cf-devices mock serve` is `cf-devices-mock`: the same flags (from the mock package's table),
 * the same banner, and `-v` logging requests as elsewhere in `cf-devices`. Runs in-process,
 * stopped through the abort signal that Ctrl-C fires, and as a process, closed by SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFlags } from "@cf-devices/mock/command";
import { loadMockState } from "@cf-devices/mock/state-file";
import { describe, expect, it } from "vitest";
import { allCommands } from "../src/commands/registry.js";
import type { Io } from "../src/io.js";
import { main } from "../src/main.js";

/** Starts `cf-devices …args` in-process; resolves once the URL is on stdout. */
async function serveInProcess(args: string[], env: Record<string, string> = {}) {
  const controller = new AbortController();
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {})(),
    env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
  const exited = main(["mock", "serve", "--port", "0", ...args], io);
  for (let i = 0; i < 400 && !/\n/.test(stdout); i++) {
    const done = await Promise.race([exited, new Promise((r) => setTimeout(r, 25, "wait"))]);
    if (done !== "wait") throw new Error(`exited with ${done}: ${stderr}`);
  }
  const url = stdout.split("\n")[0]!;
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      controller.abort();
      return exited;
    },
  };
}

/** What a child process has written so far, stdout and stderr apart. */
function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
  });
  return { out: () => out, err: () => err };
}

/** Runs the built `cf-devices-mock` with `args` until its banner is out, then stops it. */
async function mockBinBanner(args: string[]): Promise<{ url: string; stderr: string }> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@cf-devices/mock/package.json");
  const child = spawn(process.execPath, [pkg.replace(/package\.json$/, "dist/bin.js"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { out, err } = collect(child);
  try {
    for (let i = 0; i < 400 && !/cf-devices devices list\n/.test(err()); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    return { url: out().split("\n")[0]!, stderr: err() };
  } finally {
    child.kill("SIGTERM");
  }
}

/** Starts the built `cf-devices mock serve …args` as a real process; resolves with its URL. */
async function serveProcess(args: string[]) {
  const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
  const child = spawn(process.execPath, [bin, "mock", "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", XDG_CACHE_HOME: tmpdir() },
  });
  const { out, err } = collect(child);
  for (let i = 0; i < 400 && !out().includes("\n"); i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${err()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url: out().split("\n")[0]!, stderr: err };
}

describe("cf-devices mock serve", () => {
  it("declares exactly the flags of cf-devices-mock", () => {
    const serve = allCommands().find((c) => c.name === "mock serve")!;
    expect(serve.flags).toBe(serveFlags);
    expect(Object.keys(serve.flags)).toEqual(
      expect.arrayContaining(["host", "port", "accounts", "faults", "token", "state", "quiet"]),
    );
  });

  it("serves, prints the URL on stdout and the banner on stderr, and stops on the signal", async () => {
    const server = await serveInProcess(["--devices", "4", "--accounts", "2"]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    const info = await (await fetch(`${new URL(server.url).origin}/__mock`)).json();
    const account = info.result.accounts[0];
    const res = await fetch(`${server.url}/accounts/${account.id}/devices/physical-devices`, {
      headers: { authorization: "Bearer anything" },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).result).toHaveLength(4);
    expect(server.stderr()).toContain(`account  ${account.id}  (4 devices; 2 accounts)`);
    expect(server.stdout()).toBe(`${server.url}\n`);
    expect(await server.stop()).toBe(0);
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("prints the same banner as cf-devices-mock for the same flags", async () => {
    const args = ["--port", "0", "--seed", "9", "--devices", "3", "--token", "tok-secret-1"];
    const cli = await serveInProcess(args.slice(2));
    const cliText = cli.stderr();
    await cli.stop();
    const bin = await mockBinBanner(args);
    const normal = (text: string, url: string) => text.replaceAll(new URL(url).origin, "ORIGIN");
    expect(normal(cliText, cli.url)).toBe(normal(bin.stderr, bin.url));
    expect(cliText).not.toContain("tok-secret-1");
  });

  it("logs each request with -v, and takes tokens from $CF_DEVICES_MOCK_TOKEN", async () => {
    const server = await serveInProcess(["-v", "--quiet"], { CF_DEVICES_MOCK_TOKEN: "env-tok" });
    const info = await (await fetch(`${new URL(server.url).origin}/__mock`)).json();
    const policy = `${server.url}/accounts/${info.result.accounts[0].id}/devices/policy`;
    expect((await fetch(policy, { headers: { authorization: "Bearer x" } })).status).toBe(403);
    expect((await fetch(policy, { headers: { authorization: "Bearer env-tok" } })).status).toBe(
      200,
    );
    await server.stop();
    const lines = server.stderr().split("\n").filter(Boolean);
    expect(lines.filter((l) => l.includes("/devices/policy"))).toEqual([
      expect.stringMatching(
        /^\[info\] GET \/client\/v4\/accounts\/\w+\/devices\/policy 403 [\d.]+ ms$/,
      ),
      expect.stringMatching(
        /^\[info\] GET \/client\/v4\/accounts\/\w+\/devices\/policy 200 [\d.]+ ms$/,
      ),
    ]);
    expect(server.stderr()).not.toContain("env-tok");
  });

  it("closes cleanly on SIGTERM, as cf-devices-mock does: exit 0, the write in the state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cf-devices-mock-serve-"));
    try {
      const file = join(dir, "state.db");
      const server = await serveProcess(["--state", file, "--devices", "5", "--quiet"]);
      const info = await (await fetch(`${new URL(server.url).origin}/__mock`)).json();
      const zone = info.result.accounts[0].zoneIds[0];
      const write = await fetch(`${server.url}/zones/${zone}/devices/policy/certificates`, {
        method: "PATCH",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ enabled: false }),
      });
      expect(write.status).toBe(200);
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        server.child.on("exit", (code, signal) => resolve([code, signal])),
      );
      server.child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
      expect(server.stderr()).toBe("");
      const state = await loadMockState(file);
      expect(state.zones.find((z) => z.id === zone)?.certificates_enabled).toBe(false);
      // Closed, not killed: SQLite folded its write-ahead log into the file and removed it.
      expect(readdirSync(dir)).toEqual(["state.db"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a bad value as a usage error (exit 2) naming the flag", async () => {
    let stderr = "";
    const io: Io = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: (async function* () {})(),
      env: {},
      cwd: process.cwd(),
    };
    expect(await main(["mock", "serve", "--devices", "lots"], io)).toBe(2);
    expect(stderr).toMatch(/--devices must be a whole number; got "lots"/);
    expect(stderr).toMatch(/cf-devices mock serve --help/);
  });
});
