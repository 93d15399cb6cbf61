/** `cf-devices devices …`: physical WARP devices. */
import { manifest } from "@cf-devices/types";
import { defineArea, idArg, list, one, simple } from "./_shared.js";

export const area = defineArea({
  group: "devices",
  summary: "Physical WARP devices",
  commands: () => [
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
  ],
});
