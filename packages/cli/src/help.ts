/**
 * Help text, generated from the areas of the command table and the flag table.
 */
import { type Area, areas as allAreas, type CommandDef } from "./commands/registry.js";
import { type FlagDef, globalFlags } from "./flags.js";

/**
 * One line per area for the top-level help: its group words, its summary and its subcommands,
 * all read from the area files (`commands/*.ts`), so a new area is listed without editing this.
 */
export function groupLines(areas: readonly Area[]): [string, string][] {
  return areas.map((area) => {
    const verbs = [
      ...new Set(
        area.commands.filter((c) => c.name !== area.group).map((c) => c.name.split(" ").at(-1)!),
      ),
    ];
    return [area.group, verbs.length > 0 ? `${area.summary}: ${verbs.join(", ")}` : area.summary];
  });
}

function flagLine(name: string, def: FlagDef): [string, string] {
  const short = def.short ? `-${def.short}, ` : "    ";
  const value = def.type === "string" ? ` ${def.value ?? "VALUE"}` : "";
  return [`${short}--${name}${value}`, def.description];
}

function columns(rows: [string, string][], indent = "  "): string {
  const width = Math.min(38, Math.max(...rows.map(([a]) => a.length)));
  return rows
    .map(([a, b]) =>
      a.length > width
        ? `${indent}${a}\n${indent}${" ".repeat(width)}  ${b}`
        : `${indent}${a.padEnd(width)}  ${b}`,
    )
    .join("\n");
}

export function topHelp(version: string, areas: readonly Area[] = allAreas): string {
  return `cf-devices ${version} — the Cloudflare Zero Trust Devices API from your terminal

Usage: cf-devices <command> [subcommand] [flags]

Commands:
${columns(groupLines(areas))}

Global flags:
${columns(Object.entries(globalFlags).map(([n, d]) => flagLine(n, d)))}

Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.
Try it without an account: cf-devices devices list --mock

Run 'cf-devices <command> --help' for more. Exit codes: 0 ok, 1 API error, 2 usage error,
3 cancelled, 4 authentication error, 130 interrupted.
`;
}

export function groupHelp(group: string, commands: readonly CommandDef[]): string | undefined {
  const inGroup = commands.filter((c) => c.name === group || c.name.startsWith(`${group} `));
  if (inGroup.length === 0) return undefined;
  return `Usage: cf-devices ${group} <subcommand> [flags]

Subcommands:
${columns(inGroup.map((c) => [c.name.slice(group.length + 1) || c.name, c.deprecated ? `${c.summary} (deprecated)` : c.summary]))}

Run 'cf-devices ${group} <subcommand> --help' for flags and examples.
`;
}

export function usageLine(command: CommandDef): string {
  const args = command.args
    .map((a) => {
      const name = `${a.name.toUpperCase()}${a.variadic ? "..." : ""}`;
      return a.required ? name : `[${name}]`;
    })
    .join(" ");
  return `Usage: cf-devices ${command.name}${args ? ` ${args}` : ""} [flags]`;
}

export function commandHelp(command: CommandDef): string {
  const parts = [usageLine(command), "", `${command.summary}.`];
  if (command.description && command.description !== command.summary)
    parts.push("", command.description);
  if (command.deprecated) parts.push("", `DEPRECATED: ${command.deprecated}`);
  if (command.args.length > 0) {
    parts.push(
      "",
      "Arguments:",
      columns(command.args.map((a) => [a.name.toUpperCase(), a.description])),
    );
  }
  const own = Object.entries(command.flags).map(([n, d]) => flagLine(n, d));
  if (command.paginated) own.push(["    --all", "Follow every page and stream all results"]);
  if (own.length > 0) parts.push("", "Flags:", columns(own));
  parts.push(
    "",
    "Global flags:",
    columns(Object.entries(globalFlags).map(([n, d]) => flagLine(n, d))),
  );
  parts.push("", "Examples:", ...command.examples.map((e) => `  $ ${e}`));
  if (command.destructive) {
    parts.push(
      "",
      "This command changes data: it asks first on a terminal; pass --yes in scripts, or --dry-run to see the request.",
    );
  }
  return `${parts.join("\n")}\n`;
}
