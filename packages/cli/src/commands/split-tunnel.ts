/** `cf-devices split-tunnel include|exclude …`: the Split Tunnel lists of a profile. */
import { describeFlag, profileListCommands } from "./_profile-lists.js";
import { defineArea, idArg } from "./_shared.js";

const entryArg = idArg("entry", "IP ranges (CIDR) or host names (wildcards allowed)", true);

export const area = defineArea({
  group: "split-tunnel",
  summary: "Split Tunnel include and exclude lists",
  commands: () => [
    ...profileListCommands(
      "split-tunnel include",
      "Split Tunnel include list",
      "split-tunnel",
      ["getSplitTunnelIncludeList", "getProfileSplitTunnelIncludeList"],
      ["setSplitTunnelIncludeList", "setProfileSplitTunnelIncludeList"],
      entryArg,
      { description: describeFlag },
      {
        add: "cf-devices split-tunnel include add 10.0.0.0/8 intranet.example.com --description 'Office' --yes",
        remove: "cf-devices split-tunnel include remove 10.0.0.0/8 --yes",
      },
      ["address", "host", "description"],
    ),
    ...profileListCommands(
      "split-tunnel exclude",
      "Split Tunnel exclude list",
      "split-tunnel",
      ["getSplitTunnelExcludeList", "getProfileSplitTunnelExcludeList"],
      ["setSplitTunnelExcludeList", "setProfileSplitTunnelExcludeList"],
      entryArg,
      { description: describeFlag },
      {
        add: "cf-devices split-tunnel exclude add 192.168.0.0/16 --profile PROFILE_ID --yes",
        remove: "cf-devices split-tunnel exclude remove '*.zoom.us' --dry-run",
      },
      ["address", "host", "description"],
    ),
  ],
});
