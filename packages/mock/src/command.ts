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
 * const controller = new AbortController();
 * process.once("SIGINT", () => controller.abort());
 * await runServeCommand(values, { ...process, signal: controller.signal });
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
  serveFlags,
  serveOptionsHelp,
  TOKENS_ENV,
} from "./command/serve-command.js";
