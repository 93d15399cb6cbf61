/** `cf-devices mock …`: the embedded mock's own commands (they run in `mock/`). */
import { defineArea } from "./_shared.js";

export const area = defineArea({
  group: "mock",
  summary: "The embedded mock",
  commands: [
    {
      name: "mock serve",
      summary: "Start the standalone mock server of the API",
      operations: [],
      args: [],
      flags: {
        port: { type: "string", value: "PORT", description: "Port to listen on (default 8787)" },
        seed: { type: "string", value: "N", description: "Seed for the generated data" },
        devices: { type: "string", value: "N", description: "Number of devices to seed" },
        state: { type: "string", value: "FILE", description: "Load and save state in this file" },
      },
      handler: "mock",
      examples: ["cf-devices mock serve --port 8787 --devices 500"],
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
