/** `cf-devices posture rules …`: device posture rules (checks that Access and Gateway can require). */
import { defineArea, resourceCommands } from "./_shared.js";

export const area = defineArea({
  group: "posture rules",
  summary: "Device posture rules",
  commands: () =>
    resourceCommands({
      group: "posture rules",
      noun: "posture rule",
      operations: {
        list: "listPostureRules",
        get: "getPostureRule",
        create: "createPostureRule",
        update: "updatePostureRule",
        delete: "deletePostureRule",
      },
      columns: ["id", "name", "type", "schedule", "enabled", "description"],
      examples: {
        list: [
          "cf-devices posture rules list",
          "cf-devices posture rules list --json --fields id,name,type,input",
        ],
        get: ["cf-devices posture rules get RULE_ID --json"],
        create: [
          "cf-devices posture rules create --file disk-encryption.yaml",
          'echo \'{"name":"Disks encrypted","type":"disk_encryption","match":[{"platform":"mac"}],"input":{"requireAll":true}}\' | cf-devices posture rules create --file -',
        ],
        update: [
          "cf-devices posture rules update RULE_ID --file rule.yaml --yes",
          "cf-devices posture rules update RULE_ID --file rule.yaml --dry-run",
        ],
        delete: ["cf-devices posture rules delete RULE_ID --yes"],
      },
    }),
});
