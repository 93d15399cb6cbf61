/**
 * The node:http transport on its own: what reaches the handler, persistent connections,
 * pipelining, limits and refusals as envelopes, over raw sockets (so every byte on the wire is
 * the test's choice), plus Node's own HTTP client for the cases a real client produces (chunked
 * upload, 100-continue).
 */
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpRequestIn, type HttpServer } from "./http-server.js";

let server: HttpServer;
let port: number;
const seen: HttpRequestIn[] = [];
const sockets: Socket[] = [];

/** Echoes the request; `?wait=N` answers after N ms, `?status=N` answers with that status. */
async function handle(request: HttpRequestIn) {
  seen.push(request);
  const query = new URL(request.url, "http://x").searchParams;
  const wait = Number(query.get("wait") ?? 0);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (query.has("throw")) throw new Error("handler broke");
  const status = Number(query.get("status") ?? 200);
  return {
    status,
    headers: { "content-type": "application/json", "x-echo": "1" },
    body: JSON.stringify({ method: request.method, url: request.url, body: request.body }),
  };
}

beforeAll(async () => {
  server = createHttpServer({
    handle,
    refusal: (status, message) => ({
      status,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refused: status, message }),
    }),
    maxBodyBytes: 1000,
    maxHeaderSize: 2000,
    requestTimeout: 300,
    headersTimeout: 300,
    keepAliveTimeout: 400,
  });
  await server.listen(0, "127.0.0.1");
  port = (server.server.address() as { port: number }).port;
});
afterEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits a byte stream of answers (content-length framed, as this server sends them). */
function parseAnswers(raw: Buffer, noBody: number[] = []): Answer[] {
  const out: Answer[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) throw new Error(`incomplete answer: ${JSON.stringify(rest.toString())}`);
    const [statusLine = "", ...lines] = rest.toString("latin1", 0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(" ")[1]);
    const length =
      status === 100 || noBody.includes(out.length) ? 0 : Number(headers["content-length"] ?? 0);
    out.push({
      status,
      headers,
      body: rest.subarray(end + 4, end + 4 + length).toString("utf8"),
    });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

interface Exchange {
  answers: Answer[];
  /** The server closed the connection (within `settle` ms of the last byte). */
  closed: boolean;
}

/**
 * Writes `parts` to a fresh connection (`every` ms apart), optionally half-closes, and collects
 * what comes back until the server closes or `settle` ms pass without a byte.
 */
function exchange(
  parts: (string | Buffer)[],
  options: { every?: number; halfClose?: boolean; settle?: number; noBody?: number[] } = {},
): Promise<Exchange> {
  const settle = options.settle ?? 150;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    const chunks: Buffer[] = [];
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const done = (closed: boolean) => {
      clearTimeout(quiet);
      socket.removeAllListeners("close");
      socket.destroy();
      try {
        resolve({ answers: parseAnswers(Buffer.concat(chunks), options.noBody), closed });
      } catch (error) {
        reject(error);
      }
    };
    const restart = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => done(false), settle);
    };
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      restart();
    });
    socket.on("close", () => done(true));
    socket.on("connect", async () => {
      for (const part of parts) {
        socket.write(part);
        if (options.every) await new Promise((r) => setTimeout(r, options.every));
      }
      if (options.halfClose) socket.end();
      restart();
    });
  });
}

