/**
 * `createMock(options)`: one in-memory mock of the Devices API. Pure: no network, no file
 * system, no environment; the Node server, the Worker and the state-file helpers wrap it.
 */
import { manifest, type OperationId } from "@cf-devices/types";
import { handleAdmin } from "./admin.js";
import {
  Authenticator,
  type AuthMode,
  type CredentialKind,
  type MockAuthOptions,
  type MockCredentials,
  redactHeaders,
} from "./auth.js";
import {
  accountNotFound,
  failureBody,
  MockHttpError,
  malformedJson,
  methodNotAllowed,
  missingBody,
  mockBug,
  noRoute,
  zoneNotFound,
} from "./errors.js";
import { type FaultConfig, FaultInjector, parseFaultHeader } from "./faults.js";
import { JsonText, type OperationHandler, type OperationResult } from "./handlers/context.js";
import { handlers, missingHandlers } from "./handlers/index.js";
import {
  headerEntries,
  headerGetter,
  headerRecordOrEntries,
  JSON_HEADERS,
  type MockRequest,
  type MockResponse,
  splitUrl,
} from "./http.js";
import { isoTime } from "./ids.js";
import { ListingCache } from "./pagination.js";
import { parseQuery, queryRecord, typedQuery, withDefaults } from "./query.js";
import { bodyForLog, RequestLog, type RequestLogEntry } from "./request-log.js";
import { Router } from "./router.js";
import { applyEntities } from "./store/entities.js";
import { MAX_SEED_DEVICES, seedStore } from "./store/seed.js";
import {
  buildStoredData,
  type SqlDriver,
  SqlStateStore,
  StorePersistence,
} from "./store/sql-store.js";
import { decodeState, encodeState, type MockState } from "./store/state.js";
import { MockStore } from "./store/store.js";
import type { StoreData } from "./store/types.js";
import {
  keepDeclared,
  type OperationValidators,
  operationValidators,
  validateBody,
  validateParams,
} from "./validate.js";

/** Whether a handler's result is a list with nothing in it. */
function isEmptyList(result: unknown): boolean {
  return result instanceof JsonText
    ? result.json === "[]"
    : Array.isArray(result) && result.length === 0;
}

/** Options of {@link createMock}. Every field is optional. */

export interface MockOptions {
  /** Seed of the generated data (default 1). The same seed always gives the same data. */
  seed?: number;
  /** Physical devices per account, from 0 to 250,000 (default 50). */
  devices?: number;
  /** Number of accounts, each with one zone (default 1). */
  accounts?: number;
  /**
   * Start from this snapshot instead of seeding (see `mock.snapshot()` and state files). The
   * mock keeps the object to `reset()` to it, so do not change it afterwards.
   */
  state?: MockState;
  /**
   * Credentials. Leave out for permissive mode (any non-empty token or email + key works);
   * configure `tokens`/`keys` for strict mode; `false` turns checks off.
   */
  auth?: false | MockAuthOptions;
  /** Fault rules active from the start. */
  faults?: FaultConfig;
  /** Whether the `x-mock-fault` request header is honoured (default true). */
  faultHeader?: boolean;
  /**
   * Base URL reported as `mock.baseUrl` (default `http://cf-devices-mock.local/client/v4`). Its
   * path is the API prefix; requests are accepted with or without it.
   */
  baseUrl?: string;
  /** The admin API under `/__mock`: on (default), off, or guarded by `x-mock-admin-token`. */
  admin?: boolean | { token: string };
  /** How many requests `mock.requests` keeps (default 1,000; 0 turns the log off). */
  requestLogLimit?: number;
  /** Adds permissive CORS headers and answers preflight requests (default false). */
  cors?: boolean;
  /** Clock for timestamps written by the API (revoked_at, updated_at…); default `Date.now`. */
  now?: () => number;
}

/** Seed parameters accepted by `mock.reseed()` and `POST /__mock/seed`. */
export interface SeedParameters {
  seed?: number;
  devices?: number;
  accounts?: number;
}

/** An account of the mock and its zones. */
export interface MockAccount {
  id: string;
  name: string;
  zoneIds: string[];
  devices: number;
  registrations: number;
}

