/**
 * Runs the example scripts the way a user would and checks what they print.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const state = mkdtempSync(join(tmpdir(), "cf-devices-examples-"));
afterAll(() => rmSync(state, { recursive: true, force: true }));

// `cf-devices` on PATH, as a user who installed the CLI has it: the built bin of this checkout.
// (pnpm only links a workspace bin that existed at install time, so the test makes its own.)
const bin = join(state, "bin");
mkdirSync(bin);
const cliBin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));
writeFileSync(join(bin, "cf-devices"), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`, {
  mode: 0o755,
});

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: here,
        env: {
          PATH: [bin, process.env.PATH].join(delimiter),
          HOME: state,
          CF_DEVICES_MOCK_STATE: join(state, "mock.json"),
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("examples", () => {
  it("node/stale-devices.mjs finds stale registrations and revokes them", async () => {
    const r = await run(process.execPath, ["node/stale-devices.mjs", "--revoke"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const found = Number(r.stdout.match(/^(\d+) active registrations not seen/m)?.[1]);
    expect(found).toBeGreaterThan(0);
    expect(r.stdout).toContain(`revoked ${found}, failed 0`);
  });

  it("cli/offboard-user.sh revokes a user's registrations through the CLI's JSON output", async () => {
    const list = await run("cf-devices", [
      "registrations",
      "list",
      "--mock",
      "--per-page",
      "1",
      "--json",
      "--fields",
      "user.email",
    ]);
    const email = JSON.parse(list.stdout)[0].user.email as string;
    const r = await run("bash", ["cli/offboard-user.sh", email], { CF_DEVICES_FLAGS: "--mock" });
    expect(r.code).toBe(0);
    const revoked = JSON.parse(r.stdout) as { user: { email: string }; revoked_at: string }[];
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.every((x) => x.user.email === email && x.revoked_at)).toBe(true);
  });
});
