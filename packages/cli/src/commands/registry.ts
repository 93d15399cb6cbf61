/**
 * The command table: every `cf-devices` command, the operations it reaches, its arguments and
 * flags. Query flags and summaries come from the manifest, so a new query parameter in the spec
 * shows up here after `pnpm generate`; the lockstep test fails while an operation has no command.
 * Command bodies are loaded lazily (see `handlers`), so `--help` and `--version` stay fast.
 */
import { serveFlags } from "@cf-devices/mock/command";
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
  /** Reads a JSON/YAML body from --file or stdin, validated against this operation's schema. */
  bodyFrom?: "file";
  /** Supports --all (follows every page). */
  paginated?: boolean;
  /** Default table columns. */
  columns?: readonly string[];
  /** Which requests to send, for `operation` commands. */
  plan?: (input: PlanInput) => PlannedRequest[];
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

const fileFlag: FlagDef = {
  type: "string",
  value: "FILE",
  description: "Read the body from a JSON or YAML file ('-' for stdin)",
};
const profileFlag: FlagDef = {
  type: "string",
  value: "ID",
  description: "Act on this device settings profile instead of the default profile",
};
const BULK_CHUNK = 50;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0]! : (v ?? ""));

function deprecatedNote(id: OperationId, replacement: string): string {
  const op = manifest[id];
  return `Deprecated API (${op.method} ${op.path}); use \`cf-devices ${replacement}\` instead.`;
}

/** A command that sends one operation with the query flags of that operation. */
function simple(
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
    paginated: op.pagination === "cursor",
    plan: (input) => [{ operationId: id, path: path(input), query: input.query, body: input.body }],
    ...extra,
  };
}

const idArg = (name: string, description: string, variadic = false): ArgDef => ({
  name,
  description,
  required: true,
  variadic,
});

// ---------------------------------------------------------------------------------------------
const devices: CommandDef[] = [
  simple("devices list", "listPhysicalDevices", {
    columns: [
      "id",
      "name",
      "device_type",
      "client_version",
      "active_registrations",
      "last_seen_user.email",
      "last_seen_at",
    ],
    examples: [
      "cf-devices devices list --active-registrations include --sort-by last_seen_at --sort-order desc",
      "cf-devices devices list --all --ndjson --fields id,name",
    ],
  }),
  simple(
    "devices get",
    "getPhysicalDevice",
    {
      args: [idArg("device-id", "Physical device id")],
      examples: [
        "cf-devices devices get 6f0e1b5c-1111-4c1e-9d5e-0a6c7a2b9f10 --include last_seen_registration.policy",
      ],
    },
    ({ args }) => ({ device_id: one(args["device-id"]) }),
  ),
  {
    ...simple("devices delete", "deletePhysicalDevice", {
      examples: ["cf-devices devices delete 6f0e1b5c-1111-4c1e-9d5e-0a6c7a2b9f10 --yes"],
    }),
    args: [idArg("device-id", "Physical device ids", true)],
    destructive: true,
    plan: ({ args }) =>
      list(args["device-id"]).map((device_id) => ({
        operationId: "deletePhysicalDevice",
        path: { device_id },
      })),
  },
  {
    ...simple("devices revoke", "revokePhysicalDevice", {
      examples: ["cf-devices devices revoke 6f0e1b5c-1111-4c1e-9d5e-0a6c7a2b9f10 --yes"],
    }),
    summary: `${manifest.revokePhysicalDevice.summary} (all of its registrations)`,
    args: [idArg("device-id", "Physical device ids", true)],
    destructive: true,
    plan: ({ args }) =>
      list(args["device-id"]).map((device_id) => ({
        operationId: "revokePhysicalDevice",
        path: { device_id },
      })),
  },
];

// ---------------------------------------------------------------------------------------------
function bulkRegistrations(
  name: string,
  id: "revokeRegistrations" | "unrevokeRegistrations",
): CommandDef {
  return {
    ...simple(name, id, { examples: [`cf-devices ${name} REG_ID_1 REG_ID_2 --yes`] }),
    flags: {},
    args: [idArg("registration-id", "Registration ids (sent in batches)", true)],
    destructive: true,
    plan: ({ args }) =>
      chunk(list(args["registration-id"]), BULK_CHUNK).map((ids) => ({
        operationId: id,
        query: { id: ids },
      })),
  };
}

