/**
 * `cf-devices api METHOD PATH`: a raw call through the same client (auth, retries, errors), for
 * anything the named commands do not cover. `--paginate` follows `result_info`.
 */
import type { Context } from "../../context.js";
import { ExitCode, ExitError, UsageError } from "../../errors.js";
import { ListStream, printValue } from "../../output.js";
import { formatBody, readBody } from "../../requests.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface Envelope {
  success?: boolean;
  result?: unknown;
  result_info?: {
    cursor?: string;
    page?: number;
    per_page?: number;
    total_count?: number;
    count?: number;
  };
  errors?: { code?: number; message?: string }[];
}

export async function runApi(ctx: Context): Promise<void> {
  const { io, flags, command } = ctx;
  const method = String(ctx.args.method).toUpperCase() as (typeof METHODS)[number];
  if (!METHODS.includes(method))
    throw new UsageError(`METHOD must be one of ${METHODS.join(", ")}`, command.name);
  const rawPath = String(ctx.args.path);
  if (!rawPath.startsWith("/"))
    throw new UsageError(
      `PATH must start with "/", e.g. /accounts/{account_id}/devices`,
      command.name,
    );

  const query: Record<string, string | string[]> = {};
  for (const field of (flags.field as string[] | undefined) ?? []) {
    const eq = field.indexOf("=");
    if (eq <= 0) throw new UsageError(`-f needs KEY=VALUE; got "${field}"`, command.name);
    const key = field.slice(0, eq);
    const value = field.slice(eq + 1);
    const existing = query[key];
    query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  const body = flags.file !== undefined ? await readBody(ctx) : undefined;
  const target = await ctx.target();
  const path = rawPath.replace(/\{(account_id|zone_id)\}/g, (_, name: string) => {
    const value = name === "account_id" ? target.accountId : target.zoneId;
    if (!value)
      throw new UsageError(`PATH uses {${name}}: pass --${name.replace("_", "-")}`, command.name);
    return encodeURIComponent(value);
  });
  if (/\{\w+\}/.test(path))
    throw new UsageError(`fill in ${path.match(/\{\w+\}/)![0]} in PATH`, command.name);

  if (ctx.dryRun) {
    const url = new URL(target.baseUrl.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(query))
      for (const x of ([] as string[]).concat(v)) url.searchParams.append(k, x);
    io.stdout.write(`${method} ${url}\n${body === undefined ? "" : `${formatBody(body)}\n`}`);
    return;
  }
  if (method !== "GET") await ctx.confirm(`Send ${method} ${path}?`);
  const { client } = await ctx.session();

  const send = async (q: Record<string, string | string[]>): Promise<Envelope> => {
    const { data, error, response } = await client[method](path, {
      params: { query: q },
      ...(body !== undefined ? { body } : {}),
      signal: io.signal,
    });
    if (method !== "GET") ctx.markChanged();
    if (error !== undefined || !response.ok) {
      const envelope = (error ?? {}) as Envelope;
      io.stderr.write(`error: ${response.status} ${method} ${path}\n`);
      for (const e of envelope.errors ?? []) io.stderr.write(`  [${e.code}] ${e.message}\n`);
      const ray = response.headers.get("cf-ray");
      if (ray) io.stderr.write(`  cf-ray: ${ray}\n`);
      throw new ExitError(
        response.status === 401 || response.status === 403 ? ExitCode.auth : ExitCode.apiError,
      );
    }
    return data as Envelope;
  };

  if (!flags.paginate) {
    const envelope = await send(query);
    printValue(io, envelope, {
      ...ctx.output,
      format: ctx.output.format === "table" ? "json" : ctx.output.format,
    });
    return;
  }
  const stream = new ListStream(io, {
    ...ctx.output,
    format: ctx.output.format === "ndjson" ? "ndjson" : "json",
  });
  let q = { ...query };
  try {
    for (let page = 0; page < 100_000; page++) {
      const envelope = await send(q);
      const items = Array.isArray(envelope.result) ? envelope.result : [envelope.result];
      for (const item of items) stream.push(item);
      const info = envelope.result_info;
      if (info?.cursor) q = { ...q, cursor: info.cursor };
      else if (
        info?.page &&
        info.per_page &&
        info.total_count &&
        info.page * info.per_page < info.total_count
      ) {
        q = { ...q, page: String(info.page + 1) };
      } else break;
      if (items.length === 0) break;
    }
  } finally {
    stream.end();
  }
}
