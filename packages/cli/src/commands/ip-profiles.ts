/** `cf-devices ip-profiles …`: device IP profiles (numbered pages; API tokens only). */
import { defineArea, resourceCommands } from "./_shared.js";

export const area = defineArea({
  group: "ip-profiles",
  summary: "Device IP profiles",
  commands: () =>
    resourceCommands({
      group: "ip-profiles",
      noun: "IP profile",
      operations: {
        list: "listIpProfiles",
        get: "getIpProfile",
        create: "createIpProfile",
        update: "updateIpProfile",
        delete: "deleteIpProfile",
      },
      columns: ["id", "name", "precedence", "enabled", "subnet_id", "match"],
      examples: {
        list: [
          "cf-devices ip-profiles list --per-page 20 --page 2",
          "cf-devices ip-profiles list --all --ndjson",
        ],
        get: ["cf-devices ip-profiles get PROFILE_ID"],
        create: [
          "cf-devices ip-profiles create --file engineering.yaml",
          'echo \'{"name":"Engineering","match":"identity.email == \\"a@example.com\\"","precedence":100,"subnet_id":"SUBNET_ID"}\' | cf-devices ip-profiles create --file -',
        ],
        update: [
          "cf-devices ip-profiles update PROFILE_ID --file changes.yaml --yes",
          "echo '{\"enabled\":false}' | cf-devices ip-profiles update PROFILE_ID --file - --yes",
        ],
        delete: ["cf-devices ip-profiles delete PROFILE_ID --yes"],
      },
    }),
});