const registrations: CommandDef[] = [
  simple("registrations list", "listRegistrations", {
    columns: [
      "id",
      "device.name",
      "user.email",
      "device.client_version",
      "last_seen_at",
      "revoked_at",
    ],
    examples: [
      "cf-devices registrations list --status revoked",
      "cf-devices registrations list --all --json --fields id,user.email",
    ],
  }),
  simple(
    "registrations get",
    "getRegistration",
    {
      args: [idArg("registration-id", "Registration id")],
      examples: ["cf-devices registrations get REG_ID --include policy"],
    },
    ({ args }) => ({ registration_id: one(args["registration-id"]) }),
  ),
  {
    ...simple("registrations delete", "deleteRegistration", {
      examples: [
        "cf-devices registrations delete REG_ID --yes",
        "cf-devices registrations delete REG_ID_1 REG_ID_2 REG_ID_3 --yes",
      ],
    }),
    summary: "Delete one or more registrations",
    operations: ["deleteRegistration", "deleteRegistrations"],
    flags: {},
    args: [idArg("registration-id", "Registration ids (several are deleted in batches)", true)],
    destructive: true,
    plan: ({ args }) => {
      const ids = list(args["registration-id"]);
      if (ids.length === 1) {
        return [{ operationId: "deleteRegistration", path: { registration_id: ids[0]! } }];
      }
      return chunk(ids, BULK_CHUNK).map((batch) => ({
        operationId: "deleteRegistrations",
        query: { id: batch },
      }));
    },
  },
  bulkRegistrations("registrations revoke", "revokeRegistrations"),
  bulkRegistrations("registrations unrevoke", "unrevokeRegistrations"),
  simple(
    "registrations override-codes",
    "getRegistrationOverrideCodes",
    {
      args: [idArg("registration-id", "Registration id")],
      examples: ["cf-devices registrations override-codes REG_ID --json"],
    },
    ({ args }) => ({ registration_id: one(args["registration-id"]) }),
  ),
];

// ---------------------------------------------------------------------------------------------
const profileArg = idArg("profile-id", "Profile id, or `default` for the default profile");
const isDefault = (input: PlanInput) => one(input.args["profile-id"]) === "default";

const profiles: CommandDef[] = [
  simple("profiles list", "listDeviceSettingsProfiles", {
    columns: ["policy_id", "name", "precedence", "enabled", "default", "match"],
    examples: [
      "cf-devices profiles list",
      "cf-devices profiles list --json --fields policy_id,name",
    ],
  }),
  {
    ...simple("profiles get", "getDeviceSettingsProfile", {
      examples: [
        "cf-devices profiles get default",
        "cf-devices profiles get 0f0c6e4a-7d2b-4a59-9a8e-3f1c2b7d9e01",
      ],
    }),
    operations: ["getDeviceSettingsProfile", "getDefaultDeviceSettingsProfile"],
    args: [profileArg],
    plan: (input) =>
      isDefault(input)
        ? [{ operationId: "getDefaultDeviceSettingsProfile" }]
        : [
            {
              operationId: "getDeviceSettingsProfile",
              path: { policy_id: one(input.args["profile-id"]) },
            },
          ],
  },
  simple("profiles create", "createDeviceSettingsProfile", {
    flags: { file: fileFlag },
    bodyFrom: "file",
    examples: [
      "cf-devices profiles create --file profile.yaml",
      'echo \'{"name":"Contractors","match":"identity.email == \\"a@example.com\\"","precedence":100}\' | cf-devices profiles create --file -',
    ],
  }),
  {
    ...simple("profiles update", "updateDeviceSettingsProfile", {
      examples: [
        "cf-devices profiles update default --file changes.json",
        "cf-devices profiles update PROFILE_ID --file changes.yaml",
      ],
    }),
    operations: ["updateDeviceSettingsProfile", "updateDefaultDeviceSettingsProfile"],
    args: [profileArg],
    flags: { file: fileFlag },
    bodyFrom: "file",
    destructive: true,
    plan: (input) =>
      isDefault(input)
        ? [{ operationId: "updateDefaultDeviceSettingsProfile", body: input.body }]
        : [
            {
              operationId: "updateDeviceSettingsProfile",
              path: { policy_id: one(input.args["profile-id"]) },
              body: input.body,
            },
          ],
  },
  simple(
    "profiles delete",
    "deleteDeviceSettingsProfile",
    {
      args: [idArg("profile-id", "Profile id (the default profile cannot be deleted)")],
      destructive: true,
      examples: ["cf-devices profiles delete 0f0c6e4a-7d2b-4a59-9a8e-3f1c2b7d9e01 --yes"],
    },
    ({ args }) => ({ policy_id: one(args["profile-id"]) }),
  ),
];

