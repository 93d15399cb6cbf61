import { manifest } from "@cf-devices/types";
import { describe, expect, it } from "vitest";
import { Authenticator, redactHeaders } from "./auth.js";
import { MockHttpError } from "./errors.js";

const headers = (h: Record<string, string>) => (name: string) => h[name];
const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (error) {
    return error instanceof MockHttpError ? `${error.status}/${error.errors[0]!.code}` : "threw";
  }
};
const tokenOnly = manifest.listPhysicalDevices;
const both = manifest.listDevices;
const zoneOp = manifest.getCertificateProvisioning;

describe("Authenticator", () => {
  it("is permissive by default but still checks the kind of credential", () => {
    const auth = new Authenticator(undefined);
    expect(auth.mode).toBe("permissive");
    expect(
      statusOf(() => auth.check(tokenOnly, headers({ authorization: "Bearer anything" }), {})),
    ).toBe(200);
    expect(
      statusOf(() => auth.check(both, headers({ "x-auth-email": "a@b.c", "x-auth-key": "k" }), {})),
    ).toBe(200);
    expect(
      statusOf(() =>
        auth.check(tokenOnly, headers({ "x-auth-email": "a@b.c", "x-auth-key": "k" }), {}),
      ),
    ).toBe("403/10000");
    expect(statusOf(() => auth.check(both, headers({}), {}))).toBe("401/9106");
    expect(statusOf(() => auth.check(both, headers({ authorization: "Bearer " }), {}))).toBe(
      "401/9106",
    );
  });

  it("is strict once credentials are configured, with account and zone scopes", () => {
    const auth = new Authenticator({
      tokens: [
        "global",
        { token: "scoped", accounts: ["acc1"] },
        { token: "zoned", zones: ["z9"] },
      ],
      keys: [{ email: "Admin@Example.com", key: "k1", accounts: ["acc2"] }],
    });
    expect(auth.mode).toBe("strict");
    expect(auth.credentials).toEqual({
      apiToken: "global",
      email: "Admin@Example.com",
      apiKey: "k1",
    });
    const bearer = (t: string) => headers({ authorization: `Bearer ${t}` });
    expect(statusOf(() => auth.check(tokenOnly, bearer("unknown"), { accountId: "acc1" }))).toBe(
      "403/9109",
    );
    expect(statusOf(() => auth.check(tokenOnly, bearer("global"), { accountId: "any" }))).toBe(200);
    expect(statusOf(() => auth.check(tokenOnly, bearer("scoped"), { accountId: "acc1" }))).toBe(
      200,
    );
    expect(statusOf(() => auth.check(tokenOnly, bearer("scoped"), { accountId: "acc2" }))).toBe(
      "403/10000",
    );
    expect(
      statusOf(() => auth.check(zoneOp, bearer("scoped"), { zoneId: "z1", zoneAccountId: "acc1" })),
    ).toBe(200);
    expect(
      statusOf(() => auth.check(zoneOp, bearer("zoned"), { zoneId: "z9", zoneAccountId: "acc5" })),
    ).toBe(200);
    expect(statusOf(() => auth.check(tokenOnly, bearer("zoned"), { accountId: "acc5" }))).toBe(
      "403/10000",
    );
    const key = (k: string) => headers({ "x-auth-email": "admin@example.com", "x-auth-key": k });
    expect(statusOf(() => auth.check(both, key("k1"), { accountId: "acc2" }))).toBe(200);
    expect(statusOf(() => auth.check(both, key("nope"), { accountId: "acc2" }))).toBe("403/9103");
  });

  it("does nothing when turned off", () => {
    const auth = new Authenticator(false);
    expect(statusOf(() => auth.check(tokenOnly, headers({}), {}))).toBe(200);
  });

  it("redacts secrets from logged headers", () => {
    expect(
      redactHeaders([
        ["Authorization", "Bearer abc"],
        ["X-Auth-Key", "k"],
        ["x-auth-email", "a@b.c"],
        ["cookie", "s=1"],
        ["x-mock-admin-token", "t"],
        ["accept", "application/json"],
      ]),
    ).toEqual({
      authorization: "Bearer [redacted]",
      "x-auth-key": "[redacted]",
      "x-auth-email": "a@b.c",
      cookie: "[redacted]",
      "x-mock-admin-token": "[redacted]",
      accept: "application/json",
    });
  });
});