/** Controls the active fault rules. */
export interface FaultController {
  get(): FaultConfig;
  /** Replaces every rule (validated; throws a TypeError naming a bad field). */
  set(config: FaultConfig): void;
  clear(): void;
}

/** A running mock. Create one with {@link createMock}. */
export interface Mock {
  /**
   * A standard `fetch` served by the mock, with no network involved. Relative URLs
   * (`/client/v4/accounts/…`) work too. Pass it as a client's `fetch`.
   */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The transport-neutral entry point that `fetch` and the Node server use. */
  handle(request: MockRequest): Promise<MockResponse>;
  /** Base URL for clients, e.g. `http://cf-devices-mock.local/client/v4`. */
  readonly baseUrl: string;
  /** Id of the first account. */
  readonly accountId: string;
  /** Id of the first account's zone. */
  readonly zoneId: string;
  /** Every account with its zones and counts. */
  readonly accounts: readonly MockAccount[];
  /** Credentials the mock accepts. */
  readonly credentials: MockCredentials;
  readonly authMode: AuthMode;
  /** The seed the current data came from. */
  readonly seed: number;
  /** API requests served so far (oldest first, at most `requestLogLimit`), secrets redacted. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  readonly faults: FaultController;
  /** Goes back to the data, faults and empty request log the mock was created with. */
  reset(): void;
  /** Replaces the data with freshly seeded data. */
  reseed(parameters?: SeedParameters): void;
  /** A JSON-serialisable copy of all data. */
  snapshot(): MockState;
  /** Replaces all data with a snapshot; throws `MockStateError` if it is invalid. */
  restore(state: MockState): void;
  /** Increases with every change of data. */
  readonly version: number;
  /** Calls `listener` after every change of data; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

const DEFAULT_BASE_URL = "http://cf-devices-mock.local/client/v4";
const MAX_ACCOUNTS = 64;
const router = new Router(Object.values(manifest));
const table: Readonly<Record<string, OperationHandler>> = handlers;

function checkInteger(value: unknown, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TypeError(
      `${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value as number;
}

function seedParameters(
  p: SeedParameters,
  base: Required<SeedParameters>,
): Required<SeedParameters> {
  return {
    seed: checkInteger(p.seed ?? base.seed, "seed", 0, 2 ** 32 - 1),
    devices: checkInteger(p.devices ?? base.devices, "devices", 0, MAX_SEED_DEVICES),
    accounts: checkInteger(p.accounts ?? base.accounts, "accounts", 1, MAX_ACCOUNTS),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class MockInstance implements Mock {
  readonly baseUrl: string;
  readonly credentials: MockCredentials;
  readonly authMode: AuthMode;
  readonly faults: FaultController;

  private readonly prefix: string;
  private readonly origin: string;
  private readonly auth: Authenticator;
  private readonly injector: FaultInjector;
  private readonly log: RequestLog;
  /**
   * Set while requests wait for validator modules being imported: requests then take their turn
   * behind it, in the order they arrived, so data changes in arrival order (the `cf-ray` order)
   * even when an operation's first call waits for its validators.
   */
  private loading: Promise<void> | null = null;
  private readonly listings = new ListingCache();
  /** The store; used by the persistence layer (not part of the `Mock` interface). */
  readonly store: MockStore;
  private readonly clock: () => number;
  private readonly initialState: MockState | undefined;
  private readonly initialFaults: FaultConfig;
  /** Parameters of the current data (changed by `reseed`). */
  private seedParams: Required<SeedParameters>;
  /** Parameters the mock was created with (what `reset` goes back to). */
  private readonly initialParams: Required<SeedParameters>;

  /**
   * @param build makes the initial data (and the data `reset()` goes back to) instead of the
   *   seed or `options.state`; the persistence layer passes a seed plus stored rows.
   */
  constructor(
    private readonly options: MockOptions,
    private readonly build?: () => StoreData,
  ) {
    const missing = missingHandlers();
    if (missing.length > 0)
      throw new Error(`cf-devices mock: no handler for ${missing.join(", ")}`);

    const url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
    this.baseUrl = `${this.origin}${this.prefix}`;
    this.clock = options.now ?? Date.now;
    this.auth = new Authenticator(options.auth);
    this.credentials = this.auth.credentials;
    this.authMode = this.auth.mode;
    this.log = new RequestLog(options.requestLogLimit ?? 1000);
    this.seedParams = seedParameters(options, { seed: 1, devices: 50, accounts: 1 });
    this.initialParams = { ...this.seedParams };
    // Kept by reference for reset(); decoding copies everything, so the store never shares it.
    this.initialState = options.state;
    this.store = new MockStore(this.initialData());
    if (this.initialState) this.seedParams.seed = this.store.data.seed;
    this.initialFaults = options.faults ?? {};
    this.injector = new FaultInjector(this.initialFaults, this.seedParams.seed);
    const injector = this.injector;
    this.faults = {
      get: () => injector.get(),
      set: (config) => injector.set(config),
      clear: () => injector.clear(),
    };
  }

