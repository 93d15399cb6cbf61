/**
 * The CLI's exit codes and the two errors commands throw. Only `bin.ts` turns them into a
 * process exit code.
 */

/** Documented exit codes (also in the README). */
export const ExitCode = {
  /** The command did what was asked (an empty result is still a success). */
  ok: 0,
  /** The API (or the network) answered with an error. */
  apiError: 1,
  /**
   * The command line or the input file was wrong, or the environment cannot run it (say, a
   * `--mock` state file that cannot be used); nothing was sent.
   */
  usage: 2,
  /** The user answered "no" at a confirmation prompt; nothing was sent. */
  cancelled: 3,
  /** Credentials are missing or were refused (401/403). */
  auth: 4,
  /** Interrupted (Ctrl-C) — what had completed is reported on stderr. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in how the command was called. The usage of the command is printed after it. */
export class UsageError extends Error {
  override name = "UsageError";
  /** The command whose usage to print, e.g. `devices list`. */
  command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** Ends the command with a given exit code; the message (if any) has already been printed. */
export class ExitError extends Error {
  override name = "ExitError";
  code: ExitCodeValue;
  constructor(code: ExitCodeValue, message = "") {
    super(message);
    this.code = code;
  }
}
