/**
 * Fault injection: extra latency, random errors at a given rate, and forced statuses (429 with
 * `Retry-After`, 500, 503, …), globally or per operation. Set through options, the
 * `CF_DEVICES_MOCK_FAULTS` environment variable (JSON, read by the Node and Worker shells), the
 * `/__mock/faults` admin route, or per request with an `x-mock-fault` header. Random choices come
 * from a PRNG seeded by the mock's seed, so a seeded run fails the same requests every time.
 */
import { faultStatus, type MockHttpError, validation } from "./errors.js";
import { cloneJson } from "./json.js";
import { Rng } from "./prng.js";

/** One fault rule. Every field is optional; an empty rule does nothing. */
export interface FaultSpec {
  /** Extra delay in milliseconds, or `[min, max]` for a uniformly drawn delay. */
  latency?: number | readonly [number, number];
  /** Always answer with this HTTP status (for example 429, 500 or 503). */
  status?: number;
  /** Probability (0–1) that a request fails with `errorStatus`. */
  errorRate?: number;
  /** Status of the random failures (default 500). */
  errorStatus?: number;
  /** `Retry-After` seconds sent with 429 and 5xx answers other than 500 (default 1). */
  retryAfter?: number;
  /** Apply the rule to this many matching requests only, then drop it. */
  times?: number;
}

/** Fault rules for every operation (`global`) and per operationId (`operations`). */
export interface FaultConfig {
  global?: FaultSpec;
  operations?: Readonly<Record<string, FaultSpec>>;
}

/** What the injector decided for one request. */
export interface FaultDecision {
  latencyMs: number;
  error: MockHttpError | null;
  /** A short description for the request log, or null when no fault applied. */
  label: string | null;
}

const NONE: FaultDecision = { latencyMs: 0, error: null, label: null };
const SPEC_KEYS = new Set(["latency", "status", "errorRate", "errorStatus", "retryAfter", "times"]);

function checkStatus(value: unknown, where: string): void {
  if (!Number.isInteger(value) || (value as number) < 400 || (value as number) > 599) {
    throw new TypeError(`${where} must be an HTTP error status between 400 and 599`);
  }
}

/** Validates a fault rule from untrusted JSON; throws a TypeError naming the bad field. */
export function parseFaultSpec(value: unknown, where: string): FaultSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} must be an object`);
  }
  const spec = value as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.has(key)) {
      throw new TypeError(
        `${where}.${key} is not a fault setting (use ${[...SPEC_KEYS].join(", ")})`,
      );
    }
  }
  const out: FaultSpec = {};
  if (spec.latency !== undefined) {
    const l = spec.latency;
    const ok = (n: unknown) => typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 60_000;
    if (ok(l)) out.latency = l as number;
    else if (Array.isArray(l) && l.length === 2 && ok(l[0]) && ok(l[1]) && l[0] <= l[1]) {
      out.latency = [l[0], l[1]];
    } else {
      throw new TypeError(`${where}.latency must be milliseconds (0–60000) or [min, max]`);
    }
  }
  if (spec.status !== undefined) {
    checkStatus(spec.status, `${where}.status`);
    out.status = spec.status as number;
  }
  if (spec.errorRate !== undefined) {
    const r = spec.errorRate;
    if (typeof r !== "number" || !(r >= 0 && r <= 1)) {
      throw new TypeError(`${where}.errorRate must be a number from 0 to 1`);
    }
    out.errorRate = r;
  }
  if (spec.errorStatus !== undefined) {
    checkStatus(spec.errorStatus, `${where}.errorStatus`);
    out.errorStatus = spec.errorStatus as number;
  }
  for (const key of ["retryAfter", "times"] as const) {
    const n = spec[key];
    if (n === undefined) continue;
    if (!Number.isInteger(n) || (n as number) < 0) {
      throw new TypeError(`${where}.${key} must be a whole number ≥ 0`);
    }
    out[key] = n as number;
  }
  return out;
}

/**
 * Validates a fault configuration from untrusted JSON. A bare rule (with no `global` or
 * `operations` key) is taken as the global rule.
 *
 * @example
 * ```ts
 * parseFaultConfig({ latency: 50 }); // → { global: { latency: 50 } }
 * parseFaultConfig({ global: { errorRate: 2 } }); // throws: faults.global.errorRate must be …
 * ```
 */
export function parseFaultConfig(value: unknown, where = "faults"): FaultConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} must be a JSON object`);
  }
  const v = value as Record<string, unknown>;
  if (!("global" in v) && !("operations" in v)) return { global: parseFaultSpec(v, where) };
  for (const key of Object.keys(v)) {
    if (key !== "global" && key !== "operations") {
      throw new TypeError(`${where}.${key} is not allowed (use global and operations)`);
    }
  }
  const out: FaultConfig = {};
  if (v.global !== undefined) out.global = parseFaultSpec(v.global, `${where}.global`);
  if (v.operations !== undefined) {
    if (typeof v.operations !== "object" || v.operations === null || Array.isArray(v.operations)) {
      throw new TypeError(`${where}.operations must be an object keyed by operationId`);
    }
    out.operations = Object.fromEntries(
      Object.entries(v.operations).map(([id, spec]) => [
        id,
        parseFaultSpec(spec, `${where}.operations.${id}`),
      ]),
    );
  }
  return out;
}