  private initialData(): StoreData {
    if (this.build) return this.build();
    return this.initialState ? decodeState(this.initialState) : seedStore(this.initialParams);
  }

  // ------------------------------------------------------------ accessors

  get accounts(): MockAccount[] {
    const zones = [...this.store.data.zones.values()];
    return [...this.store.data.accounts.values()].map((a) => ({
      id: a.id,
      name: a.name,
      zoneIds: zones.filter((z) => z.accountId === a.id).map((z) => z.id),
      devices: a.deviceList.filter((d) => d.deletedAt === null).length,
      registrations: a.registrationList.filter((r) => r.deletedAt === null).length,
    }));
  }

  get accountId(): string {
    return this.store.data.accounts.keys().next().value ?? "";
  }

  get zoneId(): string {
    return this.store.data.zones.keys().next().value ?? "";
  }

  get seed(): number {
    return this.store.data.seed;
  }

  get version(): number {
    return this.store.version;
  }

  get requests(): readonly RequestLogEntry[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  onChange(listener: () => void): () => void {
    return this.store.onChange(listener);
  }

  reset(): void {
    this.store.replace(this.initialData());
    this.seedParams = { ...this.initialParams };
    this.listings.clear();
    this.log.clear();
    this.injector.set(this.initialFaults);
    this.injector.reseed(this.store.data.seed);
  }

  reseed(parameters: SeedParameters = {}): void {
    const next = seedParameters(parameters, this.seedParams);
    this.store.replace(seedStore(next));
    this.seedParams = next;
    this.listings.clear();
    this.injector.reseed(next.seed);
  }

  snapshot(): MockState {
    return encodeState(this.store.data);
  }

  restore(state: MockState): void {
    this.store.replace(decodeState(state));
    this.listings.clear();
  }

  // ------------------------------------------------------------ requests

  readonly fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    let request: Request;
    if (typeof input === "string" || input instanceof URL) {
      const text = String(input);
      request = new Request(text.startsWith("/") ? `${this.origin}${text}` : text, init);
    } else {
      request = init ? new Request(input, init) : input;
    }
    const method = request.method.toUpperCase();
    const signal = request.signal;
    signal.throwIfAborted();
    const body = method === "GET" || method === "HEAD" ? null : await request.text();
    const handled = this.handle({ method, url: request.url, headers: request.headers, body });
    // Like a real server, the mock finishes the request; like fetch, the caller stops waiting
    // when its signal aborts (during injected latency, say).
    const res = await new Promise<MockResponse>((resolve, reject) => {
      const abort = () => reject(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      handled.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
    });
    return new Response(res.status === 204 || method === "HEAD" ? null : res.body, {
      status: res.status,
      headers: res.headers,
    });
  };

  /** Waits for `validators` after every request that arrived earlier and is waiting too. */
  private async inTurn(
    validators: OperationValidators | Promise<OperationValidators>,
  ): Promise<OperationValidators> {
    const turn = (this.loading ?? Promise.resolve()).then(() => validators);
    const done = turn.then(
      () => undefined,
      () => undefined,
    );
    this.loading = done;
    try {
      return await turn;
    } finally {
      if (this.loading === done) this.loading = null;
    }
  }

  private respond(
    status: number,
    payload: unknown,
    extra: Record<string, string>,
    ray: string,
  ): MockResponse {
    return this.respondText(status, JSON.stringify(payload), extra, ray);
  }

  private respondText(
    status: number,
    body: string,
    extra: Record<string, string>,
    ray: string,
  ): MockResponse {
    const headers: Record<string, string> = { ...JSON_HEADERS, "cf-ray": ray, ...extra };
    if (this.options.cors) {
      headers["access-control-allow-origin"] = "*";
      headers["access-control-expose-headers"] = "cf-ray, retry-after";
    }
    return { status, headers, body };
  }

  async handle(req: MockRequest): Promise<MockResponse> {
    const started = performance.now();
    const method = req.method.toUpperCase();
    const { path, search } = splitUrl(req.url);
    const header = headerGetter(req.headers);

    if (method === "OPTIONS" && this.options.cors) {
      return {
        status: 204,
        headers: {
          "access-control-allow-origin": "*",
          "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
          "access-control-allow-headers":
            "authorization, content-type, x-auth-email, x-auth-key, x-mock-fault, x-mock-admin-token",
          "access-control-max-age": "600",
        },
        body: "",
      };
    }
    if (path === "/__mock" || path.startsWith("/__mock/")) {
      return handleAdmin(this, {
        method,
        path,
        search,
        header,
        body: req.body ?? "",
        admin: this.options.admin ?? true,
        respond: (status, payload, extra = {}) =>
          this.respond(status, payload, extra, "0000000000000000-MCK"),
      });
    }

    const seq = this.log.nextSeq();
    const ray = `${seq.toString(16).padStart(16, "0")}-MCK`;
    const rawQuery = parseQuery(search);
    let operationId: string | null = null;
    let credential: CredentialKind = "none";
    let fault: string | null = null;
    let response: MockResponse;
    let errorCodes: number[] = [];

    try {
      const apiPath =
        this.prefix && (path === this.prefix || path.startsWith(`${this.prefix}/`))
          ? path.slice(this.prefix.length) || "/"
          : path;
      const match = router.match(method, apiPath);
      if (match.kind === "not-found") throw noRoute(method, path);
      if (match.kind === "method-not-allowed") throw methodNotAllowed(method, path, match.allowed);
      const op = match.operation;
      const params = match.params;
      operationId = op.operationId;

      const faultHeader = this.options.faultHeader === false ? undefined : header("x-mock-fault");
      const decision = this.injector.decide(
        op.operationId,
        faultHeader ? parseFaultHeader(faultHeader) : null,
      );
      fault = decision.label;
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.error) throw decision.error;

      const zone = op.scope === "zone" ? this.store.zone(params.zone_id ?? "") : undefined;
      credential = this.auth.check(op, header, {
        accountId: params.account_id,
        zoneId: params.zone_id,
        zoneAccountId: zone?.accountId,
      });

      const query = typedQuery(rawQuery, op.queryParams);
      // Each operation's validators are a module of their own, imported on its first call.
      let validators = operationValidators(op.operationId);
      if (validators instanceof Promise || this.loading) validators = await this.inTurn(validators);
      validateParams(validators, op.operationId, params, query);
      // Handlers see the spec's defaults, so none of them repeats a default by hand.
      withDefaults(query, op.queryParams);

      let body: unknown;
      if (op.requestBody) {
        const text = req.body ?? "";
        if (text.trim() === "") {
          if (op.requestBody.required) throw missingBody();
        } else {
          try {
            body = JSON.parse(text);
          } catch (error) {
            throw malformedJson((error as Error).message);
          }
          validateBody(validators, op.operationId, body);
          body = keepDeclared(op.operationId, body);
        }
      }

      if (op.scope === "zone" && !zone) {
        throw zoneNotFound(params.zone_id ?? "", [...this.store.data.zones.keys()]);
      }
      const accountId = zone ? zone.accountId : (params.account_id ?? "");
      const account = this.store.account(accountId);
      if (!account) throw accountNotFound(accountId, [...this.store.data.accounts.keys()]);

      const handler = table[op.operationId as OperationId];
      if (!handler) throw noRoute(method, path);
      this.store.willChange();
      const outcome: OperationResult = handler({
        store: this.store,
        account,
        zone: zone ?? null,
        path: params,
        query,
        body,
        now: this.clock(),
        listings: this.listings,
      });
      if (method !== "GET") this.store.changed();
      // The success envelope, with the result as JSON text (already serialized or not), in the
      // API's shapes: `{}` for calls with nothing to return, null for an empty list where the API
      // answers null.
      const result =
        op.resultKind === "empty"
          ? "{}"
          : op.resultNullable && op.resultKind === "array" && isEmptyList(outcome.result)
            ? "null"
            : outcome.result instanceof JsonText
              ? outcome.result.json
              : JSON.stringify(outcome.result ?? null);
      const info = outcome.resultInfo ? `,"result_info":${JSON.stringify(outcome.resultInfo)}` : "";
      response = this.respondText(
        200,
        `{"result":${result},"success":true,"errors":[],"messages":[]${info}}`,
        {},
        ray,
      );
    } catch (error) {
      const failure = error instanceof MockHttpError ? error : mockBug(error);
      errorCodes = failure.errors.map((e) => e.code);
      response = this.respond(failure.status, failureBody(failure.errors), failure.headers, ray);
    }

    // The entry is built when the log is read; only what could change meanwhile is copied now
    // (a `Headers` object belongs to the caller; the Node server's header records are its own).
    const time = this.clock();
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    const headers = headerRecordOrEntries(req.headers);
    const body = req.body;
    const status = response.status;
    this.log.add(() => ({
      seq,
      ray,
      time: isoTime(time),
      method,
      path,
      query: queryRecord(rawQuery),
      operationId,
      status,
      durationMs,
      credential,
      headers: redactHeaders(Array.isArray(headers) ? headers : headerEntries(headers)),
      body: bodyForLog(body),
      fault,
      errorCodes,
    }));
    return response;
  }
}

