/**
 * The standalone mock's HTTP transport: Node's own `node:http` server (its llhttp parser does
 * the framing), with the mock's limits set through Node's options and every refusal answered in
 * the API's error envelope instead of Node's bare status lines.
 *
 * | limit | how | answer |
 * | --- | --- | --- |
 * | request line + headers size | `maxHeaderSize` | 431 |
 * | headers slow to arrive | `headersTimeout` | 408 |
 * | whole request (headers and body) slow to arrive | `requestTimeout` | 408 |
 * | body size | `Content-Length`, else counted while reading | 413 |
 * | idle persistent connection | `keepAliveTimeout` | closed |
 * | anything the parser rejects (lower-case method, bad framing, no Host, …) | `clientError` | 400 |
 * | an `Expect` other than `100-continue` | `checkExpectation` | 417 |
 *
 * Request headers reach the core as a record without a prototype, built from `rawHeaders`, so
 * names such as `__proto__` or `constructor` are ordinary headers (kept, logged, never
 * inherited).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { Socket } from "node:net";

// Built-ins come through require, not an ESM import: an ESM import of a built-in reads every
// export, and node:http's WebSocket getters load Node's fetch (~30 ms of start-up).
const require = createRequire(import.meta.url);
const { createServer, STATUS_CODES } = require("node:http") as typeof import("node:http");

/** A request as the handler gets it: header names are lower-case, the record has no prototype. */
export interface HttpRequestIn {
  method: string;
  /** The request target as sent (origin form `/path?query`, or absolute form). */
  url: string;
  /** A repeated header is joined with ", " ("; " for cookie), except those Node keeps first. */
  headers: Record<string, string>;
  /** The body as UTF-8 text; null when there is none (always null for GET and HEAD). */
  body: string | null;
}

/** An answer. The server adds `content-length`, `date` and `connection` itself. */
export interface HttpAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface HttpServerOptions {
  /** Answers a request. A rejection is passed to `refusal(500, message)`. */
  handle(request: HttpRequestIn): Promise<HttpAnswer>;
  /** The answer to a request the server refuses (400, 408, 413, 417, 431, 500). */
  refusal(status: number, message: string): HttpAnswer;
  /** Largest body, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Largest request line plus headers, in bytes (default 16 KiB, Node's default). */
  maxHeaderSize?: number;
  /**
   * Time the whole request, headers and body, may take to arrive, in ms; 0 for no limit
   * (default 10 s). Node's `requestTimeout`.
   */
  requestTimeout?: number;
  /** Time the request line and headers may take, in ms (default 60 s, capped at `requestTimeout`). */
  headersTimeout?: number;
  /** An idle persistent connection is closed after this many ms (default 5 s). */
  keepAliveTimeout?: number;
}

export interface HttpServer {
  /** The listening `http.Server` (for `address()`). */
  readonly server: Server;
  listen(port: number, host: string): Promise<void>;
  /**
   * Stops accepting connections, closes idle ones and ones still sending a request at once,
   * lets requests being answered finish (their answer says `connection: close`), and resolves
   * when every connection is gone.
   */
  close(): Promise<void>;
}

// As in Node: of these, a repeated header keeps its first value instead of being joined.
const FIRST_WINS = new Set([
  "authorization",
  "content-type",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "user-agent",
]);
// Headers the server writes itself; a handler's own values for them are dropped.
const OWN_HEADERS = new Set(["content-length", "connection", "date", "transfer-encoding"]);

/** The request headers as a prototype-less record with lower-case names. */
export function headerRecord(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const previous = out[name];
    if (previous === undefined) out[name] = value;
    else if (!FIRST_WINS.has(name)) {
      out[name] = `${previous}${name === "cookie" ? "; " : ", "}${value}`;
    }
  }
  return out;
}

/** Node's error codes for what its parser refuses, as the status the mock answers with. */
function clientErrorStatus(code: string | undefined): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  if (code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") return 413;
  return 400;
}

