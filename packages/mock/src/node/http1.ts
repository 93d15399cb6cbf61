/**
 * A lean HTTP/1.1 server on `node:net` for the standalone mock.
 *
 * Why not `node:http`: under load, `node:http` spends about 30 µs of CPU per request here on
 * its stream objects (`IncomingMessage`, `ServerResponse`), twice what the mock's own work
 * costs. This server parses a request into the plain `{ method, url, headers, body }` the core
 * takes and writes the answer with a single `socket.write`, about half the cost.
 *
 * What it speaks (RFC 9112, the parts any client of a JSON API uses):
 * - HTTP/1.1 and HTTP/1.0; persistent connections (`Connection: close` / `keep-alive`), and
 *   pipelined requests, answered in order.
 * - Bodies framed by `Content-Length` or `Transfer-Encoding: chunked` (extensions and trailers
 *   are read and ignored); `Expect: 100-continue`.
 * - Limits: the request line plus headers (431), the body (413, refused from its declared length
 *   without reading it), the time the headers and the body may take (408), idle keep-alive time.
 * - Anything it cannot frame safely gets an error answer and the connection is closed: both
 *   `Content-Length` and `Transfer-Encoding`, conflicting lengths, a folded or malformed header
 *   line, a bad chunk, an unsupported transfer coding (501) or expectation (417).
 *
 * What it leaves out, being a mock's transport: TLS, HTTP/2, upgrades (an `Upgrade` header is
 * ignored and the request answered as usual), and streaming bodies in either direction.
 */

import { createRequire } from "node:module";
import type { Server, Socket } from "node:net";

const require = createRequire(import.meta.url);
const { createServer } = require("node:net") as typeof import("node:net");

/** A parsed request: header names are lower-case; a repeated header is joined with ", ". */
export interface Http1Request {
  method: string;
  /** The request target as sent (origin form `/path?query`, or absolute form). */
  url: string;
  headers: Record<string, string>;
  /** The body as UTF-8 text; null when there is none (always null for GET and HEAD). */
  body: string | null;
}

/** An answer. The server adds `content-length`, `date` and `connection` itself. */
export interface Http1Answer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface Http1Options {
  /** Answers a request. A rejection is passed to `refusal(500, message)`. */
  handle(request: Http1Request): Promise<Http1Answer>;
  /** The answer to a request the server refuses (400, 408, 413, 417, 431, 500, 501). */
  refusal(status: number, message: string): Http1Answer;
  /** Largest body, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Largest request line plus headers, in bytes (default 16 KiB, as in Node). */
  maxHeaderBytes?: number;
  /** Time a body may take once its headers are in, in ms; 0 for no limit (default 10 s). */
  bodyTimeout?: number;
  /** Time the request line and headers may take, in ms; 0 for no limit (default 60 s). */
  headersTimeout?: number;
  /** An idle persistent connection is closed after this many ms (default 5 s). */
  keepAliveTimeout?: number;
}

export interface Http1Server {
  /** The listening `net.Server` (for `address()`). */
  readonly server: Server;
  listen(port: number, host: string): Promise<void>;
  /**
   * Stops accepting connections, closes idle ones at once, lets requests being answered finish
   * (their answer says `connection: close`), and resolves when every connection is gone.
   */
  close(): Promise<void>;
}

/** Thrown inside the parser: the request is answered with this status and the socket closed. */
class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

const REASONS: Record<number, string> = {
  100: "Continue",
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  417: "Expectation Failed",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
const CR = 13;
const LF = 10;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the target may not hold control characters
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\x00-\x20\x7f]+) HTTP\/1\.([01])$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters other than horizontal tab may not appear in a field value.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,8})[ \t]*(?:;.*)?$/;
const MAX_CHUNK_LINE = 4096;
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

/** The request's head, parsed; the body is read into `pieces`. */
interface Pending {
  method: string;
  url: string;
  headers: Record<string, string>;
  keepAlive: boolean;
  /** Chunked framing, else `Content-Length` (`need` bytes left to read). */
  chunked: boolean;
  /** Chunked: what comes next. */
  phase: "size" | "data" | "data-end" | "trailers";
  need: number;
  received: number;
  pieces: Buffer[];
  /** The client waits for `100 Continue` before sending the body. */
  expectContinue: boolean;
}

let dateSecond = -1;
let dateText = "";
/** The `Date` header value, formatted once per second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 32 || value.charCodeAt(end - 1) === 9))
    end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Parses the request line and headers (without the blank line) and decides the framing. */
