import { describe, expect, it } from "vitest";
import { run } from "../test/helpers.js";
import { allCommands } from "./commands/registry.js";
import { ExitCode } from "./errors.js";

const ACCOUNT = { CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef" };

describe("help and version", () => {
  it("prints the version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lists the command groups", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const group of [
      "devices",
      "registrations",
      "profiles",
      "split-tunnel",
      "fallback-domains",
      "certificates",
    ]) {
      expect(r.stdout).toContain(group);
    }
  });

  it.each(allCommands().map((c) => c.name))(
    "`%s --help` shows usage and at least one example",
    async (name) => {
      const r = await run([...name.split(" "), "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: cf-devices ${name}`);
      expect(r.stdout).toMatch(/Examples:\n {2}\$ cf-devices /);
    },
  );

  it("says which command replaces a deprecated one", async () => {
    const r = await run(["legacy-devices", "revoke", "--help"]);
    expect(r.stdout).toContain("DEPRECATED");
    expect(r.stdout).toContain("cf-devices registrations revoke");
  });

  it("derives query flags from the manifest, with enum choices", async () => {
    const r = await run(["devices", "list", "--help"]);
    expect(r.stdout).toContain("--sort-order");
    expect(r.stdout).toContain("--last-seen-user-email");
    expect(r.stdout).toMatch(/--active-registrations VALUE\s+.*one of: include, only, exclude/);
  });
});

describe("usage errors exit 2 and send nothing", () => {
  it("rejects an unknown command", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it("rejects an unknown subcommand", async () => {
    const r = await run(["devices", "explode"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('unknown subcommand "explode"');
  });

  it("rejects an unknown flag and reprints usage", async () => {
    const r = await run(["devices", "list", "--colour"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("--colour");
    expect(r.stderr).toContain("Usage: cf-devices devices list");
  });

  it("rejects a value outside the enum", async () => {
    const r = await run(["devices", "list", "--sort-order", "sideways"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("--sort-order must be one of asc, desc");
  });

  it("rejects a non-numeric per-page", async () => {
    const r = await run(["devices", "list", "--per-page", "lots", "--dry-run"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("--per-page must be a whole number");
  });

  it("needs the ids of a bulk command", async () => {
    const r = await run(["registrations", "revoke"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("missing REGISTRATION-ID");
  });

  it("needs an account id", async () => {
    const r = await run(["devices", "list", "--dry-run"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("CLOUDFLARE_ACCOUNT_ID");
  });
});

describe("credentials", () => {
  it("names the variable to set when none is present (exit 4)", async () => {
    const r = await run(["devices", "list"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.auth);
    expect(r.stderr).toContain("CLOUDFLARE_API_TOKEN");
    expect(r.stdout).toBe("");
  });

  it("says which half of the email + key pair is missing", async () => {
    const r = await run(["devices", "list"], {
      env: { ...ACCOUNT, CLOUDFLARE_EMAIL: "a@example.com" },
    });
    expect(r.code).toBe(ExitCode.auth);
    expect(r.stderr).toContain("CLOUDFLARE_API_KEY is not set");
  });
});

describe("--dry-run", () => {
  it("prints the request with repeated array keys and sends nothing", async () => {
    const r = await run(
      ["devices", "list", "--id", "a", "--id", "b", "--per-page", "5", "--dry-run"],
      { env: ACCOUNT },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "GET https://api.cloudflare.com/client/v4/accounts/0123456789abcdef0123456789abcdef/devices/physical-devices?id=a&id=b&per_page=5\n",
    );
    expect(r.stderr).toContain("not sent");
  });

  it("batches bulk revokes into requests of at most 50 ids", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `reg-${i}`);
    const r = await run(["registrations", "revoke", ...ids, "--dry-run"], { env: ACCOUNT });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => new URL(l.split(" ")[1]!).searchParams.getAll("id").length)).toEqual([
      50, 50, 20,
    ]);
  });

  it("validates a body file before anything is sent, naming the field", async () => {
    const r = await run(["profiles", "create", "--file", "-", "--dry-run"], {
      env: ACCOUNT,
      stdin: JSON.stringify({ name: "x".repeat(101), match: "any", precedence: 10 }),
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("/name");
  });

  it("hides write-only credentials in the printed body, from a command and from api", async () => {
    const secret = "dry-run-secret-value";
    const body = {
      name: "CrowdStrike",
      type: "crowdstrike_s2s",
      interval: "10m",
      config: {
        api_url: "https://api.crowdstrike.example",
        client_id: "client-id",
        client_secret: secret,
        customer_id: "customer",
      },
    };
    const viaCommand = await run(
      ["posture", "integrations", "create", "--file", "-", "--dry-run"],
      {
        env: ACCOUNT,
        stdin: JSON.stringify(body),
      },
    );
    const viaApi = await run(
      [
        "api",
        "POST",
        "/accounts/{account_id}/devices/posture/integration",
        "--file",
        "-",
        "--dry-run",
      ],
      { env: ACCOUNT, stdin: JSON.stringify(body) },
    );
    for (const r of [viaCommand, viaApi]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('"client_id": "client-id"');
      expect(r.stdout).toContain('"client_secret": "[hidden: write-only]"');
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });

  it("reads YAML bodies", async () => {
    const r = await run(["profiles", "create", "--file", "-", "--dry-run"], {
      env: ACCOUNT,
      stdin: 'name: Contractors\nmatch: identity.email == "a@example.com"\nprecedence: 100\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"name": "Contractors"');
  });

  it("reports malformed input with its position", async () => {
    const r = await run(["profiles", "create", "--file", "-", "--dry-run"], {
      env: ACCOUNT,
      stdin: "name: [unclosed\n",
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toMatch(/stdin is not valid YAML: line 2, column 1: /);
  });
});

describe("confirmation", () => {
  it("refuses a destructive command without a TTY and without --yes", async () => {
    const r = await run(["devices", "delete", "dev-1"], {
      env: { ...ACCOUNT, CLOUDFLARE_API_TOKEN: "t" },
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("--yes");
  });

  it("stops when the user answers no on a TTY", async () => {
    const r = await run(["devices", "delete", "dev-1"], {
      env: { ...ACCOUNT, CLOUDFLARE_API_TOKEN: "t" },
      tty: true,
      answer: "n",
    });
    expect(r.code).toBe(ExitCode.cancelled);
    expect(r.stderr).toContain("nothing was sent");
  });
});

describe("completion", () => {
  it.each(["bash", "zsh", "fish"])("prints a %s script naming the commands", async (shell) => {
    const r = await run(["completion", shell]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("split-tunnel");
    expect(r.stdout).toContain("registrations");
  });

  it("rejects other shells", async () => {
    const r = await run(["completion", "tcsh"]);
    expect(r.code).toBe(ExitCode.usage);
  });
});

describe("interrupting a bulk command", () => {
  it("sends nothing more once interrupted, says so, and exits 130", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const state = join(mkdtempSync(join(tmpdir(), "cf-devices-int-")), "s.json");
    const controller = new AbortController();
    controller.abort();
    const r = await run(["devices", "delete", "a", "b", "c", "--mock", "--yes"], {
      env: { CF_DEVICES_MOCK_STATE: state },
      signal: controller.signal,
    });
    expect(r.code).toBe(ExitCode.interrupted);
    expect(r.stderr).toContain("0 request(s) succeeded, 0 failed, 3 not sent (interrupted)");
  });
});
