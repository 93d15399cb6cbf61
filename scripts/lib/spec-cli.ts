/** What the spec commands (`spec:diff`, `spec:upstream`) share: argument errors and exit codes. */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** A mistake in how the command was called: exit 2 and the usage text. */
export class UsageError extends Error {}

/** An input that cannot be used (unreadable, not an OpenAPI document): exit 1 with the reason. */
export class InputError extends Error {}

/** `parseArgs`, with its errors turned into a UsageError that repeats the usage. */
export function parseCommandLine<T extends ParseArgsConfig>(
  command: string,
  usage: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}\n${usage}`);
  }
}

/**
 * Runs `main` when the file is the entry point and sets the exit code: what `main` returns,
 * 2 for a usage error, 1 for anything else (and a "please report" line when unexpected).
 */
export function runCommand(entry: string, command: string, main: (argv: string[]) => number) {
  if (entry !== `file://${process.argv[1]}`) return;
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof UsageError ? 2 : 1;
    if (!(error instanceof UsageError || error instanceof InputError)) {
      console.error(`${command}: this is a bug in the command; please report it`);
    }
  }
}
