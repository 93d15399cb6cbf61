/** `cf-devices fallback-domains …`: the Local Domain Fallback list of a profile. */
import { describeFlag, profileListCommands } from "./_profile-lists.js";
import { defineArea, idArg } from "./_shared.js";

export const area = defineArea({
  group: "fallback-domains",
  summary: "Local Domain Fallback lists",
  commands: () =>
    profileListCommands(
      "fallback-domains",
      "Local Domain Fallback list",
      "fallback-domains",
      ["getLocalDomainFallbackList", "getProfileLocalDomainFallbackList"],
      ["setLocalDomainFallbackList", "setProfileLocalDomainFallbackList"],
      idArg("suffix", "Domain suffixes", true),
      {
        description: describeFlag,
        "dns-server": {
          type: "string",
          multiple: true,
          value: "IP",
          description: "DNS server for the added suffixes (repeatable)",
        },
      },
      {
        add: "cf-devices fallback-domains add corp.example.com --dns-server 10.0.0.53 --yes",
        remove: "cf-devices fallback-domains remove corp.example.com --yes",
      },
      ["suffix", "dns_server", "description"],
    ),
});
