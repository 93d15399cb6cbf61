/**
 * Serves a mock over HTTP with `node:http`. Requests go straight into the core's transport-
 * neutral `handle()` (no `Request`/`Response` objects in between), which keeps latency low.
 */
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMock, type Mock, type MockOptions } from "../core/create-mock.js";
import { ErrorCode, failureBody } from "../core/errors.js";
import { type FaultConfig, parseFaultConfig } from "../core/faults.js";
import { JSON_HEADERS } from "../core/http.js";
import { openMock, saveMockState } from "./state-file.js";

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
   * Keep the data in this file: loaded at start when it exists, saved (atomically) shortly after
   * every change and on `close()`.
   */
  stateFile?: string;
  /** Read fault rules from `CF_DEVICES_MOCK_FAULTS` when `faults` is not given (default true). */
  faultsFromEnv?: boolean;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
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

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new RangeError("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(chunks.length === 0 ? null : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
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
  const { port = 0, host = "127.0.0.1", stateFile, maxBodyBytes = 1 << 20 } = options;
  const mockOptions: MockOptions = { ...options };
  if (mockOptions.faults === undefined && options.faultsFromEnv !== false) {
    const fromEnv = faultsFromEnv(process.env[FAULTS_ENV]);
    if (fromEnv) mockOptions.faults = fromEnv;
  }

  const server = createServer({ keepAliveTimeout: 5_000 });
  // The base URL depends on the port, known only after listen(); the mock is created then.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${hostForUrl}:${address.port}`;
  mockOptions.baseUrl ??= `${origin}/client/v4`;

  let mock: Mock;
  try {
    mock =
      options.mock ??
      (stateFile ? await openMock({ ...mockOptions, stateFile }) : createMock(mockOptions));
  } catch (error) {
    server.close();
    throw error;
  }

  // Saving: coalesce bursts of changes into one write, never two writes at once.
  let saving: Promise<void> = Promise.resolve();
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saveError: unknown;
  const save = () => {
    pending = false;
    saving = saving
      .then(() => saveMockState(stateFile!, mock))
      .catch((error: unknown) => {
        saveError = error;
        process.emitWarning(String((error as Error)?.message ?? error), "MockStateWarning");
      });
    return saving;
  };
  const unsubscribe = stateFile
    ? mock.onChange(() => {
        pending = true;
        if (timer === undefined) {
          timer = setTimeout(() => {
            timer = undefined;
            void save();
          }, 50);
        }
      })
    : () => {};

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const bodyPromise =
      method === "GET" || method === "HEAD" ? Promise.resolve(null) : readBody(req, maxBodyBytes);
    bodyPromise
      .then((body) => mock.handle({ method, url: req.url ?? "/", headers: req.headers, body }))
      .then(
        (out) => {
          res.writeHead(out.status, out.headers);
          res.end(method === "HEAD" ? undefined : out.body);
        },
        (error: unknown) => {
          const tooLarge = error instanceof RangeError;
          const status = tooLarge ? 413 : 500;
          if (res.headersSent) return res.destroy();
          res.writeHead(status, JSON_HEADERS);
          res.end(
            JSON.stringify(
              failureBody([
                {
                  code: tooLarge ? ErrorCode.VALIDATION : ErrorCode.INTERNAL,
                  message: tooLarge
                    ? `The request body is larger than ${maxBodyBytes} bytes.`
                    : `The mock server failed: ${(error as Error)?.message ?? error}`,
                },
              ]),
            ),
          );
        },
      );
  });

  if (stateFile && !existsSync(stateFile)) await save();

  return {
    url: `${origin}${new URL(mock.baseUrl).pathname.replace(/\/+$/, "")}`,
    origin,
    port: address.port,
    mock,
    async close() {
      unsubscribe();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (stateFile && pending) await save();
      await saving;
      if (saveError) throw saveError;
    },
  };
}
