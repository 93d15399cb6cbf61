/**
 * The one implementation of "run the mock as a server from a command line", used by both
 * `cf-devices-mock` and `cf-devices mock serve`: its flags (declared once, here), the checks
 * of their values, the start-up banner, request logging with `-v`, and the shutdown.
 *
 * It touches no process globals: the caller passes the output streams, the environment, and
 * what stops the server (the process whose SIGINT and SIGTERM stop it, and/or an abort signal).
 */
import type { FaultConfig } from "../core/faults.js";

/** A flag of the serve command, in the shape the `cf-devices` command table uses. */
export interface ServeFlagDef {
  type: "string" | "boolean";
  description: string;
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `PORT`. */
  value?: string;
  /** Environment variable that supplies the default. */
  env?: string;
}

/**
 * The environment variable with tokens to accept (comma-separated), read when `--token` is
 * absent; it keeps tokens out of the process list.
 *
 * @example
 * ```sh
 * CF_DEVICES_MOCK_TOKEN="$CLOUDFLARE_API_TOKEN" cf-devices-mock
 * ```
 */
export const TOKENS_ENV = "CF_DEVICES_MOCK_TOKEN";
/**
 * The environment variable with fault rules (JSON), read when `--faults` is absent.
 *
 * @example
 * ```sh
 * CF_DEVICES_MOCK_FAULTS='{"global":{"latency":100}}' cf-devices-mock
 * ```
 */
export const FAULTS_ENV_NAME = "CF_DEVICES_MOCK_FAULTS";

/**
 * The serve command's own flags. `-h/--help`, `--version` and `-v/--verbose` are the caller's
 * (the `cf-devices` global flags, or the same three in `cf-devices-mock`).
 *
 * @example
 * ```ts
 * import { parseArgs } from "node:util";
 * import { serveFlags } from "@cf-devices/mock/command";
 *
 * const { values } = parseArgs({ args: ["--port", "0"], options: serveFlags });
 * ```
 */
export const serveFlags = {
  port: {
    type: "string",
    short: "p",
    value: "PORT",
    description: "Port to listen on (default 8787; 0 picks a free port)",
  },
  host: {
    type: "string",
    value: "ADDR",
    description: "Interface to listen on (default 127.0.0.1, this machine only)",
  },
  seed: { type: "string", value: "N", description: "Seed of the generated data (default 1)" },
  devices: {
    type: "string",
    value: "N",
    description: "Physical devices per account (default 50, up to 250000)",
  },
  accounts: { type: "string", value: "N", description: "Number of accounts (default 1)" },
  state: {
    type: "string",
    value: "FILE",
    description: "Keep the data in this file (loaded if it exists, saved on every change)",
  },
  faults: {
    type: "string",
    value: "JSON",
    env: FAULTS_ENV_NAME,
    description: `Fault rules, e.g. '{"global":{"latency":100}}' (default: $${FAULTS_ENV_NAME})`,
  },
  token: {
    type: "string",
    multiple: true,
    value: "TOKEN",
    env: TOKENS_ENV,
    description: `Accept only this API token (repeatable; default: $${TOKENS_ENV}, comma-separated, else any token)`,
  },
  "no-auth": { type: "boolean", description: "Accept requests without credentials" },
  quiet: { type: "boolean", short: "q", description: "Print only the URL" },
} as const satisfies Record<string, ServeFlagDef>;

/**
 * A bad flag value; the caller prints it with its usage and exits 2.
 *
 * @example
 * ```ts
 * try {
 *   await runServeCommand({ devices: "many" }, io);
 * } catch (error) {
 *   if (error instanceof ServeUsageError) process.exitCode = 2;
 * }
 * ```
 */
export class ServeUsageError extends Error {
  override readonly name = "ServeUsageError";
}

/** The signals that stop a server: Ctrl-C, and what service managers and `kill` send. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Where stop signals come from: `process`, or a stand-in in tests. */
export interface SignalSource {
  on(event: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
  off(event: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
}

/** Where the command writes, what it reads, and what stops it. */
export interface ServeCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  /**
   * The process whose SIGINT (Ctrl-C) and SIGTERM stop the server; both executables pass
   * `process`. The server then closes cleanly: it stops listening, finishes the requests in
   * flight, commits and closes the state file, and the command returns. The handlers are removed
   * as the server starts closing, so a second signal ends the process at once.
   */
  signals?: SignalSource;
  /** Stops the server as a signal does. Without this or `signals` it runs until the process ends. */
  signal?: AbortSignal;
}

export interface ServeCommandOptions {
  /** `-v`: log every request served on stderr, and stack traces of unexpected errors. */
  verbose?: boolean;
  /** Called once the server listens (tests use it to learn the URL). */
  onListening?: (server: import("../node/serve.js").MockServer) => void;
}

function whole(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw);
  if (!/^\d+$/.test(text)) {
    throw new ServeUsageError(`--${name} must be a whole number; got "${text}"`);
  }
  return Number(text);
}

