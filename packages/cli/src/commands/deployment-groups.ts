/** `cf-devices deployment-groups …`: WARP client versions per profile (beta; numbered pages). */
import { defineArea, resourceCommands } from "./_shared.js";

export const area = defineArea({
  group: "deployment-groups",
  summary: "Deployment groups (beta)",
  commands: () =>
    resourceCommands({
      group: "deployment-groups",
      noun: "deployment group",
      operations: {
        list: "listDeploymentGroups",
        get: "getDeploymentGroup",
        create: "createDeploymentGroup",
        update: "updateDeploymentGroup",
        delete: "deleteDeploymentGroup",
      },
      columns: ["id", "name", "version_config", "policy_ids", "updated_at"],
      examples: {
        list: [
          "cf-devices deployment-groups list",
          "cf-devices deployment-groups list --all --json --fields id,name",
        ],
        get: ["cf-devices deployment-groups get GROUP_ID --json"],
        create: [
          "cf-devices deployment-groups create --file pilot.yaml",
          'echo \'{"name":"Pilot","version_config":[{"version":"2026.6.234.0","target_environment":null}],"policy_ids":["PROFILE_ID"]}\' | cf-devices deployment-groups create --file -',
        ],
        update: ["cf-devices deployment-groups update GROUP_ID --file pilot.yaml --yes"],
        delete: ["cf-devices deployment-groups delete GROUP_ID --yes"],
      },
    }),
});
