/** `cf-devices networks …`: managed networks, recognised by the TLS endpoint they answer on. */
import { defineArea, resourceCommands } from "./_shared.js";

export const area = defineArea({
  group: "networks",
  summary: "Managed networks (TLS endpoints)",
  commands: () =>
    resourceCommands({
      group: "networks",
      noun: "managed network",
      operations: {
        list: "listManagedNetworks",
        get: "getManagedNetwork",
        create: "createManagedNetwork",
        update: "updateManagedNetwork",
        delete: "deleteManagedNetwork",
      },
      columns: ["network_id", "name", "type", "config.tls_sockaddr", "config.sha256"],
      examples: {
        list: ["cf-devices networks list", "cf-devices networks list --ndjson"],
        get: ["cf-devices networks get NETWORK_ID"],
        create: [
          "cf-devices networks create --file office.yaml",
          'echo \'{"name":"Office","type":"tls","config":{"tls_sockaddr":"10.0.0.10:443"}}\' | cf-devices networks create --file -',
        ],
        update: ["cf-devices networks update NETWORK_ID --file office.yaml --yes"],
        delete: ["cf-devices networks delete NETWORK_ID --yes"],
      },
    }),
});
