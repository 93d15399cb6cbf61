/** `cf-devices settings …`: the account-wide device settings (one object per account). */
import { defineArea, deprecatedNote, fileFlag, simple } from "./_shared.js";

const withBody = { flags: { file: fileFlag }, bodyFrom: "file" as const };

export const area = defineArea({
  group: "settings",
  summary: "Account-wide device settings",
  commands: () => [
    simple("settings get", "getAccountDeviceSettings", {
      examples: ["cf-devices settings get", "cf-devices settings get --json"],
    }),
    simple("settings set", "replaceAccountDeviceSettings", {
      ...withBody,
      deprecated: deprecatedNote("replaceAccountDeviceSettings", "settings patch"),
      destructive: true,
      examples: [
        "cf-devices settings set --file settings.yaml --yes",
        'echo \'{"gateway_proxy_enabled":true,"gateway_udp_proxy_enabled":true}\' | cf-devices settings set --file - --dry-run',
      ],
    }),
    simple("settings patch", "updateAccountDeviceSettings", {
      ...withBody,
      destructive: true,
      examples: [
        "cf-devices settings patch --file changes.yaml --dry-run",
        "echo '{\"disable_for_time\":3600}' | cf-devices settings patch --file - --yes",
      ],
    }),
    simple("settings reset", "resetAccountDeviceSettings", {
      destructive: true,
      examples: ["cf-devices settings reset --yes", "cf-devices settings reset --dry-run"],
    }),
  ],
});
