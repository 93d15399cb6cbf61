/**
 * Header and query names that are also names of `Object.prototype` members (`__proto__`,
 * `constructor`, `toString`, `hasOwnProperty`) are ordinary names on the standalone server:
 * the answer is the usual one, the handlers see nothing inherited, and the request log keeps
 * exactly what was sent. Also: requests Node's parser refuses are answered with the envelope.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, serve } from "../src/node.js";

let server: MockServer;
let path: string;

beforeAll(async () => {
  server = await serve({ port: 0, devices: 3, faultsFromEnv: false });
  path = `${new URL(server.url).pathname}/accounts/${server.mock.accountId}/devices`;
});
afterAll(() => server.close());

/** Sends raw bytes on a fresh connection and returns the status and body of the answer. */
function raw(text: string): Promise<{ status: number; head: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.on("connect", () => socket.write(text));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const at = received.indexOf("\r\n\r\n");
      const head = received.slice(0, at);
      const body = received.slice(at + 4);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: body === "" ? null : JSON.parse(body),
      });
    });
  });
}

const PROTOTYPE_HEADERS =
  "__proto__: a\r\nConstructor: evil\r\ntoString: t\r\nhasOwnProperty: h\r\nvalueOf: v\r\n";

describe("header names that are Object.prototype members", () => {
  it("are answered as usual, and logged exactly as sent, by a read", async () => {
    server.mock.clearRequests();
    const answer = await raw(
      `GET ${path}/physical-devices?__proto__=q&constructor=c HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret-value\r\n${PROTOTYPE_HEADERS}Connection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, result: expect.any(Array) });
    expect((answer.body as { result: unknown[] }).result).toHaveLength(3);

    const [entry] = server.mock.requests;
    expect(entry!.status).toBe(200);
    expect(entry!.credential).toBe("token");
    const headers = entry!.headers;
    expect(Object.getPrototypeOf(headers)).toBe(null);
    expect(Object.entries(headers).filter(([n]) => !["host", "connection"].includes(n))).toEqual([
      ["authorization", "Bearer [redacted]"],
      ["__proto__", "a"],
      ["constructor", "evil"],
      ["tostring", "t"],
      ["hasownproperty", "h"],
      ["valueof", "v"],
    ]);
    expect(Object.entries(entry!.query)).toEqual([
      ["__proto__", "q"],
      ["constructor", "c"],
    ]);
  });

  it("are answered as usual by a write, whose change is then read back", async () => {
    const body = JSON.stringify([{ address: "10.9.0.0/16", description: "proto test" }]);
    const put = await raw(
      `PUT ${path}/policy/exclude HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\n${PROTOTYPE_HEADERS}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      success: true,
      result: [{ address: "10.9.0.0/16", description: "proto test" }],
    });
    const get = await fetch(`${server.origin}${path}/policy/exclude`, {
      headers: { authorization: "Bearer t" },
    });
    expect((await get.json()).result).toEqual([
      { address: "10.9.0.0/16", description: "proto test" },
    ]);
  });

  it("leave nothing inherited in the log of a request that did not send them", async () => {
    server.mock.clearRequests();
    const res = await fetch(`${server.url}/accounts/${server.mock.accountId}/devices/policy`, {
      headers: { authorization: "Bearer t" },
    });
    expect(res.status).toBe(200);
    const logged = await (await fetch(`${server.origin}/__mock/requests`)).json();
    const headers = logged.result[0].headers as Record<string, unknown>;
    for (const name of ["__proto__", "constructor", "tostring", "hasownproperty"]) {
      expect(Object.hasOwn(headers, name)).toBe(false);
    }
    const entry = server.mock.requests[0]!;
    expect(entry.headers.constructor).toBeUndefined();
    expect(entry.headers.toString).toBeUndefined();
  });

  it("come back over the admin API as sent", async () => {
    server.mock.clearRequests();
    await raw(
      `GET ${path}/policy HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n${PROTOTYPE_HEADERS}Connection: close\r\n\r\n`,
    );
    const logged = await (await fetch(`${server.origin}/__mock/requests`)).json();
    // JSON.parse makes `__proto__` an own property, as it is in the log.
    expect(logged.result[0].headers).toMatchObject({
      constructor: "evil",
      tostring: "t",
      hasownproperty: "h",
    });
    expect(Object.hasOwn(logged.result[0].headers, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(logged.result[0].headers, "__proto__")?.value).toBe("a");
  });
});

describe("requests Node's parser refuses", () => {
  it("answers a lower-case method with a 400 envelope and closes", async () => {
    const answer = await raw(`get ${path}/policy HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(answer.head.toLowerCase()).toContain("connection: close");
    expect(answer.body).toMatchObject({
      success: false,
      errors: [{ code: expect.any(Number), message: expect.stringMatching(/HPE_INVALID_METHOD/) }],
    });
  });
});
