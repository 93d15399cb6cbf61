/**
 * Credential checks per operation, following each operation's `security` in the spec: an API
 * token (`Authorization: Bearer …`) or, where the spec allows it, `X-Auth-Email` + `X-Auth-Key`.
 *
 * Three modes:
 * - `permissive` (default): any non-empty token and any email + key pair is accepted, so local
 *   use needs no setup. The kind of credential is still checked against the operation.
 * - `strict`: set as soon as `tokens` or `keys` are configured; only those are accepted, and
 *   each may be limited to some accounts and zones.
 * - `off` (`auth: false`): no checks at all.
 */
import type { OperationManifest } from "@cf-devices/types";
import { forbidden, invalidToken, missingCredentials, unknownKey } from "./errors.js";

/** An API token the strict mode accepts, optionally limited to some accounts or zones. */
export interface TokenGrant {
  token: string;
  /** Account ids the token may act on (and their zones). Leave out for every account. */
  accounts?: readonly string[];
  /** Zone ids the token may act on, besides the zones of `accounts`. */
  zones?: readonly string[];
}

/** An email + Global API key pair the strict mode accepts, optionally limited like a token. */
export interface KeyGrant {
  email: string;
  key: string;
  accounts?: readonly string[];
  zones?: readonly string[];
}

/** Known credentials. Configuring any of them makes authentication strict. */
export interface MockAuthOptions {
  /** Accepted API tokens: plain strings (any account) or grants with a scope. */
  tokens?: readonly (string | TokenGrant)[];
  /** Accepted email + key pairs. */
  keys?: readonly KeyGrant[];
}

export type AuthMode = "off" | "permissive" | "strict";

/** Which kind of credential a request carried. */
export type CredentialKind = "token" | "email+key" | "none";

/** Credentials that work against a mock, for passing to a client. */
export interface MockCredentials {
  /** A token the mock accepts (`""` in strict mode without configured tokens). */
  apiToken: string;
  /** An email the mock accepts together with `apiKey` (`""` in strict mode without keys). */
  email: string;
  apiKey: string;
}

/**
 * The default credentials of permissive mode (any others work too).
 *
 * @example
 * ```ts
 * await fetch(url, { headers: { authorization: `Bearer ${DEFAULT_CREDENTIALS.apiToken}` } });
 * ```
 */
export const DEFAULT_CREDENTIALS: MockCredentials = {
  apiToken: "cf-devices-mock-token",
  email: "admin@example.com",
  apiKey: "cf-devices-mock-global-api-key",
};

/** Where a request points, for scope checks. */
export interface AuthTarget {
  accountId?: string;
  zoneId?: string;
  /** The account that owns `zoneId`, when the zone exists. */
  zoneAccountId?: string;
}

type HeaderGetter = (name: string) => string | undefined;
type Scope = { accounts?: readonly string[]; zones?: readonly string[] };

export class Authenticator {
  readonly mode: AuthMode;
  private readonly tokens = new Map<string, Scope>();
  private readonly keys = new Map<string, Scope>();
  readonly credentials: MockCredentials;

  constructor(options: false | MockAuthOptions | undefined) {
    if (options === false) {
      this.mode = "off";
      this.credentials = { ...DEFAULT_CREDENTIALS };
      return;
    }
    for (const t of options?.tokens ?? []) {
      const grant = typeof t === "string" ? { token: t } : t;
      if (!grant.token) throw new TypeError("auth.tokens: a token must not be empty");
      this.tokens.set(grant.token, grant);
    }
    for (const k of options?.keys ?? []) {
      if (!k.email || !k.key) throw new TypeError("auth.keys: email and key must not be empty");
      this.keys.set(`${k.email.toLowerCase()}\n${k.key}`, k);
    }
    this.mode = this.tokens.size > 0 || this.keys.size > 0 ? "strict" : "permissive";
    if (this.mode === "permissive") {
      this.credentials = { ...DEFAULT_CREDENTIALS };
    } else {
      const firstKey = options?.keys?.[0];
      this.credentials = {
        apiToken: this.tokens.keys().next().value ?? "",
        email: firstKey?.email ?? "",
        apiKey: firstKey?.key ?? "",
      };
    }
  }

  /** Which credential kind the headers carry, without checking it. */
  static kindOf(header: HeaderGetter): CredentialKind {
    if (header("authorization")) return "token";
    if (header("x-auth-email") || header("x-auth-key")) return "email+key";
    return "none";
  }

  /**
   * Checks the request's credentials for `op` and `target`; returns the kind used or throws a
   * 401 (missing) or 403 (unknown, wrong kind, out of scope) `MockHttpError`.
   */
  check(op: OperationManifest, header: HeaderGetter, target: AuthTarget): CredentialKind {
    const kind = Authenticator.kindOf(header);
    if (this.mode === "off") return kind;
    const allowsToken = op.security.some((alt) => alt.includes("api_token"));
    const allowsKey = op.security.some(
      (alt) => alt.includes("api_key") && alt.includes("api_email"),
    );
    if (!allowsToken && !allowsKey) return kind;

    let scope: Scope | undefined;
    if (kind === "token") {
      const match = /^Bearer\s+(\S.*)$/i.exec(header("authorization") ?? "");
      if (!match) {
        throw missingCredentials("The Authorization header must be `Bearer <API token>`.");
      }
      if (!allowsToken) {
        throw forbidden(
          `${op.operationId} does not accept API tokens; send X-Auth-Email and X-Auth-Key.`,
        );
      }
      const token = match[1]!.trim();
      if (this.mode === "strict") {
        scope = this.tokens.get(token);
        if (!scope) throw invalidToken();
      }
    } else if (kind === "email+key") {
      const email = header("x-auth-email");
      const key = header("x-auth-key");
      if (!email || !key) {
        throw missingCredentials(
          `Missing ${email ? "X-Auth-Key" : "X-Auth-Email"}; the email and the Global API key go together.`,
        );
      }
      if (!allowsKey) {
        throw forbidden(
          `${op.operationId} accepts API tokens only (Authorization: Bearer <token>), not X-Auth-Email + X-Auth-Key.`,
        );
      }
      if (this.mode === "strict") {
        scope = this.keys.get(`${email.toLowerCase()}\n${key}`);
        if (!scope) throw unknownKey();
      }
    } else {
      throw missingCredentials(
        allowsKey
          ? undefined
          : `${op.operationId} needs an API token: send Authorization: Bearer <token>.`,
      );
    }

    if (scope && !inScope(scope, target)) {
      const what = target.zoneId ? `zone ${target.zoneId}` : `account ${target.accountId}`;
      throw forbidden(`these credentials are not authorized for ${what}.`);
    }
    return kind;
  }
}

function inScope(scope: Scope, target: AuthTarget): boolean {
  if (!scope.accounts && !scope.zones) return true;
  if (target.zoneId) {
    if (scope.zones?.includes(target.zoneId)) return true;
    return (
      target.zoneAccountId !== undefined &&
      (scope.accounts?.includes(target.zoneAccountId) ?? false)
    );
  }
  if (target.accountId) return scope.accounts?.includes(target.accountId) ?? false;
  return true;
}

const SECRET_HEADER = /authorization|x-auth-key|cookie|token|secret|password|api-key/i;

/**
 * A copy of request headers that is safe to keep: credentials are replaced by a marker. The
 * record has no prototype, so a header named `__proto__` or `constructor` is kept as sent.
 */
export function redactHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (name === "authorization") {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} [redacted]` : "[redacted]";
    } else if (SECRET_HEADER.test(name)) {
      out[name] = "[redacted]";
    } else {
      out[name] = value;
    }
  }
  return out;
}