/** A whole answer as bytes, for a socket that has no `ServerResponse` (parser errors). */
function rawAnswer(out: HttpAnswer): string {
  let text = `HTTP/1.1 ${out.status} ${STATUS_CODES[out.status] ?? ""}\r\n`;
  for (const [name, value] of Object.entries(out.headers)) {
    if (!OWN_HEADERS.has(name) && !/[\r\n]/.test(value)) text += `${name}: ${value}\r\n`;
  }
  text += `date: ${new Date().toUTCString()}\r\ncontent-length: ${Buffer.byteLength(out.body)}\r\nconnection: close\r\n\r\n`;
  return text + out.body;
}

/**
 * Creates (without listening) a `node:http` server that answers requests with `options.handle`.
 *
 * @example
 * ```ts
 * const http = createHttpServer({
 *   handle: async (req) => ({ status: 200, headers: {}, body: req.url }),
 *   refusal: (status, message) => ({ status, headers: {}, body: message }),
 * });
 * await http.listen(0, "127.0.0.1");
 * ```
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { handle, refusal } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
  const requestTimeout = options.requestTimeout ?? 10_000;
  const headersTimeout =
    requestTimeout > 0
      ? Math.min(options.headersTimeout ?? 60_000, requestTimeout)
      : (options.headersTimeout ?? 60_000);
  const keepAliveTimeout = options.keepAliveTimeout ?? 5_000;
  // Node looks for expired requests on this interval (its default, 30 s, would let a 1 s limit
  // run 30 s over): a quarter of the shortest limit, between 25 ms and 1 s.
  const shortest = Math.min(...[requestTimeout, headersTimeout].filter((ms) => ms > 0), 4_000);
  const connectionsCheckingInterval = Math.max(25, Math.min(1_000, Math.floor(shortest / 4)));

  const server = createServer({
    maxHeaderSize: options.maxHeaderSize ?? 16 << 10,
    requestTimeout,
    headersTimeout,
    keepAliveTimeout,
    connectionsCheckingInterval,
    noDelay: true,
    // Checked in the request handler, to answer with the envelope.
    requireHostHeader: false,
  });

  let closing = false;
  const sockets = new Set<Socket>();
  /** Sockets whose request is with the handler: close() lets these finish. */
  const answering = new Set<Socket>();
  /** Sockets whose request body is being read, with that request: an error there is its answer. */
  const readingBody = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();

  server.on("connection", (socket: Socket) => {
    if (closing) return socket.destroy();
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      answering.delete(socket);
    });
  });

  const send = (req: IncomingMessage, res: ServerResponse, out: HttpAnswer, close: boolean) => {
    if (res.writableEnded || res.destroyed) return;
    const noBody = out.status === 204 || out.status === 304 || out.status < 200;
    const flat: string[] = [];
    for (const name in out.headers) {
      if (!OWN_HEADERS.has(name)) flat.push(name, out.headers[name]!);
    }
    if (!noBody) flat.push("content-length", String(Buffer.byteLength(out.body, "utf8")));
    if (close || closing) flat.push("connection", "close");
    try {
      res.writeHead(out.status, flat);
    } catch (error) {
      // A header the handler made is not valid HTTP (a line break in a value, say).
      const failure = refusal(500, `The mock server failed: ${(error as Error).message}`);
      return send(req, res, failure, close);
    }
    // A string body goes out in one write with the head (Node joins them); HEAD sends none.
    res.end(noBody || req.method === "HEAD" ? undefined : out.body);
  };

  /**
   * Per connection, the end of the queue of requests being read or answered. Node answers
   * pipelined requests in order; the queue makes the handler see them in order too (a write,
   * then a read of what it wrote), one at a time, as on separate round trips.
   */
  const queues = new WeakMap<Socket, Promise<void>>();
  /** Per connection, the last answer started: a refusal is written after it. */
  const lastAnswer = new WeakMap<Socket, ServerResponse>();

  const answer = (req: IncomingMessage, res: ServerResponse, request: HttpRequestIn) => {
    const socket = req.socket;
    answering.add(socket);
    let out: Promise<HttpAnswer>;
    try {
      out = handle(request);
    } catch (error) {
      out = Promise.reject(error);
    }
    return out
      .catch((error: unknown) =>
        refusal(500, `The mock server failed: ${(error as Error)?.message ?? error}`),
      )
      .then((result) => {
        answering.delete(socket);
        send(req, res, result, false);
      });
  };

  /** Runs `step` once the connection's earlier requests are answered. */
  const enqueue = (socket: Socket, step: () => Promise<void> | undefined) => {
    const before = queues.get(socket);
    const mine = before ? before.then(step) : step();
    if (mine === undefined) return;
    queues.set(socket, mine);
    void mine.then(() => {
      if (queues.get(socket) === mine) queues.delete(socket);
    });
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    lastAnswer.set(socket, res);
    const method = req.method!;
    const headers = headerRecord(req.rawHeaders);
    const request: HttpRequestIn = { method, url: req.url!, headers, body: null };
    if (headers.host === undefined && req.httpVersion === "1.1") {
      return send(
        req,
        res,
        refusal(400, "The request has no Host header; HTTP/1.1 requires one."),
        true,
      );
    }
    const length = headers["content-length"];
    const chunked = headers["transfer-encoding"] !== undefined;
    if (!chunked && (length === undefined || length === "0")) {
      return enqueue(socket, () => answer(req, res, request));
    }
    const tooLarge = () =>
      send(
        req,
        res,
        refusal(413, `The request body is larger than ${maxBodyBytes} bytes.`),
        // The rest of the body is not read: the connection closes once the answer is out.
        true,
      );
    // Node's parser has checked that Content-Length is a number.
    if (length !== undefined && Number(length) > maxBodyBytes) return tooLarge();

    readingBody.set(socket, { req, res });
    const body = new Promise<string | null | undefined>((resolve) => {
      const pieces: Buffer[] = [];
      let size = 0;
      let refused = false;
      req.on("data", (chunk: Buffer) => {
        if (refused) return;
        size += chunk.byteLength;
        if (size > maxBodyBytes) {
          refused = true;
          readingBody.delete(socket);
          tooLarge();
          return resolve(undefined);
        }
        pieces.push(chunk);
      });
      req.on("end", () => {
        readingBody.delete(socket);
        if (refused) return;
        if (size === 0 || method === "GET" || method === "HEAD") return resolve(null);
        resolve((pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)).toString("utf8"));
      });
      // A request that times out or breaks off mid-body is never answered by the handler.
      req.on("error", () => resolve(undefined));
      req.on("close", () => resolve(undefined));
    });
    enqueue(socket, () =>
      body.then((text) => {
        if (text === undefined) return;
        request.body = text;
        return answer(req, res, request);
      }),
    );
  });

  // Requests Node's parser refuses, or that time out, get the error envelope, not a bare line.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    const status = clientErrorStatus(error.code);
    const message =
      status === 431
        ? "The request line and headers are too large."
        : status === 408
          ? readingBody.has(socket)
            ? `The request body did not arrive within ${requestTimeout} ms.`
            : `The request headers did not arrive within ${headersTimeout} ms.`
          : status === 413
            ? "A chunk extension of the request body is too large."
            : `The request is not valid HTTP/1.1 (${error.code ?? "parse error"}: ${(error as { reason?: string }).reason ?? error.message}).`;
    const reading = readingBody.get(socket);
    readingBody.delete(socket);
    if (reading) {
      // The request whose body broke off or stalled is answered in its own turn.
      return send(reading.req, reading.res, refusal(status, message), true);
    }
    const refuse = () => {
      if (!socket.writable) return socket.destroy();
      socket.end(rawAnswer(refusal(status, message)));
      // Whatever the client still sends is not read; the socket goes once the answer is out.
      socket.once("finish", () => socket.destroy());
    };
    // Earlier requests on the connection are answered first, then the refusal.
    const last = lastAnswer.get(socket);
    if (!last || last.writableFinished || last.destroyed) return refuse();
    last.once("finish", refuse);
    last.once("close", () => {
      if (!last.writableFinished) socket.destroy();
    });
  });

  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    const expect = req.headers.expect ?? "";
    send(req, res, refusal(417, `Expect: ${expect} is not supported; only 100-continue is.`), true);
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
    },
    close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() stops Node's timeout checks: a request still arriving is cut off now.
      for (const socket of sockets) if (!answering.has(socket)) socket.destroy();
      server.closeIdleConnections();
      return closed;
    },
  };
}