function parseHead(head: string, maxBodyBytes: number): Pending {
  const lines = head.split("\r\n");
  const requestLine = REQUEST_LINE.exec(lines[0]!);
  if (!requestLine) {
    throw new Refusal(
      400,
      "The request line is not valid HTTP/1.1: expected METHOD SP request-target SP HTTP/1.1.",
    );
  }
  const headers: Record<string, string> = {};
  let lengths: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new Refusal(
        400,
        line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9
          ? "A header line is folded onto the next line (obs-fold); send each header on one line."
          : `Header line ${i} has no "name: value" form.`,
      );
    }
    const name = line.slice(0, colon).toLowerCase();
    if (!TOKEN.test(name)) throw new Refusal(400, `Header line ${i} has an invalid name.`);
    const value = trimOws(line.slice(colon + 1));
    if (BAD_VALUE.test(value)) {
      throw new Refusal(400, `The ${name} header holds a control character or a bare CR/LF.`);
    }
    if (name === "__proto__") continue;
    if (name === "content-length") {
      if (lengths !== undefined && lengths !== value) {
        throw new Refusal(400, "The request has Content-Length headers that disagree.");
      }
      lengths = value;
    }
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (!FIRST_WINS.has(name)) {
      headers[name] = `${previous}${name === "cookie" ? "; " : ", "}${value}`;
    }
  }

  const method = requestLine[1]!;
  const http10 = requestLine[3] === "0";
  if (!http10 && headers.host === undefined) {
    throw new Refusal(400, "The request has no Host header; HTTP/1.1 requires one.");
  }
  const connection = headers.connection?.toLowerCase();
  const keepAlive = http10
    ? connection !== undefined && /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection)
    : !(connection !== undefined && /(?:^|,)\s*close\s*(?:,|$)/.test(connection));

  const pending: Pending = {
    method,
    url: requestLine[2]!,
    headers,
    keepAlive,
    chunked: false,
    phase: "data",
    need: 0,
    received: 0,
    pieces: [],
    expectContinue: false,
  };

  const te = headers["transfer-encoding"];
  if (te !== undefined) {
    if (lengths !== undefined) {
      throw new Refusal(
        400,
        "The request has both Content-Length and Transfer-Encoding; send one.",
      );
    }
    if (http10) throw new Refusal(400, "HTTP/1.0 requests cannot use Transfer-Encoding.");
    const codings = te.toLowerCase().split(",").map(trimOws);
    if (codings[codings.length - 1] !== "chunked") {
      throw new Refusal(400, "Transfer-Encoding must end with chunked.");
    }
    if (codings.length > 1) {
      throw new Refusal(
        501,
        `Transfer-Encoding "${te}" is not supported; send the body unencoded.`,
      );
    }
    pending.chunked = true;
    pending.phase = "size";
  } else if (lengths !== undefined) {
    if (!/^\d{1,15}$/.test(lengths)) {
      throw new Refusal(400, "Content-Length must be a whole number of bytes.");
    }
    pending.need = Number(lengths);
    if (pending.need > maxBodyBytes) {
      throw new Refusal(413, `The request body is larger than ${maxBodyBytes} bytes.`);
    }
  }

  const expect = headers.expect;
  if (expect !== undefined) {
    if (expect.toLowerCase() !== "100-continue") {
      throw new Refusal(417, `Expect: ${expect} is not supported; only 100-continue is.`);
    }
    pending.expectContinue = !http10;
  }
  return pending;
}

