/**
 * `cf-devices mock serve` starts the standalone mock through the mock package's own serve
 * command (the one `cf-devices-mock` runs; Ctrl-C and SIGTERM close it cleanly); `cf-devices
 * mock reset` deletes the embedded mock's state file (a SQLite database, with its -wal and -shm
 * files) so the next `--mock` command starts from fresh seed data.
 */
import type { Context } from "../../context.js";
import { UsageError } from "../../errors.js";
import { adoptLegacyStateFile, defaultStateFile, NO_STATE } from "../../mock-session.js";

export async function runMock(ctx: Context): Promise<void> {
  if (ctx.command.name === "mock reset") {
    const given =
      (ctx.flags["mock-state"] as string | undefined) ?? ctx.io.env.CF_DEVICES_MOCK_STATE;
    if (given === undefined) adoptLegacyStateFile(ctx.io.env);
    const file = given ?? defaultStateFile(ctx.io.env);
    if (file === NO_STATE) {
      ctx.io.stderr.write(
        `--mock-state ${NO_STATE} keeps no state; every --mock command starts from fresh seed data.\n`,
      );
      return;
    }
    const { deleteMockState } = await import("@cf-devices/mock/state-file");
    const removed = await deleteMockState(file);
    ctx.io.stderr.write(
      removed
        ? `Removed ${file}; the next --mock command starts from fresh seed data.\n`
        : `No mock state at ${file}; the next --mock command starts from fresh seed data.\n`,
    );
    return;
  }
  const { runServeCommand, ServeUsageError } = await import("@cf-devices/mock/command");
  try {
    await runServeCommand(ctx.flags, ctx.io, { verbose: ctx.verbose });
  } catch (error) {
    if (error instanceof ServeUsageError) throw new UsageError(error.message, ctx.command.name);
    throw error;
  }
}
