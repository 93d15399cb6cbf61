/**
 * Runs any command that maps onto API operations: plan the requests, validate the body, show
 * them (--dry-run) or confirm, send, print. Several planned requests (many ids) run as a bulk
 * job with capped concurrency that reports exactly which items failed.
 */
import type { Context } from "../../context.js";
import { ExitCode, ExitError } from "../../errors.js";
import { ListStream, printValue } from "../../output.js";
import { formatRequest, queryFromFlags, readBody, resolveRequest } from "../../requests.js";
import { validateBody } from "../../validate.js";
import { describePlan, hasMorePages, messages } from "./messages.js";

const CONCURRENCY = 4;

export async function runOperationCommand(ctx: Context): Promise<void> {
  const { command, flags, args, io } = ctx;
  // The query flags first: checking them costs nothing, reading the body may wait on stdin.
  const query = queryFromFlags(command, flags);
  // `file-or-flags` commands read a body only when --file is given; otherwise the plan builds
  // it from their flags. Either way it is checked against the request schema before sending.
  const readsBody =
    command.bodyFrom === "file" ||
    (command.bodyFrom === "file-or-flags" && flags.file !== undefined);
  const body = readsBody ? await readBody(ctx) : undefined;
  const plans = command.plan!({ args, flags, query, body });
  const source = !readsBody
    ? messages.flagsSource(command)
    : flags.file && flags.file !== "-"
      ? String(flags.file)
      : "stdin";
  for (const plan of plans) {
    if (plan.body !== undefined)
      await validateBody(plan.operationId, plan.body, source, command.name);
  }
  const target = await ctx.target();
  const requests = plans.map((plan) => resolveRequest(plan, target, command.name));

  if (ctx.dryRun) {
    for (const request of requests) io.stdout.write(formatRequest(request));
    io.stderr.write(messages.dryRun(requests.length));
    return;
  }
  if (command.destructive) await ctx.confirm(describePlan(command, requests));

  const { client } = await ctx.session();
  const { callOperationRaw, paginate } = await import("@cf-devices/client");
  const isWrite = requests.some((r) => r.method !== "GET");

  if (requests.length === 1) {
    const request = requests[0]!;
    const input = { path: request.path, query: request.query, body: request.body };
    if (flags.all === true) {
      const stream = new ListStream(io, ctx.output);
      const progress = io.stderr.isTTY === true;
      try {
        for await (const item of paginate(client, request.operationId, input, {
          signal: io.signal,
        })) {
          stream.push(item);
          if (progress && stream.size % 100 === 0)
            io.stderr.write(`\r${messages.fetched(stream.size)}`);
        }
      } finally {
        stream.end();
        if (progress) io.stderr.write("\r\u001b[K");
      }
      if (io.signal?.aborted)
        throw new ExitError(ExitCode.interrupted, messages.interrupted(stream.size));
      return;
    }
    const raw = await callOperationRaw(client, request.operationId, input, { signal: io.signal });
    if (isWrite) ctx.markChanged();
    for (const m of raw.messages ?? []) io.stderr.write(`note: ${m.message}\n`);
    if (raw.result === null || raw.result === undefined)
      io.stderr.write(messages.done(command.name, request));
    else printValue(io, raw.result, ctx.output);
    if (
      Array.isArray(raw.result) &&
      ctx.output.format === "table" &&
      hasMorePages(request.operationId, raw.result.length, raw.resultInfo)
    ) {
      io.stderr.write(messages.morePages());
    }
    return;
  }

  // Several requests: the client's bulk helper caps concurrency, keeps every failure with its
  // request, and stops starting new requests when the user interrupts.
  const { bulk, AbortError } = await import("@cf-devices/client");
  const outcome = await bulk(
    requests,
    async ([request]) => {
      const { path, query, body } = request!;
      // No signal here: a request already sent is allowed to finish, so nothing is half-done.
      await callOperationRaw(client, request!.operationId, { path, query, body });
      ctx.markChanged();
    },
    { concurrency: CONCURRENCY, signal: io.signal },
  );
  const succeeded = outcome.succeeded.length;
  const interrupted = outcome.failed.filter((f) => f.error instanceof AbortError);
  const failures = outcome.failed
    .filter((f) => !(f.error instanceof AbortError))
    .map((f) => ({ label: messages.label(f.items[0]!), error: f.error }));
  const notStarted = interrupted.length;
  io.stderr.write(messages.bulkSummary(command.name, succeeded, failures, notStarted));
  if (ctx.output.format !== "table") {
    io.stdout.write(
      `${JSON.stringify({ succeeded, failed: failures.map((f) => ({ item: f.label, error: (f.error as Error).message })), not_started: notStarted })}\n`,
    );
  }
  if (notStarted > 0) throw new ExitError(ExitCode.interrupted);
  if (failures.length > 0) throw new ExitError(ExitCode.apiError);
}