/**
 * Parses the `x-mock-fault` request header: `key=value` pairs separated by `,` or `;`, for
 * example `status=503; retry-after=2` or `latency=200` or `error-rate=0.5`. Throws a 400
 * `MockHttpError` on anything it does not understand.
 */
export function parseFaultHeader(value: string): FaultSpec {
  const raw: Record<string, unknown> = {};
  for (const part of value.split(/[;,]/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf("=");
    const name = (eq === -1 ? item : item.slice(0, eq)).trim().toLowerCase();
    const text = eq === -1 ? "" : item.slice(eq + 1).trim();
    const key = name.replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
    const range = /^(\d+)\s*(?:-|\.\.)\s*(\d+)$/.exec(text);
    raw[key] = key === "latency" && range ? [Number(range[1]), Number(range[2])] : Number(text);
    if (text === "" || (!range && Number.isNaN(raw[key]))) {
      throw validation(
        `x-mock-fault: "${item}" is not key=number (use status, latency, error-rate, error-status, retry-after)`,
        "/headers/x-mock-fault",
      );
    }
  }
  try {
    return parseFaultSpec(raw, "x-mock-fault");
  } catch (error) {
    throw validation((error as Error).message, "/headers/x-mock-fault");
  }
}

/** Holds the active fault configuration and decides, per request, which fault applies. */
export class FaultInjector {
  private config: FaultConfig = {};
  private remaining = new Map<string, number>();
  private rng: Rng;

  constructor(config: FaultConfig | undefined, seed: number) {
    this.rng = new Rng(seed, 0xfa17);
    this.set(config ?? {});
  }

  get(): FaultConfig {
    return cloneJson(this.config);
  }

  /** Replaces the configuration (validated) and restarts `times` counters. */
  set(config: FaultConfig): void {
    this.config = parseFaultConfig(cloneJson(config));
    this.remaining.clear();
    if (this.config.global?.times !== undefined) this.remaining.set("", this.config.global.times);
    for (const [id, spec] of Object.entries(this.config.operations ?? {})) {
      if (spec.times !== undefined) this.remaining.set(id, spec.times);
    }
  }

  clear(): void {
    this.set({});
  }

  /** Restarts the random sequence (after a reseed). */
  reseed(seed: number): void {
    this.rng = new Rng(seed, 0xfa17);
  }

  private active(key: string, spec: FaultSpec | undefined): FaultSpec | undefined {
    if (!spec) return undefined;
    const left = this.remaining.get(key);
    if (left === undefined) return spec;
    if (left <= 0) return undefined;
    this.remaining.set(key, left - 1);
    return spec;
  }

  /** Decides the fault for one request; the header rule wins over the operation's, then global. */
  decide(operationId: string, header: FaultSpec | null): FaultDecision {
    const op = this.active(operationId, this.config.operations?.[operationId]);
    const global = op ? undefined : this.active("", this.config.global);
    const spec: FaultSpec = { ...global, ...op, ...header };
    if (Object.keys(spec).length === 0) return NONE;

    let latencyMs = 0;
    if (typeof spec.latency === "number") latencyMs = spec.latency;
    else if (spec.latency) latencyMs = this.rng.range(spec.latency[0], spec.latency[1]);

    const retryAfter = spec.retryAfter ?? 1;
    let status: number | null = spec.status ?? null;
    if (status === null && spec.errorRate !== undefined && this.rng.float() < spec.errorRate) {
      status = spec.errorStatus ?? 500;
    }
    const parts: string[] = [];
    if (latencyMs > 0) parts.push(`latency=${latencyMs}`);
    if (status !== null) parts.push(`status=${status}`);
    return {
      latencyMs,
      error: status === null ? null : faultStatus(status, retryAfter),
      label: parts.length > 0 ? parts.join(" ") : null,
    };
  }
}