class Connection {
  /** Bytes received and not parsed yet. */
  private buf: Buffer | undefined;
  /** How far `buf` was searched for the end of the head already. */
  private scanned = 0;
  private pending: Pending | undefined;
  /** A request is being answered (or its answer waits for the socket to drain). */
  private busy = false;
  /** The socket is done with: ended, refused or destroyed. */
  private done = false;
  /** The client half-closed: answer what is complete, then end. */
  private ended = false;
  private paused = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerFor: "headers" | "body" | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly owner: Http1ServerImpl,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("end", () => {
      this.ended = true;
      if (!this.busy) this.pump();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.done = true;
      this.clearTimer();
      owner.connections.delete(this);
    });
    socket.setTimeout(owner.keepAliveTimeout, () => {
      if (!this.busy && this.pending === undefined && !this.buf?.length) socket.destroy();
    });
  }

  /** Server shutdown: connections go now unless a request is being answered (that one ends after its answer). */
  shutdown(): void {
    if (!this.busy) this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.done) return;
    this.buf = this.buf?.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.busy) {
      // Pipelined requests wait their turn; stop reading when too much is queued.
      if (this.buf.length > this.owner.maxHeaderBytes + this.owner.maxBodyBytes) {
        this.socket.pause();
        this.paused = true;
      }
      return;
    }
    this.pump();
  }

  /** Parses and answers every complete request in `buf`, one at a time. */
  private pump(): void {
    try {
      while (!this.busy && !this.done) {
        if (this.pending === undefined && !this.readHead()) break;
        const body = this.readBody(this.pending!);
        if (body === undefined) break;
        const request = this.pending!;
        this.pending = undefined;
        this.clearTimer();
        this.dispatch(request, body);
      }
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.refuse(error.status, error.message);
      return;
    }
    if (this.ended && !this.busy && !this.done) this.finish();
  }

  /** Parses a head from `buf` into `pending`; false when it is not all there yet. */
  private readHead(): boolean {
    let buf = this.buf;
    // A client may send empty lines between requests; they are skipped.
    while (buf !== undefined && buf.length >= 2 && buf[0] === CR && buf[1] === LF) {
      buf = buf.length === 2 ? undefined : buf.subarray(2);
    }
    this.buf = buf;
    if (buf === undefined || buf.length === 0) {
      this.clearTimer();
      return false;
    }
    const max = this.owner.maxHeaderBytes;
    const end = buf.indexOf(HEAD_END, this.scanned > 3 ? this.scanned - 3 : 0);
    if (end === -1 || end > max) {
      if (buf.length > max || end > max) {
        throw new Refusal(431, "The request line and headers are too large.");
      }
      this.scanned = buf.length;
      this.arm("headers");
      return false;
    }
    const head = buf.toString("latin1", 0, end);
    this.buf = end + 4 === buf.length ? undefined : buf.subarray(end + 4);
    this.scanned = 0;
    this.pending = parseHead(head, this.owner.maxBodyBytes);
    return true;
  }

  /** Reads the pending request's body from `buf`: its text, null for none, or undefined for "not yet". */
  private readBody(p: Pending): string | null | undefined {
    if (!p.chunked) {
      if (p.need > 0) {
        const buf = this.buf;
        if (buf !== undefined) {
          const take = Math.min(buf.length, p.need);
          p.pieces.push(take === buf.length ? buf : buf.subarray(0, take));
          this.buf = take === buf.length ? undefined : buf.subarray(take);
          p.need -= take;
          p.received += take;
        }
        if (p.need > 0) return this.waitForBody(p);
      }
    } else if (!this.readChunks(p)) {
      return this.waitForBody(p);
    }
    if (p.received === 0 || p.method === "GET" || p.method === "HEAD") return null;
    return p.pieces.length === 1
      ? p.pieces[0]!.toString("utf8")
      : Buffer.concat(p.pieces).toString("utf8");
  }

  private waitForBody(p: Pending): undefined {
    if (p.expectContinue) {
      p.expectContinue = false;
      this.socket.write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    this.arm("body");
    return undefined;
  }

  /** Consumes chunked framing from `buf`; true once the last chunk and trailers are in. */
  private readChunks(p: Pending): boolean {
    const limit = this.owner.maxBodyBytes;
    for (;;) {
      const buf = this.buf;
      if (buf === undefined || buf.length === 0) return false;
      if (p.phase === "data") {
        const take = Math.min(buf.length, p.need);
        p.pieces.push(buf.subarray(0, take));
        this.buf = buf.subarray(take);
        p.need -= take;
        if (p.need > 0) return false;
        p.phase = "data-end";
        continue;
      }
      if (p.phase === "data-end") {
        if (buf.length < 2) return false;
        if (buf[0] !== CR || buf[1] !== LF) {
          throw new Refusal(400, "A chunk of the body is longer than its declared size.");
        }
        this.buf = buf.subarray(2);
        p.phase = "size";
        continue;
      }
      const eol = buf.indexOf("\r\n", 0, "latin1");
      if (eol === -1) {
        if (buf.length > MAX_CHUNK_LINE) {
          throw new Refusal(400, "A chunk size line of the body is too long.");
        }
        return false;
      }
      const line = buf.toString("latin1", 0, eol);
      this.buf = buf.subarray(eol + 2);
      if (p.phase === "trailers") {
        if (eol === 0) return true;
        p.need += eol + 2; // trailer bytes count against the header limit
        if (p.need > this.owner.maxHeaderBytes) {
          throw new Refusal(431, "The body's trailer fields are too large.");
        }
        continue;
      }
      const size = CHUNK_SIZE.exec(line);
      if (!size) throw new Refusal(400, "A chunk size line of the body is not valid hex.");
      const bytes = Number.parseInt(size[1]!, 16);
      if (bytes === 0) {
        p.phase = "trailers";
        p.need = 0;
        continue;
      }
      p.received += bytes;
      if (p.received > limit) {
        throw new Refusal(413, `The request body is larger than ${limit} bytes.`);
      }
      p.need = bytes;
      p.phase = "data";
    }
  }

  private dispatch(p: Pending, body: string | null): void {
    this.busy = true;
    let answer: Promise<Http1Answer>;
    try {
      answer = this.owner.handle({ method: p.method, url: p.url, headers: p.headers, body });
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (out) => this.respond(p, out),
      (error: unknown) =>
        this.respond(
          p,
          this.owner.refusal(500, `The mock server failed: ${(error as Error)?.message ?? error}`),
        ),
    );
  }

  private respond(p: Pending, out: Http1Answer): void {
    if (this.done) return; // the client went away meanwhile
    // After a half-close the connection still answers what was sent, then ends (in pump).
    const keep = p.keepAlive && !this.owner.closing;
    let text: string;
    try {
      text = serialize(out, p.method === "HEAD", keep);
    } catch (error) {
      text = serialize(
        this.owner.refusal(500, `The mock server failed: ${(error as Error).message}`),
        false,
        keep,
      );
    }
    const flushed = this.socket.write(text);
    if (!keep) {
      this.finish();
      return;
    }
    if (!flushed) {
      this.socket.once("drain", () => this.next());
      return;
    }
    this.next();
  }

  private next(): void {
    this.busy = false;
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    this.pump();
  }

  /** Answers with an error and closes: after a framing error the rest of the stream is unusable. */
  private refuse(status: number, message: string): void {
    this.clearTimer();
    this.pending = undefined;
    this.buf = undefined;
    this.socket.write(serialize(this.owner.refusal(status, message), false, false));
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.clearTimer();
    // Closes the socket once the answer is written, whether or not the client still sends.
    const socket = this.socket;
    socket.end(() => socket.destroy());
  }

  /** Starts the timer for the part of the request being waited for (once per part). */
  private arm(part: "headers" | "body"): void {
    if (this.timerFor === part) return;
    this.clearTimer();
    const ms = part === "headers" ? this.owner.headersTimeout : this.owner.bodyTimeout;
    if (ms <= 0) return;
    this.timerFor = part;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerFor = undefined;
      if (this.done || this.busy) return;
      this.refuse(
        408,
        part === "headers"
          ? `The request headers did not arrive within ${ms} ms.`
          : `The request body did not arrive within ${ms} ms.`,
      );
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.timerFor = undefined;
  }
}