/** The `--token` values, else the tokens in $CF_DEVICES_MOCK_TOKEN. */
function tokensOf(values: Record<string, unknown>, env: ServeCommandIo["env"]): string[] {
  const raw = values.token;
  const given = Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : [String(raw)];
  if (given.some((t) => t.trim() === "")) {
    throw new ServeUsageError("--token must not be empty");
  }
  if (given.length > 0) return given;
  return (env[TOKENS_ENV] ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Starts the mock server from parsed flag values, prints the banner, and serves until
 * `io.signal` aborts; then closes the server (saving the state file, if any).
 *
 * Output: the API base URL alone on stdout (for scripts: `url=$(cf-devices-mock | head -1)`);
 * the account, zone, how to authenticate, the admin API and a `curl` line on stderr, unless
 * `--quiet`. A token given with `--token` is never printed.
 *
 * @example
 * ```ts
 * import { runServeCommand } from "@cf-devices/mock/command";
 *
 * // Serves until Ctrl-C or SIGTERM, then closes the server (and its state file) cleanly.
 * await runServeCommand({ port: "8787", devices: "500" }, { ...process, signals: process });
 * ```
 */
export async function runServeCommand(
  values: Record<string, unknown>,
  io: ServeCommandIo,
  options: ServeCommandOptions = {},
): Promise<void> {
  const port = whole(values, "port", 8787);
  if (port > 65535) throw new ServeUsageError(`--port must be at most 65535; got ${port}`);
  const seed = whole(values, "seed", 1);
  const devices = whole(values, "devices", 50);
  const accounts = whole(values, "accounts", 1);
  if (accounts < 1) throw new ServeUsageError("--accounts must be at least 1");
  const host = values.host === undefined ? "127.0.0.1" : String(values.host);
  const state = values.state === undefined ? undefined : String(values.state);
  const tokens = tokensOf(values, io.env);
  const noAuth = values["no-auth"] === true;
  if (noAuth && tokens.length > 0 && values.token !== undefined) {
    throw new ServeUsageError("use either --token or --no-auth, not both");
  }

  const { faultsFromEnv, serve } = await import("../node/serve.js");
  const faultsText = values.faults === undefined ? io.env[FAULTS_ENV_NAME] : String(values.faults);
  let faults: FaultConfig | undefined;
  try {
    faults = faultsFromEnv(
      faultsText,
      values.faults === undefined ? `$${FAULTS_ENV_NAME}` : "--faults",
    );
  } catch (error) {
    throw new ServeUsageError((error as Error).message);
  }

  const log = options.verbose
    ? (line: string) => {
        io.stderr.write(`[info] ${line}\n`);
      }
    : undefined;
  const server = await serve({
    port,
    host,
    seed,
    devices,
    accounts,
    ...(state ? { stateFile: state } : {}),
    ...(faults ? { faults } : {}),
    faultsFromEnv: false,
    // The command's process serves the mock and nothing else (see node/heap.ts).
    tuneSeedHeap: true,
    auth: noAuth ? false : tokens.length > 0 ? { tokens } : undefined,
    ...(log
      ? {
          onAnswer: ({ method, url, status, ms }) =>
            log(`${method} ${url} ${status} ${ms.toFixed(1)} ms`),
        }
      : {}),
  });
  try {
    io.stdout.write(`${server.url}\n`);
    if (values.quiet !== true) io.stderr.write(banner(server, state, tokens.length > 0));
    options.onListening?.(server);
    await untilStopped(io);
  } finally {
    await server.close();
  }
}

/** Resolves on the first stop signal or abort (see {@link ServeCommandIo}). */
function untilStopped(io: ServeCommandIo): Promise<void> {
  const { signals, signal } = io;
  return new Promise<void>((resolve) => {
    const stop = () => {
      for (const name of STOP_SIGNALS) signals?.off(name, stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    if (signal?.aborted) return stop();
    for (const name of STOP_SIGNALS) signals?.on(name, stop);
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/** The lines on stderr after start-up: what to point a client at, and one request to try. */
function banner(
  server: import("../node/serve.js").MockServer,
  state: string | undefined,
  ownTokens: boolean,
): string {
  const { mock, url } = server;
  const account = mock.accounts[0];
  // In permissive mode any token works and the default one is public; a token of the user's is
  // a secret: the lines name the environment variable that holds it instead.
  const token =
    mock.authMode === "permissive" ? mock.credentials.apiToken : "$CLOUDFLARE_API_TOKEN";
  const auth =
    mock.authMode === "permissive"
      ? `any token, e.g. Authorization: Bearer ${mock.credentials.apiToken}`
      : mock.authMode === "off"
        ? "off (requests need no credentials)"
        : `only the token${ownTokens ? "s" : ""} given (--token or $${TOKENS_ENV})`;
  const lines = [
    `Mock of the Cloudflare Devices API listening on ${url} (Ctrl-C to stop)`,
    `  account  ${mock.accountId}  (${account?.devices ?? 0} devices${mock.accounts.length > 1 ? `; ${mock.accounts.length} accounts` : ""})`,
    `  zone     ${mock.zoneId}`,
    `  auth     ${auth}`,
    `  admin    ${server.origin}/__mock`,
    ...(state ? [`  state    ${state}`] : []),
    `  try      curl -H "Authorization: Bearer ${token}" ${url}/accounts/${mock.accountId}/devices/physical-devices`,
    `           CLOUDFLARE_BASE_URL=${url} CLOUDFLARE_ACCOUNT_ID=${mock.accountId}${mock.authMode === "permissive" ? ` CLOUDFLARE_API_TOKEN=${token}` : ""} cf-devices devices list`,
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The options part of a help text for the serve command, from {@link serveFlags} plus the
 * caller's extra flags.
 *
 * @example
 * ```ts
 * console.log(serveOptionsHelp({ help: { type: "boolean", short: "h", description: "Show help" } }));
 * ```
 */
export function serveOptionsHelp(extra: Record<string, ServeFlagDef> = {}): string {
  const rows = Object.entries({ ...serveFlags, ...extra } as Record<string, ServeFlagDef>).map(
    ([name, def]) => {
      const left = `${def.short ? `-${def.short}, ` : "    "}--${name}${def.value ? ` <${def.value.toLowerCase()}>` : ""}`;
      return [left, def.description] as const;
    },
  );
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, text]) => `  ${left.padEnd(width)}${text}`).join("\n");
}
