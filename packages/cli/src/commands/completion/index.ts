/**
 * `cf-devices completion bash|zsh|fish`: completion scripts generated from the areas of the
 * command table, so every command, group and flag completes without a hand-kept list.
 */
import type { Context } from "../../context.js";
import { UsageError } from "../../errors.js";
import { globalFlags } from "../../flags.js";
import { type Area, areas as allAreas, type CommandDef } from "../registry.js";

/** Words that may follow a given command prefix ("" for the top level). */
function tree(commands: readonly CommandDef[]): Map<string, Set<string>> {
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

function flagsOf(c: CommandDef): string[] {
  const own = Object.keys(c.flags);
  if (c.paginated) own.push("all");
  return [...own, ...Object.keys(globalFlags)].map((f) => `--${f}`);
}

export function bashScript(areas: readonly Area[] = allAreas): string {
  const commands = areas.flatMap((a) => a.commands);
  const t = tree(commands);
  const cases = [...t.entries()]
    .map(([prefix, words]) => `    "${prefix}") words="${[...words].join(" ")}" ;;`)
    .join("\n");
  const flagCases = commands
    .map((c) => `    "${c.name}") flags="${flagsOf(c).join(" ")}" ;;`)
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

export function zshScript(areas: readonly Area[] = allAreas): string {
  return `#compdef cf-devices
# zsh completion for cf-devices (uses the bash completion through bashcompinit)
autoload -U +X bashcompinit && bashcompinit
${bashScript(areas)}`;
}

export function fishScript(areas: readonly Area[] = allAreas): string {
  const commands = areas.flatMap((a) => a.commands);
  const t = tree(commands);
  // A word that is a group rather than a command is described by its area's summary.
  const groups = new Map(areas.map((a) => [a.group, a.summary]));
  const lines = ["# fish completion for cf-devices", "complete -c cf-devices -f"];
  for (const [prefix, words] of t) {
    const cond =
      prefix === ""
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${prefix.split(" ").at(-1)}`;
    for (const w of words) {
      const name = prefix ? `${prefix} ${w}` : w;
      const summary = commands.find((x) => x.name === name)?.summary ?? groups.get(name);
      const desc = summary ? ` -d ${JSON.stringify(summary)}` : "";
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
