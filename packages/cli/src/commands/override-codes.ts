/** `cf-devices override-codes create`: uninstall protection override codes. */
import type { OverrideCodeCreate } from "@cf-devices/types";
import { UsageError } from "../errors.js";
import { defineArea, fileFlag, type PlanInput, simple } from "./_shared.js";

const CREATE = "override-codes create";

/** The body from --hours/--device, or the --file body (never both). */
function overrideCodeBody({ flags, body }: PlanInput): unknown {
  const fromFlags = flags.hours !== undefined || flags.device !== undefined;
  if (body !== undefined) {
    if (fromFlags) throw new UsageError("use either --file or --hours/--device, not both", CREATE);
    return body;
  }
  if (flags.hours === undefined) {
    throw new UsageError(
      "say how long the code stays valid: --hours N (add --device ID for one device), or give a body with --file",
      CREATE,
    );
  }
  const hours = Number(flags.hours);
  if (String(flags.hours).trim() === "" || !Number.isFinite(hours) || hours <= 0) {
    throw new UsageError(`--hours must be a positive number; got "${flags.hours}"`, CREATE);
  }
  const device = typeof flags.device === "string" ? flags.device : undefined;
  const create: OverrideCodeCreate = device
    ? { type: "uninstall_protection", scope: "device", device_id: device, duration_hours: hours }
    : { type: "uninstall_protection", scope: "account", duration_hours: hours };
  return create;
}

export const area = defineArea({
  group: "override-codes",
  summary: "Uninstall protection override codes",
  commands: () => [
    {
      ...simple(CREATE, "createOverrideCode", {
        examples: [
          "cf-devices override-codes create --hours 4",
          "cf-devices override-codes create --hours 1 --device 6f0e1b5c-1111-4c1e-9d5e-0a6c7a2b9f10 --json",
        ],
      }),
      flags: {
        hours: {
          type: "string",
          value: "N",
          description: "How many hours the code stays valid",
        },
        device: {
          type: "string",
          value: "ID",
          description: "Physical device the code is for (default: every device of the account)",
        },
        file: fileFlag,
      },
      bodyFrom: "file-or-flags",
      plan: (input) => [{ operationId: "createOverrideCode", body: overrideCodeBody(input) }],
    },
  ],
});
