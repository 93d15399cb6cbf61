/** The `cf-devices-mock` command: prints its URL, serves, saves its state file, starts quickly. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
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

  it("saves its state file on SIGTERM", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "cf-devices-mock-bin-")), "state.json");
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
    const state = JSON.parse(readFileSync(file, "utf8"));
    expect(state.format).toBe("cf-devices-mock-state");
    expect(state.zones[0].certificates_enabled).toBe(false);
  });

  it("rejects bad flags with usage and exit code 2", async () => {
    const child = spawn(process.execPath, [bundle("src/bin.ts"), "--devices", "many"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let err = "";
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--devices must be a whole number/);
    expect(err).toMatch(/Usage: cf-devices-mock/);
  });
});
