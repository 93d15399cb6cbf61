/**
 * `cf-devices mock serve` starts the standalone mock; `cf-devices mock reset` deletes the
 * embedded mock's state file (a SQLite database, with its -wal and -shm files) so the next
 * `--mock` command starts from fresh seed data.
 */
import type { Context } from "../../context.js";
import { UsageError } from "../../errors.js";
import { defaultStateFile } from "../../mock-session.js";

function intFlag(ctx: Context, name: string): number | undefined {
  const raw = ctx.flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a whole number; got "${raw}"`, ctx.command.name);
  return n;
}

export async function runMock(ctx: Context): Promise<void> {
  if (ctx.command.name === "mock reset") {
    const file =
      (ctx.flags["mock-state"] as string | undefined) ??
      ctx.io.env.CF_DEVICES_MOCK_STATE ??
      defaultStateFile(ctx.io.env);
    const { deleteMockState } = await import("@cf-devices/mock/state-file");
    const removed = await deleteMockState(file);
    ctx.io.stderr.write(
      removed
        ? `Removed ${file}; the next --mock command starts from fresh seed data.\n`
        : `No mock state at ${file}; the next --mock command starts from fresh seed data.\n`,
    );
    return;
  }
  const { serve } = await import("@cf-devices/mock/node");
  const server = await serve({
    port: intFlag(ctx, "port") ?? 8787,
    seed: intFlag(ctx, "seed"),
    devices: intFlag(ctx, "devices"),
    stateFile: ctx.flags.state as string | undefined,
  });
  ctx.io.stderr.write(`Mock of the Devices API listening on ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (ctx.io.signal?.aborted) return resolve();
    ctx.io.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
}
