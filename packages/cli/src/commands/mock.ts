/** `cf-devices mock …`: the embedded mock's own commands (they run in `mock/`). */
import { serveFlags } from "@cf-devices/mock/command";
import { defineArea } from "./_shared.js";

export const area = defineArea({
  group: "mock",
  summary: "The embedded mock",
  commands: () => [
    {
      name: "mock serve",
      summary: "Start the standalone mock server of the API (the same command as cf-devices-mock)",
      description:
        "Prints the API base URL on stdout; the account, zone, how to authenticate and a curl line on stderr. With -v, every request served is logged on stderr.",
      operations: [],
      args: [],
      // The flags, their checks and the banner are the mock package's, shared with cf-devices-mock.
      flags: serveFlags,
      handler: "mock",
      examples: [
        "cf-devices mock serve --port 8787 --devices 500",
        "cf-devices mock serve --port 0 --state ./mock-state.db -v",
        "CF_DEVICES_MOCK_TOKEN=$CLOUDFLARE_API_TOKEN cf-devices mock serve  # accept only this token",
      ],
    },
    {
      name: "mock reset",
      summary: "Forget the embedded mock's state, so the next --mock command starts fresh",
      operations: [],
      args: [],
      flags: {},
      handler: "mock",
      examples: ["cf-devices mock reset"],
    },
  ],
});
