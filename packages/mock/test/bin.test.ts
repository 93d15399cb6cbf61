/**
 * The `cf-devices-mock` command: prints its URL, serves, saves its state file, starts quickly;
 * `-v` logs requests as `cf-devices -v` does, and a token of the user's is never printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { loadMockState } from "../src/node.js";
import { bundle } from "./bundle.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts the CLI and resolves with its URL once it says it is listening. */
async function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bundle("src/bin.ts"), "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // The URL alone is the first line on stdout.
      const match = /^(http:\/\/\S+)\n/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

/** Runs the command (from the sources, or the built `dist/bin.js`) to its end. */
async function finish(args: string[], script = bundle("src/bin.ts")) {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, out, err };
}

/** Waits until `read()` matches `pattern`. */
async function until(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 200; i++) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never matched ${pattern}: ${read()}`);
}

describe("cf-devices-mock", () => {
  it("prints its URL and serves its first request quickly", async () => {
    const { url } = await start(["--seed", "3", "--devices", "50"]);
    const info = await (await fetch(`${new URL(url).origin}/__mock`)).json();
    const res = await fetch(
      `${url}/accounts/${info.result.accounts[0].id}/devices/physical-devices`,
      {
        headers: { authorization: "Bearer t" },
      },
    );
    expect(res.status).toBe(200);
    // Start-up time is a benchmark figure (`pnpm bench --only mock`), not asserted here.
  });

  it("takes faults from CF_DEVICES_MOCK_FAULTS and only the tokens given", async () => {
    const { url } = await start(["--token", "let-me-in"], {
      CF_DEVICES_MOCK_FAULTS: JSON.stringify({
        operations: { getDefaultDeviceSettingsProfile: { status: 503 } },
      }),
    });
    const info = await (await fetch(`${new URL(url).origin}/__mock`)).json();
    const account = `${url}/accounts/${info.result.accounts[0].id}`;
    expect(
      (await fetch(`${account}/devices/policies`, { headers: { authorization: "Bearer nope" } }))
        .status,
    ).toBe(403);
    const ok = await fetch(`${account}/devices/policies`, {
      headers: { authorization: "Bearer let-me-in" },
    });
    expect(ok.status).toBe(200);
    const faulty = await fetch(`${account}/devices/policy`, {
      headers: { authorization: "Bearer let-me-in" },
    });
    expect(faulty.status).toBe(503);
  });

  it("keeps its state file and closes it cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cf-devices-mock-bin-"));
    const file = join(dir, "state.db");
    const { child, url } = await start(["--state", file, "--devices", "5", "--quiet"]);
    const info = await (await fetch(`${new URL(url).origin}/__mock`)).json();
    await fetch(`${url}/zones/${info.result.accounts[0].zoneIds[0]}/devices/policy/certificates`, {
      method: "PATCH",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify({ enabled: false }),
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const state = await loadMockState(file);
    expect(state.format).toBe("cf-devices-mock-state");
    expect(state.zones[0]!.certificates_enabled).toBe(false);
    // Closed cleanly: SQLite folded its write-ahead log back into the file and removed it.
    expect(readdirSync(dir)).toEqual(["state.db"]);
  });

  it("prints the banner on stderr: account, zone, the public default token, a curl line", async () => {
    const { url, stderr } = await start(["--seed", "3", "--devices", "7"]);
    const text = (await until(stderr, /try {6}curl .*\n.*cf-devices devices list\n/)).input;
    const info = await (await fetch(`${new URL(url).origin}/__mock`)).json();
    const account = info.result.accounts[0];
    expect(text).toContain(`listening on ${url} (Ctrl-C to stop)`);
    expect(text).toContain(`account  ${account.id}  (7 devices)`);
    expect(text).toContain(`zone     ${account.zoneIds[0]}`);
    expect(text).toContain("Authorization: Bearer cf-devices-mock-token");
    expect(text).toContain(
      `curl -H "Authorization: Bearer cf-devices-mock-token" ${url}/accounts/${account.id}/devices/physical-devices`,
    );
  });

  it("never prints a token given with --token or $CF_DEVICES_MOCK_TOKEN", async () => {
    const secret = "s3cr3t-value-from-the-user";
    const viaFlag = await start(["--token", secret]);
    const flagText = (await until(viaFlag.stderr, /cf-devices devices list\n/)).input;
    expect(flagText).not.toContain(secret);
    expect(flagText).toContain('curl -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN"');

    const viaEnv = await start([], { CF_DEVICES_MOCK_TOKEN: `${secret},other-one` });
    const envText = (await until(viaEnv.stderr, /cf-devices devices list\n/)).input;
    expect(envText).not.toContain(secret);
    const policy = `${viaEnv.url}/accounts/${/account {2}(\S+)/.exec(envText)![1]}/devices/policy`;
    expect((await fetch(policy, { headers: { authorization: "Bearer nope" } })).status).toBe(403);
    expect((await fetch(policy, { headers: { authorization: "Bearer other-one" } })).status).toBe(
      200,
    );
  });

  it("logs each request on stderr with -v, as cf-devices -v does, and nothing without", async () => {
    const verbose = await start(["-v", "--quiet"]);
    await fetch(`${verbose.url}/accounts/nope/devices/policy`, {
      headers: { authorization: "Bearer t" },
    });
    const line = await until(verbose.stderr, /\[info\] GET (\S+) (\d{3}) [\d.]+ ms\n/);
    expect(line[1]).toBe(`${new URL(verbose.url).pathname}/accounts/nope/devices/policy`);
    expect(line[2]).toBe("404");
    expect(verbose.stderr()).not.toContain("Authorization");

    const quiet = await start(["--quiet"]);
    await fetch(`${quiet.url}/accounts/nope/devices/policy`);
    await new Promise((r) => setTimeout(r, 100));
    expect(quiet.stderr()).toBe("");
  });

  it("prints the version with --version (and -V); -v is no longer the version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    // The version comes from the package.json next to dist/ (the build runs before the tests).
    const built = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
    expect((await finish(["--version"], built)).out).toBe(`${pkg.version}\n`);
    expect((await finish(["-V"], built)).out).toBe(`${pkg.version}\n`);
    const help = await finish(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/-v, --verbose +Log each request served on stderr/);
    for (const flag of ["--host", "--port", "--accounts", "--faults", "--token", "--state"]) {
      expect(help.out).toContain(flag);
    }
  });

  it("rejects bad flags with usage and exit code 2", async () => {
    for (const args of [
      ["--devices", "many"],
      ["--faults", "{nope"],
      ["--token", "a", "--no-auth"],
      ["--verbos"],
    ]) {
      const { code, err } = await finish(args);
      expect(code).toBe(2);
      expect(err).toMatch(/Usage: cf-devices-mock/);
    }
    const { err } = await finish(["--devices", "many"]);
    expect(err).toMatch(/--devices must be a whole number/);
  });
});
