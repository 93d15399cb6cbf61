/**
 * Serves a mock over HTTP/1.1 with `node:http` (see `http-server.ts`). Requests go straight
 * into the core's transport-neutral `handle()`, with no `Request`/`Response` objects in between.
 */
import type { AddressInfo } from "node:net";
import { createMock, type Mock, type MockOptions } from "../core/create-mock.js";
import { ErrorCode, failureBody } from "../core/errors.js";
import { type FaultConfig, parseFaultConfig } from "../core/faults.js";
import { JSON_HEADERS } from "../core/http.js";
import { seeding } from "./heap.js";
import { createHttpServer, type HttpAnswer } from "./http-server.js";
import { openMock, type PersistentMock } from "./state-file.js";

/**
 * The environment variable with fault rules (JSON), read by `serve()` and the CLI.
 *
 * @example
 * ```ts
 * process.env[FAULTS_ENV] = JSON.stringify({ global: { latency: [10, 50] } });
 * ```
 */
export const FAULTS_ENV = "CF_DEVICES_MOCK_FAULTS";

/** Options of {@link serve}: the mock's options plus where to listen. */
export interface ServeOptions extends MockOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`, loopback only). */
  host?: string;
  /** Serve this mock instead of creating one from the options. */
  mock?: Mock;
  /**
   * Keep the data in this state file (a SQLite database; see `openMock`): loaded at start when
   * it exists, and each change written (only what changed) before the server answers the
   * request that made it, so an acknowledged write survives a crash. Changes made directly on
   * `server.mock` are written as they happen. A JSON state file is converted once.
   */
  stateFile?: string;
  /** Read fault rules from `CF_DEVICES_MOCK_FAULTS` when `faults` is not given (default true). */
  faultsFromEnv?: boolean;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get a 413. */
  maxBodyBytes?: number;
  /**
   * Time a request, headers and body, may take to arrive, in ms (default 10 000; 0 for no
   * limit); slower ones get a 408. Node's `requestTimeout`.
   */
  bodyTimeout?: number;
  /** Time the request line and headers may take, in ms (default 10 000, at most `bodyTimeout`). */
  headersTimeout?: number;
  /** Largest request line plus headers, in bytes (default 16 KiB); larger ones get a 431. */
  maxHeaderSize?: number;
  /** An idle persistent connection is closed after this many ms (default 5 000). */
  keepAliveTimeout?: number;
  /** See `OpenMockOptions.tuneSeedHeap`: for a process that only serves the mock (default false). */
  tuneSeedHeap?: boolean;
  /** Called after each request the mock answered (admin requests included), e.g. to log it. */
  onAnswer?: (info: { method: string; url: string; status: number; ms: number }) => void;
}

/** A running server. */
export interface MockServer {
  /** The API base URL, e.g. `http://127.0.0.1:8787/client/v4`. */
  url: string;
  /** The server's origin, e.g. `http://127.0.0.1:8787` (the admin API is at `${origin}/__mock`). */
  origin: string;
  port: number;
  mock: Mock;
  /** Stops listening, waits for open requests, and saves the state file if there is one. */
  close(): Promise<void>;
}

/**
 * Parses fault rules from a JSON string such as the `CF_DEVICES_MOCK_FAULTS` environment
 * variable. Throws a TypeError naming `name` when the value is not valid.
 *
 * @example
 * ```ts
 * const faults = faultsFromEnv(process.env.CF_DEVICES_MOCK_FAULTS); // e.g. '{"global":{"latency":50}}'
 * ```
 */
export function faultsFromEnv(
  value: string | undefined,
  name: string = FAULTS_ENV,
): FaultConfig | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new TypeError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  return parseFaultConfig(parsed, name);
}

/**
 * Starts an HTTP server for a mock (on `127.0.0.1` and a free port unless told otherwise).
 *
 * @example
 * ```ts
 * import { serve } from "@cf-devices/mock/node";
 *
 * const server = await serve({ port: 8787, seed: 1, devices: 500 });
 * console.log(server.url); // http://127.0.0.1:8787/client/v4
 * await server.close();
 * ```
 */
export async function serve(options: ServeOptions = {}): Promise<MockServer> {
  const {
    port = 0,
    host = "127.0.0.1",
    stateFile,
    maxBodyBytes = 1 << 20,
    bodyTimeout = 10_000,
    onAnswer,
  } = options;
  const mockOptions: MockOptions = { ...options };
  if (mockOptions.faults === undefined && options.faultsFromEnv !== false) {
    const fromEnv = faultsFromEnv(process.env[FAULTS_ENV]);
    if (fromEnv) mockOptions.faults = fromEnv;
  }

  // The base URL depends on the port, known only after listen(); the mock is created then, and
  // a request that comes in before gets a 503.
  let mock: Mock | undefined;
  const refusal = (status: number, message: string): HttpAnswer => ({
    status,
    headers: status === 503 ? { ...JSON_HEADERS, "retry-after": "1" } : JSON_HEADERS,
    body: JSON.stringify(
      failureBody([{ code: status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION, message }]),
    ),
  });
  const http = createHttpServer({
    maxBodyBytes,
    requestTimeout: bodyTimeout,
    headersTimeout: options.headersTimeout ?? (bodyTimeout > 0 ? bodyTimeout : 60_000),
    ...(options.maxHeaderSize !== undefined ? { maxHeaderSize: options.maxHeaderSize } : {}),
    ...(options.keepAliveTimeout !== undefined
      ? { keepAliveTimeout: options.keepAliveTimeout }
      : {}),
    refusal,
    async handle(request) {
      if (mock === undefined) return refusal(503, "The mock server is starting; retry shortly.");
      const started = onAnswer ? performance.now() : 0;
      const before = mock.version;
      const out = await mock.handle(request);
      // An acknowledged write is on disk: answer only once the change is saved.
      if (stateFile && mock.version !== before) await flush();
      onAnswer?.({
        method: request.method,
        url: request.url,
        status: out.status,
        ms: performance.now() - started,
      });
      return out;
    },
  });
  const server = http.server;
  await http.listen(port, host);
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${hostForUrl}:${address.port}`;
  mockOptions.baseUrl ??= `${origin}/client/v4`;

  let created: Mock;
  let persisted: PersistentMock | undefined;
  try {
    if (options.mock && stateFile)
      throw new TypeError(
        "serve(): give either `mock` or `stateFile`, not both; to serve a persisted mock, open it with openMock({ stateFile }) and pass it as `mock`",
      );
    if (options.mock) created = options.mock;
    else if (stateFile)
      created = persisted = await openMock({
        ...mockOptions,
        stateFile,
        groupCommit: true,
        tuneSeedHeap: options.tuneSeedHeap === true,
      });
    else created = await seeding(options.tuneSeedHeap === true, () => createMock(mockOptions));
  } catch (error) {
    await http.close();
    throw error;
  }
  mock = created;

  // A persisted mock commits changes in groups (one commit for all writes that arrive while the
  // previous one runs); a request that changed data is answered once its change is committed.
  const flush = async () => {
    await persisted?.persist();
  };

  return {
    url: `${origin}${new URL(created.baseUrl).pathname.replace(/\/+$/, "")}`,
    origin,
    port: address.port,
    mock: created,
    async close() {
      await http.close();
      try {
        await persisted?.persist();
      } finally {
        persisted?.close();
      }
    },
  };
}
