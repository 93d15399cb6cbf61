/**
 * Turning a command's plan into concrete requests: query flags to typed values, default
 * account/zone ids, the body from --file or stdin, and the text --dry-run prints.
 */
import { resolve } from "node:path";
import {
  type OperationManifest,
  type QueryParamManifest,
  manifest as typedManifest,
  writeOnlyFields,
} from "@cf-devices/types";
import { boundsMistake, countMistake } from "./bounds.js";
import type { CommandDef, PlannedRequest } from "./commands/registry.js";
import type { Context, Target } from "./context.js";
import { parseDocument } from "./documents.js";
import { UsageError } from "./errors.js";

/** The manifest seen as plain data (its literal types are not needed here). */
const manifest: Record<string, OperationManifest> = typedManifest;

function convert(q: QueryParamManifest, flag: string, raw: string): string | number | boolean {
  if (q.type === "integer" || q.type === "number") {
    const n = Number(raw);
    if (
      raw.trim() === "" ||
      !Number.isFinite(n) ||
      (q.type === "integer" && !Number.isInteger(n))
    ) {
      throw new UsageError(
        `--${flag} must be ${q.type === "integer" ? "a whole number" : "a number"}; got "${raw}"`,
      );
    }
    return n;
  }
  if (q.type === "boolean") {
    if (raw !== "true" && raw !== "false")
      throw new UsageError(`--${flag} must be true or false; got "${raw}"`);
    return raw === "true";
  }
  return raw;
}

/** Query parameters from the command's query flags, typed by the manifest. */
export function queryFromFlags(
  command: CommandDef,
  flags: Record<string, unknown>,
): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [flag, def] of Object.entries(command.flags)) {
    if (!def.query) continue;
    const raw = flags[flag];
    if (raw === undefined) continue;
    const param = command.operations
      .flatMap((id) => manifest[id]!.queryParams)
      .find((q) => q.name === def.query)!;
    const convertOne = (v: unknown) => {
      let value: string | number | boolean;
      try {
        value = convert(param, flag, String(v));
      } catch (error) {
        if (error instanceof UsageError) error.command = command.name;
        throw error;
      }
      const mistake = boundsMistake(param, value);
      if (mistake) throw new UsageError(`--${flag} ${mistake}`, command.name);
      return value;
    };
    if (Array.isArray(raw)) {
      const mistake = countMistake(param, raw.length);
      if (mistake) throw new UsageError(`--${flag} ${mistake}`, command.name);
    }
    query[def.query] = Array.isArray(raw) ? raw.map(convertOne) : convertOne(raw);
  }
  return query;
}

export interface ResolvedRequest extends PlannedRequest {
  method: string;
  path: Record<string, string>;
  /** The full URL, for --dry-run and messages. */
  url: string;
}

/** Fills account/zone ids and builds the URL. */
export function resolveRequest(
  plan: PlannedRequest,
  target: Target,
  command: string,
): ResolvedRequest {
  const op = manifest[plan.operationId]!;
  const path: Record<string, string> = { ...plan.path };
  for (const name of op.pathParams) {
    if (path[name] !== undefined) continue;
    if (name === "account_id" && target.accountId) path[name] = target.accountId;
    else if (name === "zone_id" && target.zoneId) path[name] = target.zoneId;
    else if (name === "account_id") {
      throw new UsageError("no account: pass --account-id or set CLOUDFLARE_ACCOUNT_ID", command);
    } else if (name === "zone_id") {
      throw new UsageError("no zone: pass --zone-id or set CLOUDFLARE_ZONE_ID", command);
    } else throw new UsageError(`missing ${name}`, command);
  }
  const url = new URL(
    target.baseUrl.replace(/\/+$/, "") +
      op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(path[k]!)),
  );
  for (const [key, value] of Object.entries(plan.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return { ...plan, method: op.method, path, url: url.toString() };
}

/** How --dry-run shows a request. */
export function formatRequest(request: ResolvedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  if (request.body !== undefined) lines.push(formatBody(request.body));
  return `${lines.join("\n")}\n`;
}

const SECRET_FIELDS: ReadonlySet<string> = new Set(writeOnlyFields);

/**
 * A request body as printed by --dry-run: pretty JSON, with the value of every field the spec
 * marks write-only (provider credentials) replaced, so a dry run never shows a secret.
 */
export function formatBody(body: unknown): string {
  return JSON.stringify(
    body,
    (key, value) => (SECRET_FIELDS.has(key) && value !== null ? "[hidden: write-only]" : value),
    2,
  );
}

async function readStdin(ctx: Context): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of ctx.io.stdin)
    chunks.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
  return chunks.join("");
}

/** The body from --file (a path, or `-` for stdin) or from piped stdin. */
export async function readBody(ctx: Context): Promise<unknown> {
  const file = ctx.flags.file as string | undefined;
  const name = ctx.command.name;
  if (file === undefined || file === "-") {
    if (file === undefined && ctx.io.stdin.isTTY) {
      throw new UsageError(
        "needs a body: pass --file FILE (JSON or YAML), or pipe it on stdin",
        name,
      );
    }
    return parseDocument(await readStdin(ctx), "stdin", name);
  }
  let text: string;
  try {
    // Loaded here, not at the top: node:fs/promises costs every other command start-up time.
    const { readFile } = await import("node:fs/promises");
    text = await readFile(resolve(ctx.io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read --file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      name,
    );
  }
  return parseDocument(text, file, name);
}
