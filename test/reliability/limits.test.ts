/**
 * Limits of the standalone server: bodies over the cap get a clear 413 envelope (whether the
 * size is declared or only found while reading), a body that trickles in or never ends is cut
 * off with a 408 after `bodyTimeout` while other requests are served meanwhile, and requests
 * Node's HTTP parser refuses still get the error envelope. Loopback only; every socket is
 * closed by the test.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, serve } from "../../packages/mock/src/node.js";
import { conformance } from "./_spec.ts";

const CAP = 64 * 1024;
const BODY_TIMEOUT = 700;
let server: MockServer;
let base: string;
const headers = { authorization: "Bearer t", "content-type": "application/json" };
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await serve({
    port: 0,
    devices: 5,
    maxBodyBytes: CAP,
    bodyTimeout: BODY_TIMEOUT,
    faultsFromEnv: false,
  });
  base = `${server.url}/accounts/${server.mock.accountId}/devices`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server.close();
});

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** ms from connecting to the socket closing. */
  closedAfter: number;
}

/** Opens a raw connection, writes `head`, then `chunks` one per `every` ms (forever if asked). */
function raw(
  head: string,
  options: { chunks?: string[]; every?: number; forever?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(server.port, "127.0.0.1");
    sockets.push(socket);
    let received = "";
    let timer: ReturnType<typeof setInterval> | undefined;
    socket.on("connect", () => {
      socket.write(head);
      const queue = [...(options.chunks ?? [])];
      if (queue.length > 0 || options.forever !== undefined) {
        timer = setInterval(() => {
          if (socket.destroyed || !socket.writable) return clearInterval(timer);
          const next = queue.shift() ?? options.forever;
          if (next === undefined) return clearInterval(timer);
          socket.write(next);
        }, options.every ?? 50);
      }
    });
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
    });
    socket.on("error", () => {}); // a reset after the answer is fine; the answer is checked
    socket.on("close", () => {
      clearInterval(timer);
      const [head = "", ...rest] = received.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      let body = rest.join("\r\n\r\n");
      if (/transfer-encoding: chunked/i.test(head)) body = dechunk(body);
      resolve({ status, headers: head, body, closedAfter: performance.now() - started });
    });
    setTimeout(
      () => reject(new Error(`no close within 10 s; got ${JSON.stringify(received)}`)),
      10_000,
    ).unref();
  });
}

/** The payload of a chunked HTTP/1.1 body. */
function dechunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

const envelope = (text: string) => {
  const body = JSON.parse(text);
  expect(conformance(null, 400, body)).toEqual([]);
  return body as { errors: { code: number; message: string }[] };
};

const path = () => new URL(base).pathname;

describe("request body size cap", () => {
  it("answers a declared oversize body with a 413 envelope naming the limit", async () => {
    const res = await fetch(`${base}/policy/exclude`, {
      method: "PUT",
      headers,
      body: JSON.stringify([{ address: "10.0.0.0/8", description: "x".repeat(CAP) }]),
    });
    expect(res.status).toBe(413);
    const body = envelope(await res.text());
    expect(body.errors[0]!.message).toBe(`The request body is larger than ${CAP} bytes.`);
  });

  it("answers an oversize chunked body (no Content-Length) with a 413 envelope", async () => {
    const chunk = new TextEncoder().encode(`[${'{"host":"a.example.com"},'.repeat(2000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${base}/policy/exclude`, {
      method: "PUT",
      headers,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    envelope(await res.text());
  });

  it("refuses a declared 5 GB body at once, without waiting for it", async () => {
    const answer = await raw(
      `PUT ${path()}/policy/exclude HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n`,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.toLowerCase()).toContain("connection: close");
    envelope(answer.body);
    expect(answer.closedAfter).toBeLessThan(BODY_TIMEOUT);
  });

  it("still takes a body just under the cap, and nothing changed after the refusals", async () => {
    const before = (await (await fetch(`${base}/policy/exclude`, { headers })).json()).result;
    expect(before.some((e: { description?: string }) => e.description?.startsWith("xxx"))).toBe(
      false,
    );
    const entries = Array.from({ length: 500 }, (_, i) => ({ host: `h${i}.example.com` }));
    const res = await fetch(`${base}/policy/exclude`, {
      method: "PUT",
      headers,
      body: JSON.stringify(entries),
    });
    expect(res.status).toBe(200);
  });
});

describe("slow and never-ending bodies", () => {
  it("cuts off a trickling body with a 408 while other requests are served", async () => {
    const head = `PUT ${path()}/policy/exclude HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[`;
    // Ten slow clients at once, one byte every 100 ms each (1,000 bytes would take 100 s).
    const slow = Array.from({ length: 10 }, () => raw(head, { forever: " ", every: 100 }));
    // Meanwhile the server answers others promptly.
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const res = await fetch(`${base}/policy/exclude`, { headers });
      expect(res.status).toBe(200);
      await res.text();
      latencies.push(performance.now() - started);
    }
    const answers = await Promise.all(slow);
    for (const answer of answers) {
      expect(answer.status).toBe(408);
      envelope(answer.body);
      expect(answer.closedAfter).toBeGreaterThanOrEqual(BODY_TIMEOUT - 50);
      expect(answer.closedAfter).toBeLessThan(BODY_TIMEOUT + 1500);
    }
    expect(Math.max(...latencies)).toBeLessThan(500);
    console.log(
      `limits: 10 trickling clients cut off after ${Math.round(Math.min(...answers.map((a) => a.closedAfter)))}–${Math.round(Math.max(...answers.map((a) => a.closedAfter)))} ms (bodyTimeout ${BODY_TIMEOUT}); 20 other requests meanwhile, slowest ${Math.round(Math.max(...latencies))} ms`,
    );
  });

  it("cuts off a chunked body that never ends", async () => {
    const answer = await raw(
      `POST ${path()}/policy HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n`,
      { forever: "1\r\n \r\n", every: 50 },
    );
    expect(answer.status).toBe(408);
    expect(envelope(answer.body).errors[0]!.message).toBe(
      `The request body did not arrive within ${BODY_TIMEOUT} ms.`,
    );
  });
});

describe("requests the HTTP parser refuses", () => {
  it("answers an oversize request line with a 431 envelope", async () => {
    const res = await fetch(`${base}/physical-devices?search=${"x".repeat(20_000)}`, { headers });
    expect(res.status).toBe(431);
    envelope(await res.text());
  });

  it("answers a malformed request with a 400 envelope", async () => {
    const answer = await raw("GARBAGE / HTTP/9.9\r\n\r\n");
    expect(answer.status).toBe(400);
    envelope(answer.body);
  });
});