const get = (path: string, extra = "") => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe("framing and persistent connections", () => {
  it("answers with content-length, date and keep-alive, and keeps the connection", async () => {
    const { answers, closed } = await exchange([get("/a")], { settle: 100 });
    expect(closed).toBe(false);
    expect(answers).toHaveLength(1);
    const [a] = answers;
    expect(a!.status).toBe(200);
    expect(a!.headers["content-length"]).toBe(String(Buffer.byteLength(a!.body)));
    expect(a!.headers.connection).toBe("keep-alive");
    expect(Date.parse(a!.headers.date!)).toBeGreaterThan(Date.parse("2020-01-01"));
    expect(JSON.parse(a!.body)).toEqual({ method: "GET", url: "/a", body: null });
  });

  it("answers pipelined requests in order even when the first is slowest", async () => {
    const { answers } = await exchange([get("/one?wait=60") + get("/two?wait=1") + get("/three")]);
    expect(answers.map((a) => JSON.parse(a.body).url)).toEqual([
      "/one?wait=60",
      "/two?wait=1",
      "/three",
    ]);
  });

  it("joins repeated headers, keeps the first of single-valued ones, lower-cases names", async () => {
    await exchange([
      get(
        "/h",
        "Accept: a\r\nACCEPT: b\r\nAuthorization: Bearer one\r\nAuthorization: Bearer two\r\nX-Pad:   spaced value \t\r\n",
      ),
    ]);
    expect(seen[0]!.headers).toMatchObject({
      accept: "a, b",
      authorization: "Bearer one",
      "x-pad": "spaced value",
    });
  });

  it("skips empty lines before a request line", async () => {
    const { answers } = await exchange([`\r\n\r\n${get("/after-blank")}`]);
    expect(answers.map((a) => a.status)).toEqual([200]);
    expect(seen[0]!.url).toBe("/after-blank");
  });

  it("closes after answering Connection: close, and after HTTP/1.0 unless keep-alive", async () => {
    const close = await exchange([get("/c", "Connection: close\r\n")]);
    expect(close.closed).toBe(true);
    expect(close.answers[0]!.headers.connection).toBe("close");

    const old = await exchange(["GET /old HTTP/1.0\r\n\r\n"]);
    expect(old.closed).toBe(true);
    expect(old.answers[0]!.status).toBe(200);

    const kept = await exchange(["GET /kept HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"]);
    expect(kept.closed).toBe(false);
    expect(kept.answers[0]!.headers.connection).toBe("keep-alive");
  });

  it("sends HEAD answers without a body but with the body's length", async () => {
    const { answers } = await exchange([`HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n${get("/next")}`], {
      noBody: [0],
    });
    // Had the HEAD answer carried a body, the second answer would not parse as one.
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.body).toBe("");
    expect(Number(answers[0]!.headers["content-length"])).toBeGreaterThan(0);
    expect(JSON.parse(answers[1]!.body).url).toBe("/next");
  });

  it("sends 204 without content-length or body", async () => {
    const { answers } = await exchange([get("/none?status=204") + get("/after")]);
    expect(answers.map((a) => a.status)).toEqual([204, 200]);
    expect(answers[0]!.headers["content-length"]).toBeUndefined();
  });

  it("closes an idle persistent connection after the keep-alive time", async () => {
    const started = performance.now();
    const { closed } = await exchange([get("/idle")], { settle: 2000 });
    expect(closed).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
  });

  it("answers a handler failure with a 500 and keeps serving", async () => {
    const { answers } = await exchange([get("/boom?throw") + get("/fine")]);
    expect(answers.map((a) => a.status)).toEqual([500, 200]);
    expect(JSON.parse(answers[0]!.body).message).toContain("handler broke");
  });
});

describe("bodies", () => {
  it("reads a Content-Length body that arrives a byte at a time, UTF-8 split across reads", async () => {
    const body = JSON.stringify({ name: "Zürich ✓" });
    const bytes = Buffer.from(body, "utf8");
    const head = `PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: ${bytes.length}\r\n\r\n`;
    const parts = [head, ...[...bytes].map((b) => Buffer.from([b]))];
    const { answers } = await exchange(parts, { every: 2 });
    expect(answers).toHaveLength(1);
    expect(seen[0]!.body).toBe(body);
  });

  it("reads a chunked body with extensions and trailers, then the next request", async () => {
    const { answers } = await exchange(
      [
        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        "5;ext=1\r\nhello\r\n",
        "7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n",
        get("/after"),
      ],
      { every: 5 },
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(seen.map((r) => r.body)).toEqual(["hello, world", null]);
  });

  it("passes no body for GET even when one is sent, and keeps the framing", async () => {
    const { answers } = await exchange([
      `GET /g HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc${get("/h")}`,
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(seen.map((r) => [r.url, r.body])).toEqual([
      ["/g", null],
      ["/h", null],
    ]);
  });

  it("takes a chunked upload and a 100-continue upload from Node's HTTP client", async () => {
    const send = (headers: Record<string, string>, parts: string[]) =>
      new Promise<{ status: number; continued: boolean; body: string }>((resolve, reject) => {
        let continued = false;
        const req = httpRequest(
          { host: "127.0.0.1", port, method: "POST", path: "/node", headers },
          (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => {
              body += c;
            });
            res.on("end", () => resolve({ status: res.statusCode!, continued, body }));
          },
        );
        req.on("error", reject);
        const write = () => {
          for (const p of parts) req.write(p);
          req.end();
        };
        if (headers.expect) {
          req.on("continue", () => {
            continued = true;
            write();
          });
        } else write();
      });
    const chunked = await send({}, ["part one, ", "part two"]);
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body).body).toBe("part one, part two");

    const expecting = await send({ expect: "100-continue", "content-length": "5" }, ["later"]);
    expect(expecting).toMatchObject({ status: 200, continued: true });
    expect(JSON.parse(expecting.body).body).toBe("later");
  });
});

