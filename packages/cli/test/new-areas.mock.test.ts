/**
 * End-to-end workflows of the new command groups against the embedded mock (`--mock`), one per
 * area: create → read back → update → list → delete → gone.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/errors.js";
import { run } from "./helpers.js";

/** A CLI bound to a fresh embedded mock (its own state file). */
function mockCli() {
  const state = join(mkdtempSync(join(tmpdir(), "cf-devices-areas-")), "state.json");
  const cli = (argv: string[], stdin?: unknown) =>
    run([...argv, "--mock"], {
      env: { CF_DEVICES_MOCK_STATE: state },
      ...(stdin === undefined ? {} : { stdin: JSON.stringify(stdin) }),
    });
  /** Runs a command that must succeed and returns its JSON output. */
  const json = async (argv: string[], stdin?: unknown) => {
    const r = await cli([...argv, "--json"], stdin);
    expect(r.stderr.replace(/^warning: .*\n/m, "")).not.toMatch(/error/i);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  return { cli, json, state };
}

describe("new command groups against the embedded mock", () => {
  it("posture rules: create, get, list, update, delete", async () => {
    const { cli, json } = mockCli();
    const rule = await json(["posture", "rules", "create", "--file", "-"], {
      name: "Disks encrypted",
      type: "disk_encryption",
      match: [{ platform: "mac" }],
      input: { requireAll: true },
    });
    expect(rule.id).toEqual(expect.any(String));
    expect((await json(["posture", "rules", "get", rule.id])).name).toBe("Disks encrypted");
    const listed = await json(["posture", "rules", "list"]);
    expect(listed.map((r: { id: string }) => r.id)).toContain(rule.id);
    await json(["posture", "rules", "update", rule.id, "--file", "-", "--yes"], {
      name: "All disks encrypted",
      type: "disk_encryption",
      input: { requireAll: true },
    });
    expect((await json(["posture", "rules", "get", rule.id])).name).toBe("All disks encrypted");
    expect((await cli(["posture", "rules", "delete", rule.id, "--yes"])).code).toBe(0);
    const gone = await cli(["posture", "rules", "get", rule.id]);
    expect(gone.code).toBe(ExitCode.apiError);
    expect(gone.stderr).toContain("404");
  });

  it("posture integrations: the secret goes in, and never comes out", async () => {
    const { cli, json, state } = mockCli();
    const secret = "s3cr3t-not-for-output";
    const created = await cli(["posture", "integrations", "create", "--file", "-", "--json"], {
      name: "Workspace ONE",
      type: "workspace_one",
      interval: "10m",
      config: {
        api_url: "https://as123.awmdm.com/API",
        auth_url: "https://na.uemauth.vmwservices.com/connect/token",
        client_id: "client-id",
        client_secret: secret,
      },
    });
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout);
    const got = await cli(["posture", "integrations", "get", id, "--json"]);
    const listed = await cli(["posture", "integrations", "list", "--json"]);
    for (const r of [created, got, listed]) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(readFileSync(state, "utf8")).not.toContain(secret);
    await json(["posture", "integrations", "update", id, "--file", "-", "--yes"], {
      interval: "30m",
    });
    expect((await json(["posture", "integrations", "get", id])).interval).toBe("30m");
    const deleted = await cli(["posture", "integrations", "delete", id, "--yes"]);
    expect(deleted.code).toBe(0);
    expect((await cli(["posture", "integrations", "get", id])).code).toBe(ExitCode.apiError);
  });

  it("networks: delete answers with the networks that remain", async () => {
    const { cli, json } = mockCli();
    const network = await json(["networks", "create", "--file", "-"], {
      name: "Office",
      type: "tls",
      config: { tls_sockaddr: "10.0.0.10:443" },
    });
    const id = network.network_id;
    expect(id).toEqual(expect.any(String));
    await json(["networks", "update", id, "--file", "-", "--yes"], { name: "Head office" });
    expect((await json(["networks", "get", id])).name).toBe("Head office");
    const remaining = await json(["networks", "delete", id, "--yes"]);
    expect(Array.isArray(remaining)).toBe(true);
    expect(remaining.map((n: { network_id: string }) => n.network_id)).not.toContain(id);
    expect((await cli(["networks", "get", id])).code).toBe(ExitCode.apiError);
  });

  it("settings: patch merges, set replaces, reset restores", async () => {
    const { cli, json } = mockCli();
    await json(["settings", "patch", "--file", "-", "--yes"], {
      gateway_proxy_enabled: true,
      disable_for_time: 3600,
    });
    await json(["settings", "patch", "--file", "-", "--yes"], { use_zt_virtual_ip: true });
    const merged = await json(["settings", "get"]);
    expect(merged).toMatchObject({
      gateway_proxy_enabled: true,
      disable_for_time: 3600,
      use_zt_virtual_ip: true,
    });
    const set = await cli(["settings", "set", "--file", "-", "--yes"], {
      gateway_udp_proxy_enabled: true,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain("warning: Deprecated API");
    expect((await json(["settings", "get"])).gateway_udp_proxy_enabled).toBe(true);
    await json(["settings", "reset", "--yes"]);
    expect((await json(["settings", "get"])).gateway_proxy_enabled).not.toBe(true);
  });

  it("resilience: set the override, read it back", async () => {
    const { json } = mockCli();
    await json(["resilience", "set", "--disconnect", "true", "--justification", "drill", "--yes"]);
    const on = await json(["resilience", "get"]);
    expect(on.disconnect).toBe(true);
    expect(on.timestamp).toEqual(expect.any(String));
    await json(["resilience", "set", "--disconnect", "false", "--yes"]);
    expect((await json(["resilience", "get"])).disconnect).toBe(false);
  });

  it("ip-profiles: --all follows numbered pages", async () => {
    const { cli, json } = mockCli();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const profile = await json(["ip-profiles", "create", "--file", "-"], {
        name: `Team ${n}`,
        match: `identity.email == "t${n}@example.com"`,
        precedence: 1000 + n,
        subnet_id: "b70ff985-a4ef-4643-bbbc-4a0ed4fc8415",
      });
      ids.push(profile.id);
    }
    const all = await json(["ip-profiles", "list", "--all", "--per-page", "1"]);
    expect(all.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(ids));
    await json(["ip-profiles", "update", ids[0]!, "--file", "-", "--yes"], { enabled: false });
    expect((await json(["ip-profiles", "get", ids[0]!])).enabled).toBe(false);
    expect((await cli(["ip-profiles", "delete", ...ids, "--yes"])).code).toBe(0);
    expect((await cli(["ip-profiles", "get", ids[0]!])).code).toBe(ExitCode.apiError);
  });

  it("deployment-groups: create, update, list, delete", async () => {
    const { cli, json } = mockCli();
    const group = await json(["deployment-groups", "create", "--file", "-"], {
      name: "Pilot",
      version_config: [{ version: "2026.6.234.0", target_environment: null }],
    });
    await json(["deployment-groups", "update", group.id, "--file", "-", "--yes"], {
      name: "Pilot 2",
    });
    expect((await json(["deployment-groups", "get", group.id])).name).toBe("Pilot 2");
    const all = await json(["deployment-groups", "list", "--all", "--per-page", "1"]);
    expect(all.map((g: { id: string }) => g.id)).toContain(group.id);
    expect((await cli(["deployment-groups", "delete", group.id, "--yes"])).code).toBe(0);
    expect((await cli(["deployment-groups", "get", group.id])).code).toBe(ExitCode.apiError);
  });

  it("override-codes: creates a code for the account", async () => {
    const { cli } = mockCli();
    const r = await cli(["override-codes", "create", "--hours", "4", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expect.any(Object));
  });
});
