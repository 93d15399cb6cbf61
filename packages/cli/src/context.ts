/**
 * What a running command gets: parsed flags and arguments, output settings, where to send
 * requests, and a lazily created API client (real, or the embedded mock with `--mock`).
 */
import { manifest } from "@cf-devices/types";
import type { CommandDef } from "./commands/registry.js";
import { ExitCode, ExitError, UsageError } from "./errors.js";
import { globalFlags } from "./flags.js";
import type { Io } from "./io.js";
import type { OutputOptions } from "./output.js";

export interface Target {
  baseUrl: string;
  accountId: string | undefined;
  zoneId: string | undefined;
}

export interface Session extends Target {
  // biome-ignore lint/suspicious/noExplicitAny: the client is typed per operation; commands call it generically
  client: any;
}

export interface Context {
  io: Io;
  command: CommandDef;
  flags: Record<string, unknown>;
  args: Record<string, string | string[]>;
  verbose: boolean;
  dryRun: boolean;
  output: OutputOptions;
  /** Base URL and default ids, without needing credentials (enough for --dry-run). */
  target(): Promise<Target>;
  /** The API client; reads credentials (or opens the embedded mock) on first use. */
  session(): Promise<Session>;
  /** Asks before a destructive step; throws when the answer is no or nobody can answer. */
  confirm(question: string): Promise<void>;
  /** Records that the embedded mock's state changed and must be saved. */
  markChanged(): void;
  close(): Promise<void>;
}

const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

function stringFlag(
  flags: Record<string, unknown>,
  name: keyof typeof globalFlags,
  io: Io,
): string | undefined {
  const value = flags[name];
  if (typeof value === "string" && value !== "") return value;
  const env = (globalFlags[name] as { env?: string }).env;
  const fromEnv = env ? io.env[env] : undefined;
  return fromEnv === "" ? undefined : fromEnv;
}

export function createContext(
  io: Io,
  command: CommandDef,
  flags: Record<string, unknown>,
  args: Record<string, string | string[]>,
): Context {
  if (flags.json && flags.ndjson)
    throw new UsageError("use either --json or --ndjson, not both", command.name);
  const fields =
    typeof flags.fields === "string"
      ? flags.fields
          .split(",")
          .map((f) => f.trim())
          .filter(Boolean)
      : undefined;
  const output: OutputOptions = {
    format: flags.ndjson ? "ndjson" : flags.json ? "json" : "table",
    fields,
    columns: command.columns ? [...command.columns] : undefined,
  };
  const verbose = flags.verbose === true;
  let mockSession: Promise<import("./mock-session.js").MockSession> | undefined;
  let session: Promise<Session> | undefined;
  let changed = false;

  const openMock = () => {
    mockSession ??= import("./mock-session.js").then((m) =>
      m.openMockSession(io, stringFlag(flags, "mock-state", io)),
    );
    return mockSession;
  };

  const ctx: Context = {
    io,
    command,
    flags,
    args,
    verbose,
    dryRun: flags["dry-run"] === true,
    output,
    async target() {
      const accountId = stringFlag(flags, "account-id", io);
      const zoneId = stringFlag(flags, "zone-id", io);
      if (flags.mock) {
        const mock = await openMock();
        return {
          baseUrl: mock.baseUrl,
          accountId: accountId ?? mock.accountId,
          zoneId: zoneId ?? mock.zoneId,
        };
      }
      return { baseUrl: io.env.CLOUDFLARE_BASE_URL || DEFAULT_BASE_URL, accountId, zoneId };
    },
    session() {
      session ??= (async () => {
        const target = await ctx.target();
        // Only `api` needs openapi-fetch's low-level methods; the rest use the lighter base client.
        const clientModule = await import("@cf-devices/client");
        const createClient =
          command.handler === "api" ? clientModule.createClient : clientModule.createBaseClient;
        const logger = verbose ? stderrLogger(io) : undefined;
        if (flags.mock) {
          const mock = await openMock();
          const client = createClient({
            ...mock.credentials,
            baseUrl: target.baseUrl,
            fetch: mock.fetch,
            accountId: target.accountId,
            zoneId: target.zoneId,
            maxRetries: 0,
            ...(logger ? { logger } : {}),
          });
          return { ...target, client };
        }
        const token = io.env.CLOUDFLARE_API_TOKEN;
        const email = io.env.CLOUDFLARE_EMAIL;
        const key = io.env.CLOUDFLARE_API_KEY;
        if (!token && !(email && key)) {
          throw new ExitError(
            ExitCode.auth,
            email || key
              ? `error: ${email ? "CLOUDFLARE_API_KEY" : "CLOUDFLARE_EMAIL"} is not set; the global API key needs both CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY (or set CLOUDFLARE_API_TOKEN instead)`
              : "error: no credentials. Set CLOUDFLARE_API_TOKEN to an API token with Zero Trust permissions\n(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY). To try the CLI without an account, add --mock.",
          );
        }
        if (!token && needsApiToken(command)) {
          throw new ExitError(
            ExitCode.auth,
            `error: ${command.name} needs an API token: this part of the API does not accept the global API key (CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY). Set CLOUDFLARE_API_TOKEN.`,
          );
        }
        const client = createClient({
          ...(token ? { apiToken: token } : { apiEmail: email, apiKey: key }),
          baseUrl: target.baseUrl,
          accountId: target.accountId,
          zoneId: target.zoneId,
          userAgent: `cf-devices-cli/${(await import("./version.js")).VERSION}`,
          ...(logger ? { logger } : {}),
        });
        return { ...target, client };
      })();
      return session;
    },
    async confirm(question) {
      if (flags.yes === true) return;
      const interactive =
        io.stdin.isTTY === true && io.stderr.isTTY === true && io.ask !== undefined;
      if (!interactive) {
        throw new UsageError(
          `${command.name} changes data and needs confirmation: pass --yes to go ahead, or --dry-run to see the request`,
          command.name,
        );
      }
      const answer = (await io.ask!(`${question} [y/N] `)).trim().toLowerCase();
      if (answer !== "y" && answer !== "yes")
        throw new ExitError(ExitCode.cancelled, "Cancelled; nothing was sent.");
    },
    markChanged() {
      changed = true;
    },
    async close() {
      if (!mockSession) return;
      // A mock that failed to open has nothing to save; its error was already reported.
      const mock = await mockSession.catch(() => undefined);
      if (!mock) return;
      if (changed) await mock.save();
      mock.close();
    },
  };
  return ctx;
}

/** Whether every operation of a command accepts only an API token (from the manifest). */
export function needsApiToken(command: CommandDef): boolean {
  return (
    command.operations.length > 0 &&
    command.operations.every((id) =>
      manifest[id].security.every((alternative) =>
        (alternative as readonly string[]).includes("api_token"),
      ),
    )
  );
}

function stderrLogger(io: Io) {
  const line = (level: string) => (message: string, details?: unknown) =>
    io.stderr.write(
      `[${level}] ${message}${details === undefined ? "" : ` ${JSON.stringify(details)}`}\n`,
    );
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}
