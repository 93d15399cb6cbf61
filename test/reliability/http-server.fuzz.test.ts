/**
 * Property tests of the mock's HTTP transport (`packages/mock/src/node/http-server.ts`: node:http
 * plus the mock's per-connection ordering, header record and refusal envelopes):
 * - any series of valid requests (Content-Length or chunked bodies, UTF-8 text, many headers),
 *   written on one connection and cut into pieces at random places, reaches the handler exactly
 *   as sent, one at a time and in order, and the answers come back in order;
 * - any bytes at all, valid request or not, get well-formed answers with known statuses and a
 *   closed connection, never a crash or a hang.
 */
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHttpServer,
  type HttpRequestIn,
  type HttpServer,
} from "../../packages/mock/src/node/http-server.ts";

interface Sent {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
  chunks: number[] | null;
}

let server: HttpServer;
let port: number;
/** Requests seen, per connection (keyed by the `x-conn` header). */
const seen = new Map<string, HttpRequestIn[]>();
const busy = new Map<string, number>();
let overlaps = 0;

beforeAll(async () => {
  server = createHttpServer({
    async handle(request) {
      const conn = request.headers["x-conn"] ?? "";
      const list = seen.get(conn) ?? [];
      list.push(request);
      seen.set(conn, list);
      // One at a time per connection: a second request must not start while this one waits.
      if ((busy.get(conn) ?? 0) > 0) overlaps++;
      busy.set(conn, (busy.get(conn) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, list.length % 2));
      busy.set(conn, busy.get(conn)! - 1);
      return { status: 200, headers: {}, body: `${list.length}` };
    },
    refusal: (status, message) => ({ status, headers: {}, body: message }),
    maxBodyBytes: 4096,
    maxHeaderSize: 4096,
    requestTimeout: 5_000,
    headersTimeout: 5_000,
  });
  await server.listen(0, "127.0.0.1");
  port = (server.server.address() as { port: number }).port;
});
afterAll(() => server.close());

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
// Field values: visible ASCII and inner spaces/tabs; the server trims the ends.
const value = fc
  .stringMatching(/^[\x21-\x7e]([\x20-\x7e\t]{0,30}[\x21-\x7e])?$/)
  .filter((v) => !v.includes("\r"));
const request = fc.record({
  method: fc.constantFrom("GET", "PUT", "POST", "PATCH", "DELETE"),
  url: fc.stringMatching(/^\/[a-z0-9._~%/-]{0,20}(\?[a-z0-9=&]{0,12})?$/),
  headers: fc.uniqueArray(
    fc.tuple(
      token.filter((t) => t !== "conn").map((t) => `x-${t}`),
      value,
    ),
    {
      maxLength: 6,
      selector: ([name]) => name,
    },
  ),
  body: fc.string({ unit: "grapheme", maxLength: 40 }),
  chunked: fc.option(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 })),
});

function serialize(r: Sent, conn: string): Buffer {
  const body = Buffer.from(r.method === "GET" ? "" : r.body, "utf8");
  let head = `${r.method} ${r.url} HTTP/1.1\r\nHost: fuzz\r\nX-Conn: ${conn}\r\n`;
  for (const [name, v] of r.headers) head += `${name}: ${v}\r\n`;
  if (r.chunks === null || r.method === "GET") {
    if (body.length > 0 || r.method !== "GET") head += `Content-Length: ${body.length}\r\n`;
    return Buffer.concat([Buffer.from(`${head}\r\n`, "latin1"), body]);
  }
  // Chunked: the body cut at the given sizes (cycled), then the last chunk.
  const parts: Buffer[] = [Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\n`, "latin1")];
  let at = 0;
  for (let i = 0; at < body.length; i++) {
    const size = Math.min(r.chunks[i % r.chunks.length]!, body.length - at);
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), body.subarray(at, at + size));
    parts.push(Buffer.from("\r\n"));
    at += size;
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}

/**
 * Writes `bytes` in pieces cut at `cuts`. With `expect`, waits for that many answers and then
 * closes; else half-closes and waits for the server to close (Node ends a connection whose
 * client has ended, answering what it can).
 */
function talk(
  bytes: Buffer,
  cuts: number[],
  expect?: number,
): Promise<{ received: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end within 5 s after ${Buffer.concat(chunks).length} bytes`));
    }, 5_000);
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      if (expect === undefined) return;
      try {
        if (answers(Buffer.concat(chunks)).length >= expect) {
          clearTimeout(timer);
          socket.destroy();
          resolve({ received: Buffer.concat(chunks), closed: false });
        }
      } catch {
        // an answer is still arriving
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks), closed: true });
    });
    socket.on("connect", async () => {
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      let from = 0;
      for (const to of [...points, bytes.length]) {
        if (to > from) socket.write(bytes.subarray(from, to));
        from = to;
        await new Promise((r) => setImmediate(r));
      }
      if (expect === undefined) socket.end();
    });
  });
}

/** Splits a stream of answers; each must be well formed (status line, headers, framed body). */
function answers(raw: Buffer): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) throw new Error(`truncated answer: ${JSON.stringify(rest.toString())}`);
    const head = rest.toString("latin1", 0, end);
    const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
    if (!status) throw new Error(`bad status line: ${JSON.stringify(head)}`);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(length)) throw new Error(`answer without a length: ${head}`);
    out.push({
      status: Number(status),
      body: rest.subarray(end + 4, end + 4 + length).toString("utf8"),
    });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

let connections = 0;

describe("the mock's node:http transport under generated input", () => {
  it("delivers any series of valid requests, cut anywhere, exactly as sent and in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (generated, cuts) => {
          const conn = `c${++connections}`;
          const sent: Sent[] = generated.map((g) => ({ ...g, chunks: g.chunked }));
          const bytes = Buffer.concat(sent.map((r) => serialize(r, conn)));
          const { received } = await talk(bytes, cuts, sent.length);
          expect(answers(received).map((a) => a.status)).toEqual(sent.map(() => 200));
          expect(answers(received).map((a) => a.body)).toEqual(sent.map((_, i) => `${i + 1}`));
          const got = seen.get(conn) ?? [];
          expect(
            got.map((r) => ({
              method: r.method,
              url: r.url,
              headers: Object.entries(r.headers).filter(
                ([n]) => n.startsWith("x-") && n !== "x-conn",
              ),
              body: r.body,
            })),
          ).toEqual(
            sent.map((r) => ({
              method: r.method,
              url: r.url,
              headers: r.headers,
              body: r.method === "GET" || r.body === "" ? null : r.body,
            })),
          );
        },
      ),
      { numRuns: 150 },
    );
    expect(overlaps).toBe(0);
  });

  it("answers any bytes with well-formed answers of known statuses, then closes", async () => {
    const anyBytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      // Mostly valid heads with damage: good start, random tail.
      fc
        .tuple(
          fc.constantFrom(
            "GET / HTTP/1.1\r\n",
            "PUT /x HTTP/1.1\r\nHost: h\r\n",
            "POST / HTTP/1.0\r\n",
          ),
          fc.string({ maxLength: 200 }),
        )
        .map(([start, tail]) => Buffer.from(start + tail, "utf8")),
    );
    await fc.assert(
      fc.asyncProperty(anyBytes, fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const { received, closed } = await talk(bytes, cuts);
        expect(closed).toBe(true);
        for (const a of answers(received)) {
          expect([200, 400, 408, 413, 417, 431]).toContain(a.status);
        }
      }),
      { numRuns: 300 },
    );
  });
});
