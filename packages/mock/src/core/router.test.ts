import { manifest } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { Router } from "./router.js";

const router = new Router(Object.values(manifest));
const op = (method: string, path: string) => {
  const m = router.match(method, path);
  return m.kind === "operation" ? m.operation.operationId : m.kind;
};

describe("Router", () => {
  it("routes every operation's own path template back to it", () => {
    for (const entry of Object.values(manifest)) {
      const path = entry.path.replace(/\{[^}]+\}/g, "3c1f7e2a-9b4d-4e8a-b6f1-2d5c8a7e9f10");
      expect(op(entry.method, path), entry.operationId).toBe(entry.operationId);
    }
  });

  it("prefers literal segments over templates", () => {
    expect(op("GET", "/accounts/a/devices/policy")).toBe("getDefaultDeviceSettingsProfile");
    expect(op("GET", "/accounts/a/devices/physical-devices")).toBe("listPhysicalDevices");
    expect(op("GET", "/accounts/a/devices/registrations")).toBe("listRegistrations");
    expect(op("GET", "/accounts/a/devices/policy/include")).toBe("getSplitTunnelIncludeList");
    expect(op("GET", "/accounts/a/devices/policy/p1/include")).toBe(
      "getProfileSplitTunnelIncludeList",
    );
    expect(op("GET", "/accounts/a/devices/d1")).toBe("getDevice");
  });

  it("reports the allowed methods of a path that exists", () => {
    expect(router.match("DELETE", "/accounts/a/devices/policy")).toEqual({
      kind: "method-not-allowed",
      allowed: ["GET", "POST", "PATCH"],
    });
    // The literal route decides: GET /devices/revoke is not getDevice("revoke").
    expect(router.match("GET", "/accounts/a/devices/revoke")).toMatchObject({
      kind: "method-not-allowed",
    });
  });

  it("finds nothing for unknown paths, empty segments or extra segments", () => {
    expect(op("GET", "/accounts/a/nothing")).toBe("not-found");
    expect(op("GET", "/")).toBe("not-found");
    expect(op("GET", "/accounts/a/devices/physical-devices/x/y/z")).toBe("not-found");
    expect(op("GET", "/accounts/a/devices/policy//include")).toBe("not-found");
    expect(op("PUT", "/accounts//devices/policy/exclude")).toBe("not-found");
    expect(op("GET", "/accounts/a/devices/policy/")).toBe("getDefaultDeviceSettingsProfile");
  });

  it("decodes percent-encoded segments into parameters", () => {
    const m = router.match("GET", "/accounts/a%20b/devices/registrations/r%2F1");
    expect(m).toMatchObject({
      kind: "operation",
      params: { account_id: "a b", registration_id: "r/1" },
    });
  });
});
