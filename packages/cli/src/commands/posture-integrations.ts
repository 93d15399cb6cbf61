/**
 * `cf-devices posture integrations …`: connections to third-party posture providers. Their
 * credentials are write-only: they go in the `--file` body, never on the command line.
 */
import { defineArea, resourceCommands } from "./_shared.js";

export const area = defineArea({
  group: "posture integrations",
  summary: "Third-party posture providers",
  commands: () =>
    resourceCommands({
      group: "posture integrations",
      noun: "posture integration",
      operations: {
        list: "listPostureIntegrations",
        get: "getPostureIntegration",
        create: "createPostureIntegration",
        update: "updatePostureIntegration",
        delete: "deletePostureIntegration",
      },
      columns: ["id", "name", "type", "interval", "config.api_url"],
      examples: {
        list: [
          "cf-devices posture integrations list",
          "cf-devices posture integrations list --json --fields id,name,type",
        ],
        get: ["cf-devices posture integrations get INTEGRATION_ID"],
        create: [
          "cf-devices posture integrations create --file crowdstrike.yaml  # credentials stay in the file",
        ],
        update: [
          "cf-devices posture integrations update INTEGRATION_ID --file rotate-secret.yaml --yes",
          'echo \'{"interval":"30m"}\' | cf-devices posture integrations update INTEGRATION_ID --file - --yes',
        ],
        delete: ["cf-devices posture integrations delete INTEGRATION_ID --yes"],
      },
    }),
});
