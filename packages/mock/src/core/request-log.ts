/** A bounded log of the API requests a mock served, for tests to assert on. Secrets are redacted. */
import type { CredentialKind } from "./auth.js";

/** One served API request. Admin (`/__mock`) requests are not logged. */
export interface RequestLogEntry {
  /** 1 for the first request after creation or `clearRequests()`, then counting up. */
  seq: number;
  /** The `cf-ray` header value sent with the response. */
  ray: string;
  /** When the request arrived (RFC 3339, from the mock's clock). */
  time: string;
  method: string;
  /** The request path as sent, without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** The matched operation, or null when no route matched. */
  operationId: string | null;
  status: number;
  /** Time spent in the mock, injected latency included. */
  durationMs: number;
  /** Which kind of credential the request carried (never the credential itself). */
  credential: CredentialKind;
  /** Request headers with `Authorization`, `X-Auth-Key` and other secrets replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text (up to 10,000 characters) if it was not JSON, or null. */
  body: unknown;
  /** The injected fault, e.g. `status=503` or `latency=200`, or null. */
  fault: string | null;
  /** Error codes of a failure envelope (empty on success). */
  errorCodes: number[];
}

/** A ring buffer of the last `limit` entries. */
export class RequestLog {
  private entries: (RequestLogEntry | (() => RequestLogEntry) | undefined)[] = [];
  private next = 0;
  private seq = 0;

  constructor(private readonly limit: number) {}

  nextSeq(): number {
    return ++this.seq;
  }

  /**
   * Records a request. `entry` may be a function that builds the entry: it runs only when the
   * log is read, so a request costs no redaction or body parsing unless someone looks.
   */
  add(entry: RequestLogEntry | (() => RequestLogEntry)): void {
    if (this.limit <= 0) return;
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.limit;
  }

  list(): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const size = this.entries.length;
    for (let i = 0; i < size; i++) {
      const at = (this.next + i) % size;
      let entry = this.entries[at];
      if (typeof entry === "function") {
        entry = entry();
        this.entries[at] = entry;
      }
      if (entry) out.push(entry);
    }
    return out;
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
    this.seq = 0;
  }
}
