import { describe, expect, it } from "vitest";
import { run } from "../test/helpers.js";
import { allCommands } from "./commands/registry.js";
import { ExitCode } from "./errors.js";
import { globalFlags } from "./flags.js";

const ACCOUNT = { CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef" };

/** Node's own parseArgs advice, which must never reach the user. */
const NODE_TEXT = /To specify a positional|place it at the end|ERR_PARSE_ARGS/;

describe("flag mistakes, in the CLI's own words (exit 2, usage reprinted)", () => {
  it("names the closest flag for an unknown one", async () => {
    const r = await run(["devices", "list", "--per-pag", "5"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("error: unknown flag `--per-pag`; did you mean `--per-page`?");
    expect(r.stderr).toContain("Usage: cf-devices devices list");
    expect(r.stderr).not.toMatch(NODE_TEXT);
  });

  it("suggests among the command's flags and the global ones", async () => {
    const own = await run(["devices", "list", "--sort-ordr", "asc"], { env: ACCOUNT });
    expect(own.stderr).toContain("did you mean `--sort-order`?");
    const global = await run(["devices", "list", "--dryrun"], { env: ACCOUNT });
    expect(global.stderr).toContain("did you mean `--dry-run`?");
  });

  it("says when nothing is close, and lists the short flags for an unknown short one", async () => {
    const far = await run(["devices", "list", "--colour"], { env: ACCOUNT });
    expect(far.stderr).toMatch(/error: unknown flag `--colour`\n/);
    const short = await run(["devices", "list", "-x"], { env: ACCOUNT });
    expect(short.code).toBe(ExitCode.usage);
    expect(short.stderr).toContain("unknown flag `-x` (short flags: -y for --yes");
    expect(short.stderr).not.toMatch(NODE_TEXT);
  });

  it("reads a long flag written with one dash as that flag", async () => {
    const r = await run(["devices", "list", "-json"], { env: ACCOUNT });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain(
      "unknown flag `-json`; did you mean `--json`? (long flags take two dashes)",
    );
    const typo = await run(["devices", "list", "-per-pag=5"], { env: ACCOUNT });
    expect(typo.stderr).toContain("unknown flag `-per-pag`; did you mean `--per-page`?");
    // A known short flag grouped with others is still read as short flags.
    expect((await run(["devices", "list", "-yv", "--dry-run"], { env: ACCOUNT })).code).toBe(
      ExitCode.ok,
    );
  });

  it("explains a flag without its value, a value that looks like a flag, and a value given to a switch", async () => {
    const missing = await run(["devices", "list", "--per-page"], { env: ACCOUNT });
    expect(missing.code).toBe(ExitCode.usage);
    expect(missing.stderr).toContain("--per-page needs a value: --per-page INTEGER");
    const dash = await run(["devices", "list", "--per-page", "-5"], { env: ACCOUNT });
    expect(dash.code).toBe(ExitCode.usage);
    expect(dash.stderr).toContain("write --per-page=-5");
    const toggle = await run(["devices", "list", "--json=yes"], { env: ACCOUNT });
    expect(toggle.code).toBe(ExitCode.usage);
    expect(toggle.stderr).toContain('--json takes no value; got "yes"');
    for (const r of [missing, dash, toggle]) expect(r.stderr).not.toMatch(NODE_TEXT);
  });

  it("checks flags given without a command", async () => {
    const r = await run(["--versoin"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("unknown flag `--versoin`; did you mean `--version`?");
  });

  it("still accepts what is right: values with '=', '-' for stdin, words after '--'", async () => {
    const r = await run(["devices", "list", "--per-page=5", "--dry-run"], { env: ACCOUNT });
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    expect(r.stdout).toContain("per_page=5");
  });

  it("suggests the right flag for a one-letter typo of every long flag of every command", async () => {
    for (const command of allCommands()) {
      const flags = [...Object.keys(globalFlags), ...Object.keys(command.flags)];
      for (const flag of Object.keys(command.flags)) {
        if (flag.length < 5) continue;
        // Drop the letter before the last: `--per-page` → `--per-pae`.
        const typo = flag.slice(0, -2) + flag.slice(-1);
        if (flags.includes(typo)) continue;
        const r = await run([...command.name.split(" "), `--${typo}`], { env: ACCOUNT });
        expect(r.code, `${command.name} --${typo}`).toBe(ExitCode.usage);
        expect(r.stderr, `${command.name} --${typo}`).toContain(`did you mean \`--${flag}\`?`);
      }
    }
  });
});
