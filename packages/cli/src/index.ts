/**
 * `@cf-devices/cli` as a library: run `cf-devices` commands in-process (for tests and tools),
 * and read the command table.
 *
 * @example
 * ```ts
 * import { main } from "@cf-devices/cli";
 * const out: string[] = [];
 * const code = await main(["devices", "list", "--mock", "--json"], {
 *   stdout: { write: (s: string) => out.push(s) },
 *   stderr: { write: () => {} },
 *   stdin: process.stdin,
 *   env: {},
 *   cwd: process.cwd(),
 * });
 * ```
 * @module @cf-devices/cli
 */
export type { Area, ArgDef, CommandDef, PlannedRequest } from "./commands/registry.js";
export { allCommands, areas, findCommand } from "./commands/registry.js";
export { ExitCode, ExitError, UsageError } from "./errors.js";
export type { Io } from "./io.js";
export { main, reachableOperations } from "./main.js";
