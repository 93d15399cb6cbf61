import { readdirSync } from "node:fs";
import { manifest } from "@cf-devices/types";
import { describe, expect, it, vi } from "vitest";
import { run } from "../../test/helpers.js";
import { groupHelp, groupLines, topHelp } from "../help.js";
import { type CommandDef, defineArea, simple } from "./_shared.js";
import { bashScript, fishScript } from "./completion/index.js";
import { allCommands, areas, findCommand, findGroup } from "./registry.js";

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
    const names = allCommands().map((c) => c.name);
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
    // An area built on first use says so when it is first used.
    let built = 0;
    const lazy = defineArea({
      group: "widgets",
      summary: "x",
      commands: () => {
        built++;
        return [simple("gadgets list", "listManagedNetworks", { examples: [] })];
      },
    });
    expect(built).toBe(0);
    expect(() => lazy.commands).toThrow(/not in its area's group "widgets"/);
  });

  it("builds only the area a command line names", async () => {
    // Fresh area modules: nothing built yet.
    vi.resetModules();
    const fresh = await import("./registry.js");
    // Which areas have built their commands: a getter that has run holds the built list.
    const reads = new Map<string, number>();
    const watched = fresh.areas.map((a) => {
      const descriptor = Object.getOwnPropertyDescriptor(a, "commands")!;
      return { area: a, lazy: typeof descriptor.get === "function" };
    });
    expect(watched.every((w) => w.lazy)).toBe(true);
    for (const { area } of watched) {
      const get = Object.getOwnPropertyDescriptor(area, "commands")!.get!;
      Object.defineProperty(area, "commands", {
        get() {
          reads.set(area.group, (reads.get(area.group) ?? 0) + 1);
          return get.call(area);
        },
      });
    }
    expect(fresh.findCommand(["posture", "rules", "list"])?.command.name).toBe(
      "posture rules list",
    );
    expect([...reads.keys()]).toEqual(["posture rules"]);
    expect(fresh.findCommand(["devices", "list"])?.command.name).toBe("devices list");
    expect(reads.has("registrations")).toBe(false);
    expect(fresh.allCommands().length).toBeGreaterThan(60);
    expect(reads.has("registrations")).toBe(true);
  });

  it("lets --all follow every cursor and numbered list, from the manifest", () => {
    for (const c of allCommands()) {
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
