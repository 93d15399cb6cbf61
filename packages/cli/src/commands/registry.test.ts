import { readdirSync } from "node:fs";
import { manifest } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { run } from "../../test/helpers.js";
import { groupHelp, groupLines, topHelp } from "../help.js";
import { type CommandDef, defineArea, simple } from "./_shared.js";
import { bashScript, fishScript } from "./completion/index.js";
import { areas, commands, findCommand, findGroup } from "./registry.js";

/** The area files: every `commands/*.ts` but private (`_…`), test and registry files. */
const areaFiles = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && !f.endsWith(".test.ts"))
  .filter((f) => f !== "registry.ts");

/** An area the registry does not know, standing in for a new area file. */
const widgets = defineArea({
  group: "widgets",
  summary: "Widgets for the test",
  commands: [
    {
      ...simple("widgets list", "listManagedNetworks", { examples: ["cf-devices widgets list"] }),
      flags: { colour: { type: "string", value: "C", description: "Colour of the widgets" } },
    },
    simple("widgets frob", "getManagedNetwork", { examples: ["cf-devices widgets frob"] }),
  ],
});

describe("the registry assembles one file of commands per area", () => {
  it("lists every area file, so a new file is a new group", async () => {
    expect(areaFiles.length).toBeGreaterThanOrEqual(18);
    for (const file of areaFiles) {
      const mod = (await import(`./${file.replace(/\.ts$/, ".js")}`)) as { area?: unknown };
      expect(mod.area, `${file} exports an area`).toBeDefined();
      expect(areas, `registry.ts imports ${file}`).toContain(mod.area);
    }
    expect(areas).toHaveLength(areaFiles.length);
  });

  it("has one group per area and unique command names", () => {
    const groups = areas.map((a) => a.group);
    expect(new Set(groups).size).toBe(groups.length);
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("refuses a command outside its area's group", () => {
    expect(() =>
      defineArea({
        group: "widgets",
        summary: "x",
        commands: [simple("gadgets list", "listManagedNetworks", { examples: [] })],
      }),
    ).toThrow(/not in its area's group "widgets"/);
  });

  it("lets --all follow every cursor and numbered list, from the manifest", () => {
    for (const c of commands) {
      if (c.operations.length !== 1 || c.handler !== "operation") continue;
      const kind = manifest[c.operations[0]!].pagination;
      expect(c.paginated ?? false, c.name).toBe(kind === "cursor" || kind === "numbered");
    }
  });

  it("finds multi-word groups and commands", () => {
    expect(findGroup(["posture", "rules", "frobnicate"])).toBe("posture rules");
    expect(findGroup(["posture"])).toBe("posture");
    expect(findGroup(["split-tunnel", "include"])).toBe("split-tunnel include");
    expect(findGroup(["nothing"])).toBeUndefined();
    expect(findCommand(["posture", "integrations", "get", "x"])?.command.name).toBe(
      "posture integrations get",
    );
  });
});

describe("help, group list and completion are derived from the areas", () => {
  it("the top-level help lists each area with its summary and subcommands", () => {
    const help = topHelp("9.9.9", areas);
    for (const [group, line] of groupLines(areas)) {
      expect(help).toContain(group);
      expect(help).toContain(line);
    }
    expect(help).toMatch(/posture rules\s+Device posture rules: list, get, create, update, delete/);
    expect(help).toMatch(/settings\s+Account-wide device settings: get, set, patch, reset/);
  });

  it("adding an area adds it to the help, the group help and every completion script", () => {
    const more = [...areas, widgets];
    expect(topHelp("9.9.9", areas)).not.toContain("widgets");
    expect(topHelp("9.9.9", more)).toMatch(/widgets\s+Widgets for the test: list, frob/);
    const all: CommandDef[] = more.flatMap((a) => a.commands);
    expect(groupHelp("widgets", all)).toMatch(/frob\s+Get managed network/);
    const bash = bashScript(more);
    expect(bash).toMatch(/""\) words="[^"]*\bwidgets\b/);
    expect(bash).toMatch(/"widgets"\) words="list frob"/);
    expect(bash).toContain('"widgets list") flags="--colour');
    expect(bashScript(areas)).not.toContain("widgets");
    const fish = fishScript(more);
    expect(fish).toContain(
      `complete -c cf-devices -n '__fish_use_subcommand' -a widgets -d "Widgets for the test"`,
    );
    expect(fish).toContain("-a frob -d");
    expect(fish).toContain("-l colour -r");
  });

  it.each(["bash", "zsh", "fish"])("the %s completion covers the new groups", async (shell) => {
    const r = await run(["completion", shell]);
    expect(r.code).toBe(0);
    for (const word of [
      "posture",
      "rules",
      "integrations",
      "networks",
      "settings",
      "ip-profiles",
      "deployment-groups",
      "resilience",
      "override-codes",
      "justification",
    ]) {
      expect(r.stdout).toContain(word);
    }
  });

  it("`posture --help` lists both posture areas; `posture rules` alone is a usage error", async () => {
    const help = await run(["posture", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/rules list\s+List posture rules/);
    expect(help.stdout).toMatch(/integrations delete\s+Delete posture integration/);
    const bare = await run(["posture", "rules"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Usage: cf-devices posture rules <subcommand>");
    const typo = await run(["posture", "rules", "explode"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('"explode"');
  });
});