// ---------------------------------------------------------------------------------------------
/** get/set/add/remove on a list that exists on the default profile and on each custom profile. */
function profileListCommands(
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

const describeFlag: FlagDef = {
  type: "string",
  value: "TEXT",
  description: "Description for the added entries (at most 100 characters)",
};

const splitTunnel: CommandDef[] = [
  ...profileListCommands(
    "split-tunnel include",
    "Split Tunnel include list",
    "split-tunnel",
    ["getSplitTunnelIncludeList", "getProfileSplitTunnelIncludeList"],
    ["setSplitTunnelIncludeList", "setProfileSplitTunnelIncludeList"],
    idArg("entry", "IP ranges (CIDR) or host names (wildcards allowed)", true),
    { description: describeFlag },
    {
      add: "cf-devices split-tunnel include add 10.0.0.0/8 intranet.example.com --description 'Office' --yes",
      remove: "cf-devices split-tunnel include remove 10.0.0.0/8 --yes",
    },
    ["address", "host", "description"],
  ),
  ...profileListCommands(
    "split-tunnel exclude",
    "Split Tunnel exclude list",
    "split-tunnel",
    ["getSplitTunnelExcludeList", "getProfileSplitTunnelExcludeList"],
    ["setSplitTunnelExcludeList", "setProfileSplitTunnelExcludeList"],
    idArg("entry", "IP ranges (CIDR) or host names (wildcards allowed)", true),
    { description: describeFlag },
    {
      add: "cf-devices split-tunnel exclude add 192.168.0.0/16 --profile PROFILE_ID --yes",
      remove: "cf-devices split-tunnel exclude remove '*.zoom.us' --dry-run",
    },
    ["address", "host", "description"],
  ),
];

const fallbackDomains: CommandDef[] = profileListCommands(
  "fallback-domains",
  "Local Domain Fallback list",
  "fallback-domains",
  ["getLocalDomainFallbackList", "getProfileLocalDomainFallbackList"],
  ["setLocalDomainFallbackList", "setProfileLocalDomainFallbackList"],
  idArg("suffix", "Domain suffixes", true),
  {
    description: describeFlag,
    "dns-server": {
      type: "string",
      multiple: true,
      value: "IP",
      description: "DNS server for the added suffixes (repeatable)",
    },
  },
  {
    add: "cf-devices fallback-domains add corp.example.com --dns-server 10.0.0.53 --yes",
    remove: "cf-devices fallback-domains remove corp.example.com --yes",
  },
  ["suffix", "dns_server", "description"],
);

// ---------------------------------------------------------------------------------------------
const certificates: CommandDef[] = [
  simple("certificates get", "getCertificateProvisioning", {
    examples: ["cf-devices certificates get --zone-id ZONE_ID"],
  }),
  {
    ...simple("certificates enable", "updateCertificateProvisioning", {
      examples: ["cf-devices certificates enable --zone-id ZONE_ID"],
    }),
    summary: "Let WARP clients provision device certificates in a zone",
    plan: () => [{ operationId: "updateCertificateProvisioning", body: { enabled: true } }],
  },
  {
    ...simple("certificates disable", "updateCertificateProvisioning", {
      examples: ["cf-devices certificates disable --zone-id ZONE_ID --yes"],
    }),
    summary: "Stop WARP clients from provisioning device certificates in a zone",
    destructive: true,
    plan: () => [{ operationId: "updateCertificateProvisioning", body: { enabled: false } }],
  },
];

// ---------------------------------------------------------------------------------------------
const legacy: CommandDef[] = [
  simple("legacy-devices list", "listDevices", {
    deprecated: deprecatedNote("listDevices", "devices list` or `cf-devices registrations list"),
    columns: ["id", "name", "device_type", "version", "user.email", "last_seen", "revoked_at"],
    examples: ["cf-devices legacy-devices list --json"],
  }),
  simple(
    "legacy-devices get",
    "getDevice",
    {
      deprecated: deprecatedNote("getDevice", "devices get` or `cf-devices registrations get"),
      args: [idArg("device-id", "Registration (device) id")],
      examples: ["cf-devices legacy-devices get DEVICE_ID"],
    },
    ({ args }) => ({ device_id: one(args["device-id"]) }),
  ),
  {
    ...simple("legacy-devices revoke", "revokeDevices", {
      deprecated: deprecatedNote("revokeDevices", "registrations revoke"),
      examples: ["cf-devices legacy-devices revoke DEVICE_ID --yes"],
    }),
    args: [idArg("device-id", "Registration (device) ids", true)],
    destructive: true,
    plan: ({ args }) =>
      chunk(list(args["device-id"]), BULK_CHUNK).map((ids) => ({
        operationId: "revokeDevices",
        body: ids,
      })),
  },
  {
    ...simple("legacy-devices unrevoke", "unrevokeDevices", {
      deprecated: deprecatedNote("unrevokeDevices", "registrations unrevoke"),
      examples: ["cf-devices legacy-devices unrevoke DEVICE_ID --yes"],
    }),
    args: [idArg("device-id", "Registration (device) ids", true)],
    destructive: true,
    plan: ({ args }) =>
      chunk(list(args["device-id"]), BULK_CHUNK).map((ids) => ({
        operationId: "unrevokeDevices",
        body: ids,
      })),
  },
  simple(
    "legacy-devices override-codes",
    "getDeviceOverrideCodes",
    {
      deprecated: deprecatedNote("getDeviceOverrideCodes", "registrations override-codes"),
      args: [idArg("device-id", "Registration (device) id")],
      examples: ["cf-devices legacy-devices override-codes DEVICE_ID"],
    },
    ({ args }) => ({ device_id: one(args["device-id"]) }),
  ),
];

// ---------------------------------------------------------------------------------------------
const tools: CommandDef[] = [
  {
    name: "api",
    summary: "Send a raw request to any path of the API",
    description:
      "METHOD is GET, POST, PUT, PATCH or DELETE; PATH is relative to the base URL and may use {account_id} and {zone_id}. Prints the whole response envelope.",
    operations: [],
    args: [
      idArg("method", "HTTP method"),
      idArg("path", "Path, e.g. /accounts/{account_id}/devices/policies"),
    ],
    flags: {
      field: {
        type: "string",
        short: "f",
        multiple: true,
        value: "KEY=VALUE",
        description: "Query parameter (repeatable; repeat a key for arrays)",
      },
      file: fileFlag,
      paginate: { type: "boolean", description: "Follow result_info.cursor and print every item" },
    },
    handler: "api",
    examples: [
      "cf-devices api GET /accounts/{account_id}/devices/physical-devices -f per_page=5",
      "cf-devices api GET /accounts/{account_id}/devices/registrations --paginate --ndjson",
    ],
  },
  {
    name: "mock serve",
    summary: "Start the standalone mock server of the API (the same command as cf-devices-mock)",
    description:
      "Prints the API base URL on stdout; the account, zone, how to authenticate and a curl line on stderr. With -v, every request served is logged on stderr.",
    operations: [],
    args: [],
    // The flags, their checks and the banner are the mock package's, shared with cf-devices-mock.
    flags: serveFlags,
    handler: "mock",
    examples: [
      "cf-devices mock serve --port 8787 --devices 500",
      "cf-devices mock serve --port 0 --state ./mock-state.json -v",
      "CF_DEVICES_MOCK_TOKEN=$CLOUDFLARE_API_TOKEN cf-devices mock serve  # accept only this token",
    ],
  },
  {
    name: "mock reset",
    summary: "Forget the embedded mock's state, so the next --mock command starts fresh",
    operations: [],
    args: [],
    flags: {},
    handler: "mock",
    examples: ["cf-devices mock reset"],
  },
  {
    name: "completion",
    summary: "Print a shell completion script",
    operations: [],
    args: [idArg("shell", "bash, zsh or fish")],
    flags: {},
    handler: "completion",
    examples: [
      "cf-devices completion bash > /etc/bash_completion.d/cf-devices",
      "cf-devices completion zsh > ~/.zfunc/_cf-devices  # with ~/.zfunc in fpath",
      "cf-devices completion fish > ~/.config/fish/completions/cf-devices.fish",
    ],
  },
];

export const commands: readonly CommandDef[] = [
  ...devices,
  ...registrations,
  ...profiles,
  ...splitTunnel,
  ...fallbackDomains,
  ...certificates,
  ...legacy,
  ...tools,
];

/** Finds the longest command name matching the leading words of argv. */
export function findCommand(words: string[]): { command: CommandDef; rest: string[] } | undefined {
  for (let n = Math.min(3, words.length); n > 0; n--) {
    const name = words.slice(0, n).join(" ");
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: words.slice(n) };
  }
  return undefined;
}
