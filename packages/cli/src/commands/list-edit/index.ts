/**
 * `split-tunnel … add|remove` and `fallback-domains add|remove`: read the current list, change
 * it, show the difference, and write the whole list back (the API only replaces lists).
 */
import type { Context } from "../../context.js";
import { printValue } from "../../output.js";
import { formatRequest, resolveRequest } from "../../requests.js";
import { validateBody } from "../../validate.js";
import type { PlannedRequest } from "../registry.js";
import { diffLines, entryKey, parseEntries } from "./entries.js";
import { messages } from "./messages.js";

export async function runListEdit(ctx: Context): Promise<void> {
  const { command, io, flags } = ctx;
  const spec = command.listEdit!;
  const values = ([] as string[]).concat(ctx.args[command.args[0]!.name] ?? []);
  const profile = flags.profile as string | undefined;
  const which = profile ? 1 : 0;
  const path: Record<string, string> = profile ? { policy_id: profile } : {};
  const target = await ctx.target();
  const getRequest = resolveRequest({ operationId: spec.get[which], path }, target, command.name);

  const wanted = parseEntries(spec.kind, values, flags, command.name);
  const { client } = await ctx.session();
  const { callOperation } = await import("@cf-devices/client");
  const current = ((await callOperation(
    client,
    getRequest.operationId,
    { path: getRequest.path },
    { signal: io.signal },
  )) ?? []) as Record<string, unknown>[];

  const currentKeys = new Set(current.map((e) => entryKey(spec.kind, e)));
  const wantedKeys = new Set(wanted.map((e) => entryKey(spec.kind, e)));
  let next: Record<string, unknown>[];
  let skipped: string[];
  if (spec.action === "add") {
    skipped = wanted
      .filter((e) => currentKeys.has(entryKey(spec.kind, e)))
      .map((e) => entryKey(spec.kind, e));
    next = [...current, ...wanted.filter((e) => !currentKeys.has(entryKey(spec.kind, e)))];
  } else {
    skipped = [...wantedKeys].filter((k) => !currentKeys.has(k));
    next = current.filter((e) => !wantedKeys.has(entryKey(spec.kind, e)));
  }
  for (const key of skipped) io.stderr.write(messages.skipped(spec.action, key));
  const diff = diffLines(spec.kind, current, next);
  // Adding what is there and removing what is not are the same: the list already is as asked.
  // Not an error (exit 0), and nothing is written.
  if (diff.length === 0) {
    io.stderr.write(messages.nothingToChange(spec.action, skipped.length));
    return;
  }

  const setPlan: PlannedRequest = { operationId: spec.set[which], path, body: next };
  await validateBody(setPlan.operationId, next, "the edited list", command.name);
  const setRequest = resolveRequest(setPlan, target, command.name);
  io.stderr.write(`${diff.join("\n")}\n`);
  if (ctx.dryRun) {
    io.stdout.write(`${diff.join("\n")}\n${formatRequest(setRequest)}`);
    io.stderr.write("Dry run: the list was not written.\n");
    return;
  }
  const added = diff.filter((l) => l.startsWith("+")).length;
  const removed = diff.filter((l) => l.startsWith("-")).length;
  await ctx.confirm(
    `Write the ${command.name.replace(/ (add|remove)$/, "")} list${profile ? ` of profile ${profile}` : ""} (+${added} −${removed})?`,
  );
  const result = await callOperation(
    client,
    setRequest.operationId,
    { path: setRequest.path, body: next },
    { signal: io.signal },
  );
  ctx.markChanged();
  io.stderr.write(
    `✓ ${command.name}: ${added} added, ${removed} removed; the list has ${next.length} entries\n`,
  );
  if (ctx.output.format !== "table") printValue(io, result, ctx.output);
}
