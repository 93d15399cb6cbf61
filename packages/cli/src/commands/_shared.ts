/**
 * What the area files of commands are made of: the types of the command table, the flags and
 * arguments several areas share, and builders that derive a command from its operation in the
 * manifest (summary, description, query flags, path parameter, pagination). Private to
 * `commands/`; `registry.ts` re-exports the types.
 */
import { manifest, type OperationId } from "@cf-devices/types";
import { type FlagDef, queryFlags } from "../flags.js";

export interface ArgDef {
  name: string;
  description: string;
  required: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

/** One request a command will send. Path parameters the user did not give come from defaults. */
export interface PlannedRequest {
  operationId: OperationId;
  path?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export interface PlanInput {
  args: Record<string, string | string[] | undefined>;
  flags: Record<string, unknown>;
  /** Query parameters parsed from the command's query flags. */
  query: Record<string, unknown>;
  /** The parsed `--file`/stdin body, when the command takes one. */
  body?: unknown;
}

export type HandlerName = "operation" | "list-edit" | "api" | "mock" | "completion";

export interface CommandDef {
  /** Words after `cf-devices`, e.g. `split-tunnel include add`. */
  name: string;
  summary: string;
  description?: string;
  /** Every operation this command can send. */
  operations: readonly OperationId[];
  args: readonly ArgDef[];
  flags: Record<string, FlagDef>;
  examples: readonly string[];
  handler: HandlerName;
  /** Changes or removes data: asks for confirmation, honours --yes and --dry-run. */
  destructive?: boolean;
  /**
   * Where the body comes from. `file`: always from --file or stdin, validated against the
   * operation's request schema. `file-or-flags`: from --file when it is given, otherwise `plan`
   * builds it from flags (and it is validated the same way).
   */
  bodyFrom?: "file" | "file-or-flags";
  /** Supports --all (follows every page, cursor or numbered). */
  paginated?: boolean;
  /** Default table columns. */
  columns?: readonly string[];
  /** Which requests to send, for `operation` commands. */
  plan?: (input: PlanInput) => PlannedRequest[];
  /** What the confirmation question says the command will do, when ids alone do not say it. */
  describe?: (requests: readonly PlannedRequest[]) => string;
  /** For deprecated commands: what to use instead. */
  deprecated?: string;
  /** For `list-edit` commands. */
  listEdit?: ListEditSpec;
}

export interface ListEditSpec {
  kind: "split-tunnel" | "fallback-domains";
  action: "add" | "remove";
  get: [defaultList: OperationId, profileList: OperationId];
  set: [defaultList: OperationId, profileList: OperationId];
}

/**
 * One area of the CLI: a file of commands under `commands/`. The top-level help, the group help
 * and shell completion are built from the areas that `registry.ts` assembles, so a new area file
 * is a new group everywhere.
 */
export interface Area {
  /** The words every command of the area starts with, e.g. `posture rules`. */
  group: string;
  /** What the group is about, for the top-level help (its subcommands are added to it). */
  summary: string;
  commands: readonly CommandDef[];
}

/**
 * An area as its file defines it. `commands` may be a function, called the first time the
 * area's commands are read: a command line builds only the area its words name (see
 * `findCommand`), not all of them.
 */
export interface AreaInput {
  group: string;
  summary: string;
  commands: readonly CommandDef[] | (() => readonly CommandDef[]);
}

/** Checks that every command of an area starts with its group words (when they are built). */
export function defineArea(input: AreaInput): Area {
  const check = (commands: readonly CommandDef[]) => {
    for (const c of commands) {
      if (c.name !== input.group && !c.name.startsWith(`${input.group} `)) {
        throw new Error(`command "${c.name}" is not in its area's group "${input.group}"`);
      }
    }
    return commands;
  };
  const make = input.commands;
  if (typeof make !== "function") {
    return { group: input.group, summary: input.summary, commands: check(make) };
  }
  let built: readonly CommandDef[] | undefined;
  return {
    group: input.group,
    summary: input.summary,
    get commands() {
      built ??= check(make());
      return built;
    },
  };
}

export const fileFlag: FlagDef = {
  type: "string",
  value: "FILE",
  description: "Read the body from a JSON or YAML file ('-' for stdin)",
};

export const BULK_CHUNK = 50;

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
export const one = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v[0]! : (v ?? "");

export function deprecatedNote(id: OperationId, replacement: string): string {
  const op = manifest[id];
  return `Deprecated API (${op.method} ${op.path}); use \`cf-devices ${replacement}\` instead.`;
}

export const idArg = (name: string, description: string, variadic = false): ArgDef => ({
  name,
  description,
  required: true,
  variadic,
});

/** Whether `--all` can follow the pages of an operation. */
export const followsPages = (id: OperationId): boolean =>
  manifest[id].pagination === "cursor" || manifest[id].pagination === "numbered";

/** A command that sends one operation with the query flags of that operation. */
export function simple(
  name: string,
  id: OperationId,
  extra: Partial<CommandDef> & { examples: readonly string[] },
  path: (input: PlanInput) => Record<string, string> = () => ({}),
): CommandDef {
  const op = manifest[id];
  return {
    name,
    summary: op.summary,
    description: op.description,
    operations: [id],
    args: [],
    flags: queryFlags(op.queryParams),
    handler: "operation",
    paginated: followsPages(id),
    plan: (input) => [{ operationId: id, path: path(input), query: input.query, body: input.body }],
    ...extra,
  };
}

/** The path parameter that names the object (not the account or zone), from the manifest. */
export function objectParam(id: OperationId): string {
  const params = manifest[id].pathParams.filter((p) => p !== "account_id" && p !== "zone_id");
  if (params.length !== 1) throw new Error(`${id} does not name exactly one object in its path`);
  return params[0]!;
}

/** The commands of an object the API lets you list, get, create, update and delete. */
export interface ResourceSpec {
  /** Group words, e.g. `posture rules`. */
  group: string;
  /** What one object is called, e.g. `posture rule`. */
  noun: string;
  operations: {
    list: OperationId;
    get: OperationId;
    create: OperationId;
    update: OperationId;
    delete: OperationId;
  };
  /** Default table columns of the list. */
  columns: readonly string[];
  /** At least one example per command, without the `cf-devices <group>` prefix being implied. */
  examples: Record<keyof ResourceSpec["operations"], readonly string[]>;
}

/**
 * list / get / create / update / delete for one kind of object. The id argument is named after
 * the operation's path parameter (`rule_id` → RULE-ID); `delete` takes several ids.
 */
export function resourceCommands(spec: ResourceSpec): CommandDef[] {
  const { group, noun, operations: ops, examples } = spec;
  const param = objectParam(ops.get);
  const argName = param.replaceAll("_", "-");
  const arg = idArg(argName, `Id of the ${noun}`);
  const pathOf = (input: PlanInput) => ({ [param]: one(input.args[argName]) });
  const withBody = { flags: { file: fileFlag }, bodyFrom: "file" as const };
  return [
    simple(`${group} list`, ops.list, { columns: spec.columns, examples: examples.list }),
    simple(`${group} get`, ops.get, { args: [arg], examples: examples.get }, pathOf),
    simple(`${group} create`, ops.create, { ...withBody, examples: examples.create }),
    simple(
      `${group} update`,
      ops.update,
      {
        ...withBody,
        args: [arg],
        destructive: true,
        examples: examples.update,
      },
      pathOf,
    ),
    {
      ...simple(`${group} delete`, ops.delete, { examples: examples.delete }),
      args: [idArg(argName, `Ids of the ${noun}s to delete`, true)],
      destructive: true,
      plan: ({ args }) =>
        list(args[argName]).map((id) => ({ operationId: ops.delete, path: { [param]: id } })),
    },
  ];
}
