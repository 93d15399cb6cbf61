/** `cf-devices legacy-devices …`: the deprecated device endpoints, kept for old scripts. */
import {
  BULK_CHUNK,
  chunk,
  defineArea,
  deprecatedNote,
  idArg,
  list,
  one,
  simple,
} from "./_shared.js";

export const area = defineArea({
  group: "legacy-devices",
  summary: "Deprecated device endpoints",
  commands: () => [
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
  ],
});
