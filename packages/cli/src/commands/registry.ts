/**
 * The command table, assembled from the area files next to this one: one file of commands per
 * area of the API (`devices.ts`, `posture-rules.ts`, …) and per tool (`api.ts`, `mock.ts`,
 * `completion.ts`). The top-level help, group help and shell completion are built from `areas`,
 * so a new area file only has to be listed here (a test checks that every file is).
 *
 * Query flags and summaries come from the manifest, so a new query parameter in the spec shows
 * up here after `pnpm generate`; the lockstep test fails while an operation has no command.
 * The table is plain data: command bodies load lazily (see `main.ts`), an area's commands are
 * built when first read, and a command line reads only the area its words name; `--version`
 * never loads the table.
 */
import type { Area, CommandDef } from "./_shared.js";
import { area as api } from "./api.js";
import { area as certificates } from "./certificates.js";
import { area as completion } from "./completion.js";
import { area as deploymentGroups } from "./deployment-groups.js";
import { area as devices } from "./devices.js";
import { area as fallbackDomains } from "./fallback-domains.js";
import { area as ipProfiles } from "./ip-profiles.js";
import { area as legacyDevices } from "./legacy-devices.js";
import { area as mock } from "./mock.js";
import { area as networks } from "./networks.js";
import { area as overrideCodes } from "./override-codes.js";
import { area as postureIntegrations } from "./posture-integrations.js";
import { area as postureRules } from "./posture-rules.js";
import { area as profiles } from "./profiles.js";
import { area as registrations } from "./registrations.js";
import { area as resilience } from "./resilience.js";
import { area as settings } from "./settings.js";
import { area as splitTunnel } from "./split-tunnel.js";

export type {
  Area,
  ArgDef,
  CommandDef,
  HandlerName,
  ListEditSpec,
  PlanInput,
  PlannedRequest,
} from "./_shared.js";

/**
 * Every area, in the order the top-level help lists them.
 *
 * @example
 * ```ts
 * import { areas } from "@cf-devices/cli";
 * for (const area of areas) console.log(area.group, area.commands.map((c) => c.name));
 * ```
 */
export const areas: readonly Area[] = [
  devices,
  registrations,
  profiles,
  splitTunnel,
  fallbackDomains,
  certificates,
  settings,
  postureRules,
  postureIntegrations,
  networks,
  ipProfiles,
  deploymentGroups,
  resilience,
  overrideCodes,
  legacyDevices,
  api,
  mock,
  completion,
];

let all: readonly CommandDef[] | undefined;

/**
 * Every command of every area, in help order (this builds all areas).
 *
 * @example
 * ```ts
 * import { allCommands } from "@cf-devices/cli";
 * const names = allCommands().map((c) => c.name); // ["devices list", "devices get", …]
 * ```
 */
export function allCommands(): readonly CommandDef[] {
  all ??= areas.flatMap((a) => a.commands);
  return all;
}

/** The areas whose commands may start with `text` or be named by a start of it. */
function areasAbout(text: string): Area[] {
  return areas.filter(
    (a) => text === a.group || text.startsWith(`${a.group} `) || `${a.group} `.startsWith(text),
  );
}

/**
 * Finds the longest command name matching the leading words of argv. Only the areas those
 * words name are built.
 */
export function findCommand(words: string[]): { command: CommandDef; rest: string[] } | undefined {
  const candidates = areasAbout(words.slice(0, 3).join(" ")).flatMap((a) => a.commands);
  for (let n = Math.min(3, words.length); n > 0; n--) {
    const name = words.slice(0, n).join(" ");
    const command = candidates.find((c) => c.name === name);
    if (command) return { command, rest: words.slice(n) };
  }
  return undefined;
}

/**
 * The longest run of leading words that commands share as a group (`posture`, `posture rules`,
 * `split-tunnel include`), for the group help; undefined when not even the first word is one.
 */
export function findGroup(words: readonly string[]): string | undefined {
  for (let n = Math.min(2, words.length); n > 0; n--) {
    const prefix = `${words.slice(0, n).join(" ")} `;
    const candidates = areasAbout(prefix.trimEnd()).flatMap((a) => a.commands);
    if (candidates.some((c) => c.name.startsWith(prefix))) return prefix.trimEnd();
  }
  return undefined;
}