/**
 * Creates an in-memory mock of the Devices API, seeded with realistic data.
 *
 * @example
 * ```ts
 * import { createMock } from "@cf-devices/mock";
 *
 * const mock = createMock({ seed: 42, devices: 200 });
 * const res = await mock.fetch(`/client/v4/accounts/${mock.accountId}/devices/physical-devices`, {
 *   headers: { authorization: `Bearer ${mock.credentials.apiToken}` },
 * });
 * const { result, result_info } = await res.json();
 * ```
 */
export function createMock(options: MockOptions = {}): Mock {
  return new MockInstance(options);
}

/**
 * Opens a mock whose data lives in SQLite through `driver` (`node:sqlite` or a Durable Object's
 * `ctx.storage.sql`): an empty database is seeded from `options` and initialised; a stored state
 * is rebuilt from its seed parameters plus the rows that differ. Throws `MockStateError` for a
 * database that is not a mock state.
 *
 * By default every change is committed synchronously as it happens, before the request that
 * made it is answered. With `schedule` (group commit, for a server), a change is committed by a
 * callback `schedule` runs soon after, together with every change made meanwhile; `save()` then
 * resolves once everything changed before the call is committed, and a server answers a write
 * only after awaiting it. Under concurrent writes this costs one commit per batch instead of one
 * per write.
 *
 * @example
 * ```ts
 * const { mock, save } = openPersistedMock(driver, { devices: 1000 });
 * ```
 */
