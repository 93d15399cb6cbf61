/** `cf-devices resilience …`: the global WARP override, which disconnects every device at once. */
import type { GlobalWarpOverrideSet } from "@cf-devices/types";
import { UsageError } from "../errors.js";
import { defineArea, fileFlag, type PlanInput, simple } from "./_shared.js";

const SET = "resilience set";

/** The body from --disconnect/--justification, or the --file body (never both). */
function overrideBody({ flags, body }: PlanInput): unknown {
  const fromFlags = flags.disconnect !== undefined || flags.justification !== undefined;
  if (body !== undefined) {
    if (fromFlags) {
      throw new UsageError("use either --file or --disconnect/--justification, not both", SET);
    }
    return body;
  }
  if (flags.disconnect === undefined) {
    throw new UsageError(
      "say what to do: --disconnect true (disconnect every device) or --disconnect false (let them connect again), or give a body with --file",
      SET,
    );
  }
  const set: GlobalWarpOverrideSet = {
    disconnect: flags.disconnect === "true",
    ...(typeof flags.justification === "string" ? { justification: flags.justification } : {}),
  };
  return set;
}

export const area = defineArea({
  group: "resilience",
  summary: "Global WARP override (disconnect every device)",
  commands: () => [
    simple("resilience get", "getGlobalWarpOverride", {
      examples: ["cf-devices resilience get", "cf-devices resilience get --json"],
    }),
    {
      ...simple(SET, "setGlobalWarpOverride", {
        examples: [
          "cf-devices resilience set --disconnect true --justification 'Incident 4711: bad client release' --yes",
          "cf-devices resilience set --disconnect false --justification 'Incident 4711 resolved' --yes",
          "cf-devices resilience set --file override.json --dry-run",
        ],
      }),
      flags: {
        disconnect: {
          type: "string",
          value: "true|false",
          choices: ["true", "false"],
          description:
            "true disconnects every WARP device of the account; false lets them connect again",
        },
        justification: {
          type: "string",
          value: "TEXT",
          description: "Why, for the audit log",
        },
        file: fileFlag,
      },
      bodyFrom: "file-or-flags",
      destructive: true,
      plan: (input) => [{ operationId: "setGlobalWarpOverride", body: overrideBody(input) }],
      describe: (requests) =>
        (requests[0]?.body as { disconnect?: unknown } | undefined)?.disconnect === true
          ? "disconnect EVERY WARP device (global WARP override on)"
          : "let WARP devices connect again (global WARP override off)",
    },
  ],
});
