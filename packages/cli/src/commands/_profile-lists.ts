/**
 * get / set / add / remove on a list that exists on the default profile and on each custom
 * profile (Split Tunnel include and exclude, Local Domain Fallback). Private to `commands/`.
 */
import type { OperationId } from "@cf-devices/types";
import type { FlagDef } from "../flags.js";
import type { ArgDef, CommandDef, ListEditSpec, PlanInput, PlannedRequest } from "./_shared.js";
import { fileFlag } from "./_shared.js";

const profileFlag: FlagDef = {
  type: "string",
  value: "ID",
  description: "Act on this device settings profile instead of the default profile",
};

export const describeFlag: FlagDef = {
  type: "string",
  value: "TEXT",
  description: "Description for the added entries (at most 100 characters)",
};

export function profileListCommands(
  prefix: string,
  what: string,
  kind: ListEditSpec["kind"],
  get: [OperationId, OperationId],
  set: [OperationId, OperationId],
  addArgs: ArgDef,
  addFlags: Record<string, FlagDef>,
  example: { add: string; remove: string },
  columns: readonly string[],
): CommandDef[] {
  const pickOp = (ops: [OperationId, OperationId], input: PlanInput): PlannedRequest => {
    const profile = input.flags.profile as string | undefined;
    return profile
      ? { operationId: ops[1], path: { policy_id: profile } }
      : { operationId: ops[0] };
  };
  const common = { args: [] as ArgDef[], handler: "operation" as const };
  return [
    {
      ...common,
      name: `${prefix} get`,
      summary: `Show the ${what}`,
      operations: get,
      flags: { profile: profileFlag },
      columns,
      examples: [
        `cf-devices ${prefix} get`,
        `cf-devices ${prefix} get --profile PROFILE_ID --json`,
      ],
      plan: (input) => [pickOp(get, input)],
    },
    {
      ...common,
      name: `${prefix} set`,
      summary: `Replace the whole ${what} with the list in a file`,
      operations: set,
      flags: { profile: profileFlag, file: fileFlag },
      bodyFrom: "file",
      destructive: true,
      examples: [`cf-devices ${prefix} set --file list.yaml --yes`],
      plan: (input) => [{ ...pickOp(set, input), body: input.body }],
    },
    {
      ...common,
      name: `${prefix} add`,
      summary: `Add entries to the ${what} (reads it, changes it, writes it back)`,
      operations: [...get, ...set],
      handler: "list-edit",
      args: [addArgs],
      flags: { profile: profileFlag, ...addFlags },
      destructive: true,
      examples: [example.add],
      listEdit: { kind, action: "add", get, set },
    },
    {
      ...common,
      name: `${prefix} remove`,
      summary: `Remove entries from the ${what} (reads it, changes it, writes it back)`,
      operations: [...get, ...set],
      handler: "list-edit",
      args: [{ ...addArgs, description: `${addArgs.description} to remove` }],
      flags: { profile: profileFlag },
      destructive: true,
      examples: [example.remove],
      listEdit: { kind, action: "remove", get, set },
    },
  ];
}
