/**
 * The command table, assembled from the area files next to this one: one file of commands per
 * area of the API (`devices.ts`, `posture-rules.ts`, …) and per tool (`api.ts`, `mock.ts`,
 * `completion.ts`). The top-level help, group help and shell completion are built from `areas`,
 * so a new area file only has to be listed here (a test checks that every file is).
 *
 * Query flags and summaries come from the manifest, so a new query parameter in the spec shows
 * up here after `pnpm generate`; the lockstep test fails while an operation has no command.
 * The table is plain data: command bodies load lazily (see `main.ts`), so building it costs
 * little, and `--version` never loads it.
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

export const commands: readonly CommandDef[] = areas.flatMap((a) => a.commands);

/** Finds the longest command name matching the leading words of argv. */
export function findCommand(words: string[]): { command: CommandDef; rest: string[] } | undefined {
  for (let n = Math.min(3, words.length); n > 0; n--) {
    const name = words.slice(0, n).join(" ");
    const command = commands.find((c) => c.name === name);
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
    if (commands.some((c) => c.name.startsWith(prefix))) return prefix.trimEnd();
  }
  return undefined;
}
