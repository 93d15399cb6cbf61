/**
 * A tiny raw HTTP server on 127.0.0.1 for faults the mock cannot produce at the transport level:
 * connection resets, bodies cut off mid-response, answers that never finish, HTML error pages,
 * `Retry-After` as an HTTP date. It records when each request arrived.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  at: number;
  method: string;
  url: string;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

export interface FakeApi {
  /** Base URL (`http://127.0.0.1:port/client/v4`). */
  url: string;
  hits: Hit[];
  /** Milliseconds between consecutive requests. */
  gaps(): number[];
  close(): Promise<void>;
}

export const ACCOUNT = "0123456789abcdef0123456789abcdef";

export const envelope = (result: unknown) =>
  JSON.stringify({ success: true, errors: [], messages: [], result });

export const failure = (code: number, message: string) =>
  JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null });

export async function fakeApi(handler: Handler): Promise<FakeApi> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      hits.push({ at: performance.now(), method: req.method ?? "", url: req.url ?? "", body });
      handler(req, res, hits.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    hits,
    gaps: () => hits.slice(1).map((h, i) => h.at - hits[i]!.at),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
