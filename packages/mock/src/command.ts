/**
 * The serve command shared by `cf-devices-mock` and `cf-devices mock serve`: one set of flags,
 * one banner, one meaning of `-v`.
 *
 * @example
 * ```ts
 * import { parseArgs } from "node:util";
 * import { runServeCommand, serveFlags } from "@cf-devices/mock/command";
 *
 * const { values } = parseArgs({ args: process.argv.slice(2), options: serveFlags });
 * // Serves until Ctrl-C or SIGTERM, then closes the server (and its state file) cleanly.
 * await runServeCommand(values, { ...process, signals: process });
 * ```
 * @module @cf-devices/mock/command
 */
export {
  FAULTS_ENV_NAME,
  runServeCommand,
  type ServeCommandIo,
  type ServeCommandOptions,
  type ServeFlagDef,
  ServeUsageError,
  type SignalSource,
  serveFlags,
  serveOptionsHelp,
  TOKENS_ENV,
} from "./command/serve-command.js";