describe("refusals close the connection with an answer", () => {
  const refused = async (parts: (string | Buffer)[], status: number, text: RegExp) => {
    const { answers, closed } = await exchange(parts, { settle: 1500 });
    expect(answers.map((a) => a.status)).toEqual([status]);
    expect(answers[0]!.headers.connection).toBe("close");
    expect(JSON.parse(answers[0]!.body).message).toMatch(text);
    expect(closed).toBe(true);
    expect(seen).toEqual([]);
  };

  it.each([
    ["a lower-case method", "get / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["an unknown method", "FETCH / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a space in the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a folded header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  more\r\n\r\n"],
    ["a header without a colon", "GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n"],
    ["an invalid header name", "GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n"],
    ["a bare LF in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\nX-B: 2\r\n\r\n"],
    [
      "Content-Length with Transfer-Encoding",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
    ],
    [
      "Content-Length headers that disagree",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    ],
    [
      "a Content-Length that is no number",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3x\r\n\r\n",
    ],
    [
      "a chunk size that is no hex",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    [
      "a chunk longer than declared",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    ],
    ["chunked not last", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"],
  ])("400 for %s, naming the parser's reason", (_, raw) =>
    refused([raw], 400, /^The request is not valid HTTP\/1\.1 \(HPE_[A-Z_]+: .+\)\.$/),
  );

  it("400 for no Host in HTTP/1.1", () =>
    refused(["GET / HTTP/1.1\r\n\r\n"], 400, /no Host header/));

  it("417 for an expectation other than 100-continue", () =>
    refused(
      ["POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx"],
      417,
      /100-continue/,
    ));

  it("413 for a declared length over the cap, before any body byte", () =>
    refused(
      ["PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n"],
      413,
      /larger than 1000 bytes/,
    ));

  it("413 for a chunked body that grows over the cap", () =>
    refused(
      [
        "PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        `200\r\n${"a".repeat(512)}\r\n`,
        `200\r\n${"a".repeat(512)}\r\n`,
      ],
      413,
      /larger than 1000 bytes/,
    ));

  it("431 for headers over the cap, complete or not", async () => {
    await refused([get("/", `X-Big: ${"b".repeat(2100)}\r\n`)], 431, /too large/);
    await refused([`GET / HTTP/1.1\r\nX-Big: ${"b".repeat(2100)}`], 431, /too large/);
  });

  it("408 for headers or a body that stop arriving", async () => {
    await refused(["GET / HTTP/1.1\r\nHost: x\r\n"], 408, /headers did not arrive within 300 ms/);
    await refused(
      ["PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"],
      408,
      /body did not arrive within 300 ms/,
    );
  });

  it("answers requests before a malformed one, then refuses it", async () => {
    const { answers, closed } = await exchange([`${get("/ok")}BROKEN\r\n\r\n`]);
    expect(answers.map((a) => a.status)).toEqual([200, 400]);
    expect(closed).toBe(true);
  });
});

describe("close()", () => {
  it("closes idle connections at once and lets an answer in progress finish", async () => {
    const other = createHttpServer({
      handle,
      refusal: (status, message) => ({ status, headers: {}, body: message }),
    });
    await other.listen(0, "127.0.0.1");
    const otherPort = (other.server.address() as { port: number }).port;
    const idle = connect(otherPort, "127.0.0.1");
    sockets.push(idle);
    await new Promise((r) => idle.once("connect", r));
    const idleClosed = new Promise((r) => idle.once("close", r));

    const busy = connect(otherPort, "127.0.0.1");
    sockets.push(busy);
    let received = "";
    busy.on("data", (c: Buffer) => {
      received += c.toString();
    });
    const busyEnded = new Promise((r) => busy.once("end", r));
    busy.write(get("/slow?wait=150"));
    await new Promise((r) => setTimeout(r, 50));

    const closing = other.close();
    await idleClosed;
    await closing;
    await busyEnded;
    const [answer] = parseAnswers(Buffer.from(received));
    expect(answer!.status).toBe(200);
    expect(answer!.headers.connection).toBe("close");
  });
});
