/**
 * Parses a command's flags with Node's `parseArgs`, and words every mistake in the CLI's own
 * terms: an unknown flag names the closest known one, a flag without its value says how to
 * pass it. Node's own messages (which talk about positionals and `--`) never reach the user.
 */
import { createRequire } from "node:module";
import { UsageError } from "./errors.js";
import type { FlagDef } from "./flags.js";
import { closest } from "./suggest.js";

// Built-ins come through require, not an ESM import: an ESM import of a built-in reads every
// export, and getters such as fs.ReadStream or util.diff load modules nothing here uses.
const { parseArgs } = createRequire(import.meta.url)("node:util") as typeof import("node:util");

export type ParseOptions = Record<
  string,
  { type: "string" | "boolean"; short?: string; multiple?: boolean }
>;

export function parseOptions(flags: Record<string, FlagDef>): ParseOptions {
  const out: ParseOptions = {};
  for (const [name, def] of Object.entries(flags)) {
    out[name] = {
      type: def.type,
      ...(def.short ? { short: def.short } : {}),
      ...(def.multiple ? { multiple: true } : {}),
    };
  }
  return out;
}

/** What the user typed for a flag, as they typed it (`--per-page`, `-y`). */
function spelled(rawName: string): string {
  return rawName.startsWith("--") ? rawName : rawName.slice(0, 2);
}

/**
 * Why these arguments are not valid for these flags, or undefined when they are. Reads the
 * arguments leniently (as tokens), so that the first mistake is reported in our words.
 */
export function flagMistake(args: string[], flags: Record<string, FlagDef>): string | undefined {
  const { tokens } = parseArgs({
    args,
    options: parseOptions(flags),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const shorts = new Map(
    Object.entries(flags).flatMap(([name, def]) => (def.short ? [[def.short, name]] : [])),
  );
  for (const token of tokens) {
    if (token.kind === "option-terminator") break;
    if (token.kind !== "option") continue;
    const def = flags[token.name];
    const typed = spelled(token.rawName);
    if (!def) {
      const long = token.rawName.startsWith("--");
      // `-json`: parseArgs reads it as `-j -s -o -n`; the user meant a long flag.
      const word = args[token.index]!;
      if (!long && /^-[^-=]{2,}/.test(word)) {
        const name = word.slice(1).split("=")[0]!;
        const guess = flags[name] ? name : closest(name, Object.keys(flags));
        if (guess)
          return `unknown flag \`${word.split("=")[0]}\`; did you mean \`--${guess}\`? (long flags take two dashes)`;
      }
      const guess = long ? closest(token.name, Object.keys(flags)) : undefined;
      const hint = guess
        ? `; did you mean \`--${guess}\`?`
        : long
          ? ""
          : ` (short flags: ${[...shorts].map(([s, n]) => `-${s} for --${n}`).join(", ")})`;
      return `unknown flag \`${typed}\`${hint}`;
    }
    const name = `--${token.name}`;
    if (def.type === "boolean" && token.inlineValue)
      return `${name} takes no value; got "${token.value}"`;
    if (def.type === "string") {
      if (token.value === undefined)
        return `${name} needs a value: ${name} ${def.value ?? "VALUE"}`;
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith("-")) {
        return `${name} needs a value, but "${token.value}" looks like a flag; to pass a value that starts with "-", write ${name}=${token.value}`;
      }
    }
  }
  return undefined;
}

/** Parses the arguments strictly; any mistake becomes a {@link UsageError} about `command`. */
export function parseFlags(
  args: string[],
  flags: Record<string, FlagDef>,
  command: string,
): { values: Record<string, unknown>; positionals: string[] } {
  const mistake = flagMistake(args, flags);
  if (mistake) throw new UsageError(mistake, command);
  try {
    const { values, positionals } = parseArgs({
      args,
      options: parseOptions(flags),
      strict: true,
      allowPositionals: true,
    });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    // Not reached for the mistakes above; keep Node's first sentence, without its advice.
    const first = (error as Error).message.split(/(?<=\.)\s/)[0]!;
    throw new UsageError(first.replace(/^Unknown option/, "unknown flag"), command);
  }
}

/** Leading words that name a command, found without knowing the command's own flags yet. */
export function commandWords(argv: string[], globalFlags: Record<string, FlagDef>): string[] {
  const { positionals } = parseArgs({
    args: argv,
    options: parseOptions(globalFlags),
    strict: false,
    allowPositionals: true,
  });
  return positionals;
}
