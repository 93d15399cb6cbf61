/**
 * Serves a mock over HTTP with `node:http`. Requests go straight into the core's transport-
 * neutral `handle()` (no `Request`/`Response` objects in between), which keeps latency low.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";
import { createMock, type Mock, type MockOptions } from "../core/create-mock.js";
import { ErrorCode, failureBody } from "../core/errors.js";
import { type FaultConfig, parseFaultConfig } from "../core/faults.js";
import { JSON_HEADERS } from "../core/http.js";
import { openMock, saveMockState } from "./state-file.js";

// Built-ins come through require, not an ESM import: an ESM import of a built-in reads every
// export, and getters load what nothing here uses (node:http's WebSocket getters load Node's
// fetch, ~30 ms of start-up; node:fs's stream getters load its file streams).
const require = createRequire(import.meta.url);
const { createServer, STATUS_CODES } = require("node:http") as typeof import("node:http");
const { existsSync } = require("node:fs") as typeof import("node:fs");

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
   * Keep the data in this file: loaded at start when it exists, and saved (atomically) before
   * the server answers a request that changed data, so an acknowledged write survives a crash.
   * Changes made directly on `server.mock` are saved shortly after, and on `close()`.
   */
  stateFile?: string;
  /** Read fault rules from `CF_DEVICES_MOCK_FAULTS` when `faults` is not given (default true). */
  faultsFromEnv?: boolean;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get a 413. */
  maxBodyBytes?: number;
  /** Time a request body may take to arrive, in ms (default 10 000); slower ones get a 408. */
  bodyTimeout?: number;
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

/** A request body the server refuses: too large (413) or too slow (408). */
class BodyError extends Error {
  constructor(
    readonly status: 408 | 413,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number, timeout: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new BodyError(413, `The request body is larger than ${limit} bytes.`);
    if (Number(req.headers["content-length"]) > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    // A client that sends headers and then trickles (or never ends) its body is cut off.
    const timer =
      timeout > 0
        ? setTimeout(
            () => fail(new BodyError(408, `The request body did not arrive within ${timeout} ms.`)),
            timeout,
          )
        : undefined;
    const fail = (error: Error) => {
      clearTimeout(timer);
      req.off("data", onData);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(tooLarge());
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      clearTimeout(timer);
      resolve(chunks.length === 0 ? null : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", fail);
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
  const {
    port = 0,
    host = "127.0.0.1",
    stateFile,
    maxBodyBytes = 1 << 20,
    bodyTimeout = 10_000,
  } = options;
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

  // Saving: never two writes at once; every caller of flush() gets a save that starts after
  // its call, and callers that come while one is queued share it.
  let saving: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saveError: unknown;
  const flush = () => {
    queued ??= saving.then(() => {
      queued = undefined;
      pending = false;
      return saveMockState(stateFile!, mock);
    });
    saving = queued.catch((error: unknown) => {
      saveError = error;
      process.emitWarning(String((error as Error)?.message ?? error), "MockStateWarning");
    });
    return queued;
  };
  const save = () => {
    void flush().catch(() => {});
    return saving;
  };
  // Changes made on `server.mock` directly (not through a request) are saved shortly after.
  const unsubscribe = stateFile
    ? mock.onChange(() => {
        pending = true;
        if (timer === undefined) {
          timer = setTimeout(() => {
            timer = undefined;
            if (pending) void save();
          }, 50);
        }
      })
    : () => {};

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const bodyPromise =
      method === "GET" || method === "HEAD"
        ? Promise.resolve(null)
        : readBody(req, maxBodyBytes, bodyTimeout);
    bodyPromise
      .then(async (body) => {
        const before = mock.version;
        const out = await mock.handle({ method, url: req.url ?? "/", headers: req.headers, body });
        // An acknowledged write is on disk: answer only once the change is saved.
        if (stateFile && mock.version !== before) await flush();
        return out;
      })
      .then(
        (out) => {
          // With a length, Node sends the answer in one write instead of chunked encoding, which
          // is most of the difference between this server and a bare node:http one.
          const noBody = out.status === 204 || out.status === 304;
          const body = noBody ? undefined : Buffer.from(out.body, "utf8");
          res.writeHead(
            out.status,
            body ? { ...out.headers, "content-length": String(body.byteLength) } : out.headers,
          );
          res.end(method === "HEAD" ? undefined : body);
        },
        (error: unknown) => {
          const refused = error instanceof BodyError;
          const status = refused ? error.status : 500;
          if (res.headersSent) return res.destroy();
          res.writeHead(status, { ...JSON_HEADERS, ...(refused ? { connection: "close" } : {}) });
          const payload = JSON.stringify(
            failureBody([
              {
                code: refused ? ErrorCode.VALIDATION : ErrorCode.INTERNAL,
                message: refused
                  ? error.message
                  : `The mock server failed: ${(error as Error)?.message ?? error}`,
              },
            ]),
          );
          // The rest of a refused body is not read: close the connection once the answer is out.
          res.end(payload, refused ? () => req.destroy() : undefined);
        },
      );
  });

  // Requests that Node's parser refuses (a URL and headers over 16 KiB, a malformed request line)
  // get the API's error envelope too, not a bare status line.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const payload = JSON.stringify(
      failureBody([
        {
          code: ErrorCode.VALIDATION,
          message:
            status === 431
              ? "The request line and headers are too large."
              : `The request is not valid HTTP (${error.code ?? error.message}).`,
        },
      ]),
    );
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ${JSON_HEADERS["content-type"]}\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
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
