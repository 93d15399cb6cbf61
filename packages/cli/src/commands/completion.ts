/** `cf-devices completion SHELL`: completion scripts built from the areas (runs in `completion/`). */
import { defineArea, idArg } from "./_shared.js";

export const area = defineArea({
  group: "completion",
  summary: "Shell completion for bash, zsh and fish",
  commands: () => [
    {
      name: "completion",
      summary: "Print a shell completion script",
      operations: [],
      args: [idArg("shell", "bash, zsh or fish")],
      flags: {},
      handler: "completion",
      examples: [
        "cf-devices completion bash > /etc/bash_completion.d/cf-devices",
        "cf-devices completion zsh > ~/.zfunc/_cf-devices  # with ~/.zfunc in fpath",
        "cf-devices completion fish > ~/.config/fish/completions/cf-devices.fish",
      ],
    },
  ],
});