export function openPersistedMock(
  driver: SqlDriver,
  options: MockOptions = {},
  commit: { schedule?: (callback: () => void) => void } = {},
): { mock: Mock; save(): Promise<void> } {
  const sql = new SqlStateStore(driver);
  const header = sql.readHeader();
  const params = header
    ? header.params
    : seedParameters(options, { seed: 1, devices: 50, accounts: 1 });
  const rows = header ? sql.readRows() : [];
  const rng = header?.rng;
  const { state: _ignored, ...rest } = options;
  const instance = new MockInstance({ ...rest, ...params }, () =>
    buildStoredData(params, rows, rng, applyEntities),
  );
  const store = instance.store;
  if (!header) sql.writeAll(params, store.data.rng.getState(), []);
  const persistence = new StorePersistence(sql, store);
  const schedule = commit.schedule;
  if (!schedule) {
    store.onChange(() => persistence.save());
    return { mock: instance, save: async () => persistence.save() };
  }
  // Group commit: one commit for every change made before it runs.
  let pending: Promise<void> | undefined;
  const later = (): Promise<void> => {
    pending ??= new Promise<void>((resolve, reject) => {
      schedule(() => {
        pending = undefined;
        try {
          persistence.save();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return pending;
  };
  store.onChange(() => {
    // Changes nobody awaits are committed too; a failure is reported to those who await.
    later().catch(() => {});
  });
  return { mock: instance, save: later };
}