/** The status line, headers and body of an answer, as one string. */
function serialize(out: Http1Answer, head: boolean, keepAlive: boolean): string {
  const { status } = out;
  let text = `HTTP/1.1 ${status} ${REASONS[status] ?? ""}\r\n`;
  const headers = out.headers;
  for (const name in headers) {
    if (OWN_HEADERS.has(name)) continue;
    const value = headers[name]!;
    if (value.includes("\r") || value.includes("\n")) {
      throw new Error(`the ${name} header of the answer holds a line break`);
    }
    text += `${name}: ${value}\r\n`;
  }
  text += `date: ${httpDate()}\r\n`;
  const noBody = status === 204 || status === 304 || status < 200;
  if (!noBody) text += `content-length: ${Buffer.byteLength(out.body, "utf8")}\r\n`;
  text += keepAlive ? "connection: keep-alive\r\n\r\n" : "connection: close\r\n\r\n";
  return noBody || head ? text : text + out.body;
}

class Http1ServerImpl implements Http1Server {
  readonly server: Server;
  readonly connections = new Set<Connection>();
  readonly handle: Http1Options["handle"];
  readonly refusal: Http1Options["refusal"];
  readonly maxBodyBytes: number;
  readonly maxHeaderBytes: number;
  readonly bodyTimeout: number;
  readonly headersTimeout: number;
  readonly keepAliveTimeout: number;
  closing = false;

  constructor(options: Http1Options) {
    this.handle = options.handle;
    this.refusal = options.refusal;
    this.maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
    this.maxHeaderBytes = options.maxHeaderBytes ?? 16 << 10;
    this.bodyTimeout = options.bodyTimeout ?? 10_000;
    this.headersTimeout = options.headersTimeout ?? 60_000;
    this.keepAliveTimeout = options.keepAliveTimeout ?? 5_000;
    // allowHalfOpen: a client that sends its request and then shuts its side still gets the
    // answer; noDelay: answers leave at once instead of waiting on Nagle's algorithm.
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      if (this.closing) return socket.destroy();
      this.connections.add(new Connection(socket, this));
    });
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.shutdown();
    return closed;
  }
}

/** Creates (without listening) a server that answers requests with `options.handle`. */
export function createHttp1Server(options: Http1Options): Http1Server {
  return new Http1ServerImpl(options);
}
