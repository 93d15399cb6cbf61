import { describe, expect, it } from "vitest";
import { run } from "../test/helpers.js";
import { allCommands } from "./commands/registry.js";
import { ExitCode } from "./errors.js";
import { closest, editDistance, knownPrefixLength, nextWords } from "./suggest.js";

describe("closest", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours as one edit each", () => {
    expect(editDistance("per-pag", "per-page")).toBe(1);
    expect(editDistance("lsit", "list")).toBe(1);
    expect(editDistance("devics", "devices")).toBe(1);
    expect(editDistance("get", "set")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("picks the nearest candidate, or the only one the word starts", () => {
    expect(closest("per-pag", ["page", "per-page", "json"])).toBe("per-page");
    expect(closest("lst", ["list", "get", "delete"])).toBe("list");
    expect(closest("JSON", ["json", "ndjson"])).toBe("json");
    expect(closest("exc", ["include", "exclude"])).toBe("exclude");
    // Two candidates start with it, and neither is close: no guess.
    expect(closest("re", ["revoke", "registrations", "reset"])).toBeUndefined();
  });

  it("does not guess when nothing is close", () => {
    expect(closest("frobnicate", ["devices", "registrations", "profiles"])).toBeUndefined();
    expect(closest("x", ["json", "yes"])).toBeUndefined();
  });
});

describe("the command table as words", () => {
  it("knows which words follow a prefix, and how much of a command line names a group", () => {
    expect(nextWords([], allCommands())).toContain("split-tunnel");
    expect(nextWords(["split-tunnel"], allCommands())).toEqual(["include", "exclude"]);
    expect(nextWords(["split-tunnel", "exclude"], allCommands())).toEqual(
      expect.arrayContaining(["get", "set", "add", "remove"]),
    );
    expect(knownPrefixLength(["split-tunnel", "exclude", "rmove"], allCommands())).toBe(2);
    expect(knownPrefixLength(["devics"], allCommands())).toBe(0);
  });
});

describe("a mistyped command or subcommand (exit 2)", () => {
  it("suggests the closest command and lists every command", async () => {
    const r = await run(["devics", "list"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('unknown command "devics"; did you mean "devices"?');
    for (const group of nextWords([], allCommands())) expect(r.stderr).toContain(group);
    expect(r.stdout).toBe("");
  });

  it("suggests the closest subcommand and lists the group's subcommands", async () => {
    const r = await run(["devices", "lst", "--json"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain(
      'unknown subcommand "lst" for devices; did you mean "devices list"?',
    );
    expect(r.stderr).toContain(
      `Subcommands of devices: ${nextWords(["devices"], allCommands()).join(", ")}`,
    );
    expect(r.stderr).toContain("Run 'cf-devices devices --help'");
  });

  it("works at every level of a nested group", async () => {
    const inner = await run(["split-tunnel", "exclude", "rmove", "10.0.0.0/8"]);
    expect(inner.code).toBe(ExitCode.usage);
    expect(inner.stderr).toContain('did you mean "split-tunnel exclude remove"?');
    expect(inner.stderr).toContain("Subcommands of split-tunnel exclude: get, set, add, remove");
    const outer = await run(["split-tunnel", "exclud", "add", "10.0.0.0/8"]);
    expect(outer.stderr).toContain('did you mean "split-tunnel exclude"?');
    expect(outer.stderr).toContain("Subcommands of split-tunnel: include, exclude");
  });

  it("names the groups of a subcommand typed without its group", async () => {
    const r = await run(["revoke", "ID"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain(
      'unknown command "revoke"; did you mean "devices revoke" or "registrations revoke" or "legacy-devices revoke"?',
    );
    const nested = await run(["split-tunnel", "add", "10.0.0.0/8"]);
    expect(nested.stderr).toContain(
      'did you mean "split-tunnel include add" or "split-tunnel exclude add"?',
    );
  });

  it("still lists what exists when nothing is close", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).not.toContain("did you mean");
    expect(r.stderr).toMatch(/Commands: devices, registrations, /);
  });

  it("shows a group's help for a group without a subcommand", async () => {
    const r = await run(["split-tunnel", "exclude"]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("Usage: cf-devices split-tunnel exclude <subcommand>");
    const help = await run(["split-tunnel", "exclude", "--help"]);
    expect(help.code).toBe(ExitCode.ok);
    expect(help.stdout).toContain("Usage: cf-devices split-tunnel exclude <subcommand>");
  });

  it("suggests a subcommand for every typo of every command (one swapped or dropped letter)", async () => {
    for (const command of allCommands()) {
      const words = command.name.split(" ");
      const last = words.at(-1)!;
      if (words.length < 2 || last.length < 4) continue;
      const typo = last.slice(0, -1);
      const r = await run([...words.slice(0, -1), typo]);
      expect(r.code, command.name).toBe(ExitCode.usage);
      expect(r.stderr, command.name).toContain(`did you mean "${command.name}"?`);
    }
  });
});
