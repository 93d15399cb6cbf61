/**
 * Parses the command line, finds the command, and runs it. Never exits the process: it returns
 * the exit code, so tests run commands in-process and `bin.ts` alone calls `process.exit`.
 */
import { manifest } from "@cf-devices/types";
import { allCommands, type CommandDef, findCommand } from "./commands/registry.js";
import { type Context, createContext } from "./context.js";
import { ExitCode, ExitError, UsageError } from "./errors.js";
import { type FlagDef, globalFlags } from "./flags.js";
import { commandHelp, groupHelp, topHelp, usageLine } from "./help.js";
import type { Io } from "./io.js";
import { commandWords, flagMistake, parseFlags } from "./parse-flags.js";
import { reportError } from "./report.js";
import { knownPrefixLength, unknownCommandError } from "./suggest.js";
import { VERSION } from "./version.js";

function checkChoices(command: CommandDef, values: Record<string, unknown>): void {
  for (const [name, def] of Object.entries(command.flags)) {
    if (!def.choices) continue;
    const raw = values[name];
    for (const v of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      if (!def.choices.includes(String(v))) {
        throw new UsageError(
          `--${name} must be one of ${def.choices.join(", ")}; got "${v}"`,
          command.name,
        );
      }
    }
  }
}

/** Maps positionals onto the command's declared arguments. */
function bindArgs(command: CommandDef, positionals: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let i = 0;
  for (const arg of command.args) {
    if (arg.variadic) {
      out[arg.name] = positionals.slice(i);
      if (arg.required && positionals.length <= i)
        throw new UsageError(`missing ${arg.name.toUpperCase()}`, command.name);
      i = positionals.length;
    } else {
      const value = positionals[i++];
      if (value === undefined) {
        if (arg.required) throw new UsageError(`missing ${arg.name.toUpperCase()}`, command.name);
      } else out[arg.name] = value;
    }
  }
  if (i < positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[i]}"`, command.name);
  }
  return out;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let ctx: Context | undefined;
  let command: CommandDef | undefined;
  try {
    const words = commandWords(argv, globalFlags);
    const found = findCommand(words);
    if (!found) {
      if (argv.includes("--version")) {
        io.stdout.write(`${VERSION}\n`);
        return ExitCode.ok;
      }
      const wantsHelp = argv.includes("--help") || argv.includes("-h");
      if (words.length === 0) {
        const mistake = flagMistake(argv, globalFlags);
        if (mistake && !wantsHelp)
          throw new UsageError(`${mistake}\nRun 'cf-devices --help' for more.`);
        (argv.length === 0 ? io.stderr : io.stdout).write(topHelp(VERSION));
        return argv.length === 0 ? ExitCode.usage : ExitCode.ok;
      }
      // Words that name a group (`devices`, `split-tunnel exclude`) but no command: its help.
      const known = knownPrefixLength(words, allCommands()) === words.length;
      const help = known ? groupHelp(words.join(" "), allCommands()) : undefined;
      if (help) {
        if (wantsHelp) {
          io.stdout.write(help);
          return ExitCode.ok;
        }
        io.stderr.write(help);
        return ExitCode.usage;
      }
      throw unknownCommandError(words, allCommands());
    }
    command = found.command;
    const nameWords = command.name.split(" ");
    // Remove the command words (first occurrences, in order) and parse the rest strictly.
    const rest = [...argv];
    for (const word of nameWords) rest.splice(rest.indexOf(word), 1);
    const flagDefs: Record<string, FlagDef> = { ...globalFlags, ...command.flags };
    if (command.paginated) flagDefs.all = { type: "boolean", description: "Follow every page" };
    const parsed = parseFlags(rest, flagDefs, command.name);
    const values = parsed.values;
    if (values.version) {
      io.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    checkChoices(command, values);
    const args = bindArgs(command, parsed.positionals);
    ctx = createContext(io, command, values, args);
    if (command.deprecated) io.stderr.write(`warning: ${command.deprecated}\n`);
    const handler = await loadHandler(command);
    await handler(ctx);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`);
      const about = error.command ? findCommand(error.command.split(" "))?.command : command;
      if (about)
        io.stderr.write(
          `${usageLine(about)}\nRun 'cf-devices ${about.name} --help' for flags and examples.\n`,
        );
      return ExitCode.usage;
    }
    if (error instanceof ExitError) {
      if (error.message) io.stderr.write(`${error.message}\n`);
      return error.code;
    }
    return reportError(io, error, ctx?.verbose ?? false);
  } finally {
    await ctx?.close();
  }
}

async function loadHandler(command: CommandDef): Promise<(ctx: Context) => Promise<void>> {
  switch (command.handler) {
    case "operation":
      return (await import("./commands/operation/index.js")).runOperationCommand;
    case "list-edit":
      return (await import("./commands/list-edit/index.js")).runListEdit;
    case "api":
      return (await import("./commands/api/index.js")).runApi;
    case "mock":
      return (await import("./commands/mock/index.js")).runMock;
    case "completion":
      return (await import("./commands/completion/index.js")).runCompletion;
  }
}

/** Every operationId some command can send (for the lockstep test). */
export function reachableOperations(): Set<string> {
  const ids = new Set<string>();
  for (const c of allCommands()) for (const id of c.operations) ids.add(id);
  for (const id of ids)
    if (!(id in manifest)) throw new Error(`command table names unknown operation ${id}`);
  return ids;
}
