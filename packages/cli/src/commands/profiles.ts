/** `cf-devices profiles …`: device settings profiles, the default one included. */
import { defineArea, fileFlag, idArg, one, type PlanInput, simple } from "./_shared.js";

const profileArg = idArg("profile-id", "Profile id, or `default` for the default profile");
const isDefault = (input: PlanInput) => one(input.args["profile-id"]) === "default";

export const area = defineArea({
  group: "profiles",
  summary: "Device settings profiles",
  commands: () => [
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
  ],
});
