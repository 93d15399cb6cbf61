/**
 * `cf-devices completion bash|zsh|fish`: completion scripts generated from the command table,
 * so every command and flag completes without a hand-kept list.
 */
import type { Context } from "../../context.js";
import { UsageError } from "../../errors.js";
import { globalFlags } from "../../flags.js";
import { commands } from "../registry.js";

/** Words that may follow a given command prefix ("" for the top level). */
function tree(): Map<string, Set<string>> {
  const next = new Map<string, Set<string>>();
  for (const c of commands) {
    const words = c.name.split(" ");
    for (let i = 0; i < words.length; i++) {
      const prefix = words.slice(0, i).join(" ");
      if (!next.has(prefix)) next.set(prefix, new Set());
      next.get(prefix)!.add(words[i]!);
    }
  }
  return next;
}

function flagsOf(name: string): string[] {
  const c = commands.find((x) => x.name === name);
  const own = c ? Object.keys(c.flags) : [];
  if (c?.paginated) own.push("all");
  return [...own, ...Object.keys(globalFlags)].map((f) => `--${f}`);
}

export function bashScript(): string {
  const t = tree();
  const cases = [...t.entries()]
    .map(([prefix, words]) => `    "${prefix}") words="${[...words].join(" ")}" ;;`)
    .join("\n");
  const flagCases = commands
    .map((c) => `    "${c.name}") flags="${flagsOf(c.name).join(" ")}" ;;`)
    .join("\n");
  return `# bash completion for cf-devices
_cf_devices() {
  local cur prefix="" words="" flags="" w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in -*) ;; *) prefix="\${prefix:+$prefix }$w" ;; esac
  done
  case "$prefix" in
${cases}
  esac
  case "$prefix" in
${flagCases}
    *) flags="${Object.keys(globalFlags)
      .map((f) => `--${f}`)
      .join(" ")}" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
  fi
}
complete -F _cf_devices cf-devices
`;
}

export function zshScript(): string {
  return `#compdef cf-devices
# zsh completion for cf-devices (uses the bash completion through bashcompinit)
autoload -U +X bashcompinit && bashcompinit
${bashScript()}`;
}

export function fishScript(): string {
  const t = tree();
  const lines = ["# fish completion for cf-devices", "complete -c cf-devices -f"];
  for (const [prefix, words] of t) {
    const cond =
      prefix === ""
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${prefix.split(" ").at(-1)}`;
    for (const w of words) {
      const c = commands.find((x) => x.name === (prefix ? `${prefix} ${w}` : w));
      const desc = c ? ` -d ${JSON.stringify(c.summary)}` : "";
      lines.push(`complete -c cf-devices -n '${cond}' -a ${w}${desc}`);
    }
  }
  for (const [name, def] of Object.entries(globalFlags)) {
    lines.push(
      `complete -c cf-devices -l ${name}${def.type === "string" ? " -r" : ""} -d ${JSON.stringify(def.description)}`,
    );
  }
  const seen = new Set<string>();
  for (const c of commands) {
    for (const [name, def] of Object.entries(c.flags)) {
      if (seen.has(name)) continue;
      seen.add(name);
      lines.push(
        `complete -c cf-devices -l ${name}${def.type === "string" ? " -r" : ""} -d ${JSON.stringify(def.description.split(";")[0])}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export async function runCompletion(ctx: Context): Promise<void> {
  const shell = String(ctx.args.shell);
  const script =
    shell === "bash"
      ? bashScript()
      : shell === "zsh"
        ? zshScript()
        : shell === "fish"
          ? fishScript()
          : undefined;
  if (!script)
    throw new UsageError(`unknown shell "${shell}"; use bash, zsh or fish`, ctx.command.name);
  ctx.io.stdout.write(script);
}
