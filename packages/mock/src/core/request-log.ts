/** A bounded log of the API requests a mock served, for tests to assert on. Secrets are redacted. */
import type { CredentialKind } from "./auth.js";
import { WRITE_ONLY_NAMES } from "./store/posture.js";

/** What stands in for a redacted value (the same marker as redacted headers). */
export const REDACTED = "[redacted]";

/**
 * A request body as the log shows it: parsed JSON with the value of every field the spec marks
 * write-only (an integration's `client_secret`, say) replaced by `[redacted]`, at any depth and
 * on any route; text that is not JSON (up to 10,000 characters), withheld whole when it names a
 * write-only field; or null.
 */
export function bodyForLog(text: string | null | undefined): unknown {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    for (const name of WRITE_ONLY_NAMES) {
      if (text.includes(name)) return `[withheld: not JSON, and it mentions ${name}]`;
    }
    return text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text;
  }
  return redactWriteOnly(value);
}

function redactWriteOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactWriteOnly);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const redacted = WRITE_ONLY_NAMES.has(key) ? REDACTED : redactWriteOnly(field);
    // defineProperty: a "__proto__" key from JSON.parse stays an ordinary field.
    Object.defineProperty(out, key, {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

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
  /**
   * The parsed JSON body with write-only fields (credentials) redacted, the raw text (up to
   * 10,000 characters) if it was not JSON, or null.
   */
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
