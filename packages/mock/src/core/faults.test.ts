import { describe, expect, it } from "vitest";
import { MockHttpError } from "./errors.js";
import { FaultInjector, parseFaultConfig, parseFaultHeader } from "./faults.js";

describe("fault configuration", () => {
  it("parses the x-mock-fault header", () => {
    expect(parseFaultHeader("status=503; retry-after=2")).toEqual({ status: 503, retryAfter: 2 });
    expect(parseFaultHeader("latency=100-200, error-rate=0.25")).toEqual({
      latency: [100, 200],
      errorRate: 0.25,
    });
    expect(() => parseFaultHeader("status=200")).toThrow(MockHttpError);
    expect(() => parseFaultHeader("colour=3")).toThrow(/not a fault setting/);
    expect(() => parseFaultHeader("latency")).toThrow(/key=number/);
  });

  it("validates configuration and takes a bare rule as the global one", () => {
    expect(parseFaultConfig({ latency: 5 })).toEqual({ global: { latency: 5 } });
    expect(parseFaultConfig({ operations: { listDevices: { status: 429 } } })).toEqual({
      operations: { listDevices: { status: 429 } },
    });
    expect(() => parseFaultConfig({ global: { errorRate: 2 } })).toThrow(
      /errorRate must be a number from 0 to 1/,
    );
    expect(() => parseFaultConfig({ global: {}, extra: 1 })).toThrow(/extra is not allowed/);
    expect(() => parseFaultConfig([])).toThrow(/JSON object/);
  });
});

describe("FaultInjector", () => {
  const pattern = (seed: number) => {
    const injector = new FaultInjector(
      { global: { errorRate: 0.5, errorStatus: 503, latency: [0, 50] } },
      seed,
    );
    return Array.from({ length: 40 }, () => {
      const d = injector.decide("listDevices", null);
      return `${d.error?.status ?? 200}/${d.latencyMs}`;
    });
  };

  it("is deterministic for a seed", () => {
    expect(pattern(7)).toEqual(pattern(7));
    expect(pattern(7)).not.toEqual(pattern(8));
    const failures = pattern(7).filter((p) => p.startsWith("503")).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it("lets the header win over the operation rule, and the operation rule over the global one", () => {
    const injector = new FaultInjector(
      { global: { status: 500 }, operations: { getDevice: { status: 429, retryAfter: 9 } } },
      1,
    );
    expect(injector.decide("listDevices", null).error?.status).toBe(500);
    const op = injector.decide("getDevice", null).error!;
    expect(op.status).toBe(429);
    expect(op.headers["retry-after"]).toBe("9");
    expect(injector.decide("getDevice", { status: 503 }).error?.status).toBe(503);
  });

  it("sends Retry-After with 429 and 5xx answers except a plain 500", () => {
    const injector = new FaultInjector({}, 1);
    const retryAfter = (status: number) =>
      injector.decide("x", { status, retryAfter: 4 }).error!.headers["retry-after"];
    expect([429, 500, 502, 503, 504, 418].map(retryAfter)).toEqual([
      "4",
      undefined,
      "4",
      "4",
      "4",
      undefined,
    ]);
  });

  it("stops a rule after `times` requests", () => {
    const injector = new FaultInjector({ global: { status: 500, times: 2 } }, 1);
    const statuses = Array.from(
      { length: 4 },
      () => injector.decide("x", null).error?.status ?? 200,
    );
    expect(statuses).toEqual([500, 500, 200, 200]);
    injector.set({ global: { status: 500, times: 1 } });
    expect(injector.decide("x", null).error?.status).toBe(500);
  });
});
