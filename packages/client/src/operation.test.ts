import { describe, expect, it } from "vitest";
import { ACCOUNT, fail, ok, sequence, testClient } from "../test/helpers.js";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CloudflareDevicesError,
  ConflictError,
  createDeviceSettingsProfile,
  deleteRegistrations,
  getCertificateProvisioning,
  getPhysicalDevice,
  getSplitTunnelExcludeList,
  InternalServerError,
  listPhysicalDevices,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  revokeRegistrations,
  setSplitTunnelExcludeList,
  UnprocessableEntityError,
} from "./index.js";

const device = { id: "dev-1", name: "laptop" };

describe("operation functions: the request", () => {
  it("fills the path from the input and the client's defaults, encoding each value", async () => {
    const { client, calls } = testClient(sequence(ok(device)));
    await getPhysicalDevice(client, { path: { device_id: "a b/c" } });
    expect(calls[0]!.method).toBe("GET");
    expect(calls[0]!.url.href).toBe(
      `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/devices/physical-devices/a%20b%2Fc`,
    );
  });

  it("lets the input override the default account and fills zone_id from zoneId", async () => {
    const { client, calls } = testClient(sequence(ok({ enabled: true })), { zoneId: "zone-1" });
    await getPhysicalDevice(client, { path: { account_id: "other", device_id: "d" } });
    await getCertificateProvisioning(client);
    expect(calls[0]!.url.pathname).toBe("/client/v4/accounts/other/devices/physical-devices/d");
    expect(calls[1]!.url.pathname).toBe("/client/v4/zones/zone-1/devices/policy/certificates");
  });

  it("refuses to send without an account id, naming the way to set one", async () => {
    const { client, calls } = testClient(sequence(ok([])), { accountId: undefined });
    await expect(listPhysicalDevices(client)).rejects.toThrow(
      "listPhysicalDevices needs path parameter account_id (pass it, or set accountId / CLOUDFLARE_ACCOUNT_ID)",
    );
    await expect(getCertificateProvisioning(client)).rejects.toThrow(
      /zoneId \/ CLOUDFLARE_ZONE_ID/,
    );
    await expect(
      // @ts-expect-error device_id is required
      getPhysicalDevice(client, { path: {} }),
    ).rejects.toBeInstanceOf(CloudflareDevicesError);
    expect(calls).toHaveLength(0);
  });

  it("sends query parameters, repeating array keys and leaving out undefined ones", async () => {
    const { client, calls } = testClient(sequence(ok([])));
    await listPhysicalDevices(client, {
      query: {
        id: ["a", "b"],
        per_page: 50,
        "last_seen_user.email": "x+y@example.com",
        search: undefined,
      },
    });
    const url = calls[0]!.url;
    expect(url.searchParams.getAll("id")).toEqual(["a", "b"]);
    expect(url.searchParams.get("per_page")).toBe("50");
    expect(url.searchParams.get("last_seen_user.email")).toBe("x+y@example.com");
    expect(url.searchParams.has("search")).toBe(false);
  });

  it("sends ids of bulk registration calls in the query, without a body", async () => {
    const { client, calls } = testClient(sequence(ok(null)));
    await revokeRegistrations(client, { query: { id: ["r1", "r2"] } });
    await deleteRegistrations(client, { query: { id: ["r3"] } });
    expect(calls.map((c) => [c.method, c.url.pathname, c.url.search, c.body])).toEqual([
      ["POST", `/client/v4/accounts/${ACCOUNT}/devices/registrations/revoke`, "?id=r1&id=r2", ""],
      ["DELETE", `/client/v4/accounts/${ACCOUNT}/devices/registrations`, "?id=r3", ""],
    ]);
    expect(calls[0]!.headers.get("content-type")).toBeNull();
  });

  it("sends a JSON body with its content type", async () => {
    const list = [{ address: "10.0.0.0/8", description: "corp" }];
    const { client, calls } = testClient(sequence(ok(list)));
    await setSplitTunnelExcludeList(client, { body: list });
    expect(calls[0]!.method).toBe("PUT");
    expect(calls[0]!.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(calls[0]!.body)).toEqual(list);
  });

  it("authenticates and identifies itself", async () => {
    const { client, calls } = testClient(sequence(ok([])), { userAgent: "my-tool/1.0" });
    await listPhysicalDevices(client);
    expect(calls[0]!.headers.get("authorization")).toMatch(/^Bearer tok_SECRET/);
    expect(calls[0]!.headers.get("user-agent")).toBe("my-tool/1.0");
  });
});

describe("operation functions: the answer", () => {
  it("resolve with the envelope's result", async () => {
    const { client } = testClient(sequence(ok([device])));
    await expect(listPhysicalDevices(client)).resolves.toEqual([device]);
  });

  it("give result_info, messages, the Response and the cf-ray id through withResponse", async () => {
    const info = { count: 1, cursor: "", per_page: 10 };
    const messages = [{ code: 10001, message: "note" }];
    const { client } = testClient(
      sequence(ok([device], { result_info: info, messages }, { headers: { "cf-ray": "ray-1" } })),
    );
    const raw = await listPhysicalDevices.withResponse(client);
    expect(raw.result).toEqual([device]);
    expect(raw.resultInfo).toEqual(info);
    expect(raw.messages).toEqual(messages);
    expect(raw.rayId).toBe("ray-1");
    expect(raw.response.status).toBe(200);
  });

  it.each([
    ["an empty object", {}],
    ["null", null],
    ["nothing", undefined],
  ])("resolve with undefined when the result carries nothing (%s)", async (_, result) => {
    const { client } = testClient(sequence(ok(result), ok(result)));
    await expect(revokeRegistrations(client, { query: { id: ["r"] } })).resolves.toBeUndefined();
    const raw = await deleteRegistrations.withResponse(client, { query: { id: ["r"] } });
    expect(raw.result).toBeUndefined();
  });

  it("resolve with [] where the API answers null for an empty list, and keep real lists", async () => {
    const entries = [{ address: "10.0.0.0/8" }];
    const { client } = testClient(sequence(ok(null), ok(entries), ok(null)));
    await expect(getSplitTunnelExcludeList(client)).resolves.toEqual([]);
    await expect(getSplitTunnelExcludeList(client)).resolves.toEqual(entries);
    const pages = [];
    for await (const page of getSplitTunnelExcludeList.paginate(client).pages()) pages.push(page);
    expect(pages.map((p) => p.result)).toEqual([[]]);
  });

  it("keep null where the API may answer null for a single result", async () => {
    const { client } = testClient(sequence(ok(null)));
    await expect(
      getCertificateProvisioning(client, { path: { zone_id: "z" } }),
    ).resolves.toBeNull();
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ])("throw the matching error for status %i", async (status, ErrorClass) => {
    const { client } = testClient(
      sequence(fail(status, [{ code: 1234, message: "nope" }], { "cf-ray": "ray-9" })),
      { maxRetries: 0 },
    );
    const error = await listPhysicalDevices(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({
      status,
      operationId: "listPhysicalDevices",
      rayId: "ray-9",
      errors: [{ code: 1234, message: "nope" }],
    });
  });

  it("throw ApiError for success: false with status 200", async () => {
    const { client, calls } = testClient(
      sequence(
        Response.json({
          success: false,
          errors: [{ code: 1, message: "half-done" }],
          messages: [],
          result: null,
        }),
      ),
    );
    const error = await listPhysicalDevices(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, errors: [{ code: 1, message: "half-done" }] });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["an empty 200", () => new Response("", { status: 200 }), 200, /body is empty/],
    [
      "an HTML 502 from the edge",
      () =>
        new Response("<html>502 Bad Gateway</html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
      502,
      /expected JSON, got text\/html/,
    ],
    [
      "cut-off JSON",
      () =>
        new Response('{"success":true,"result":[{"id":', {
          headers: { "content-type": "application/json" },
        }),
      200,
      /could not be parsed/,
    ],
    ["JSON null", () => Response.json(null), 200, /no error details/],
  ])("turn %s into an ApiError, not a parse exception", async (_label, answer, status, message) => {
    const { client } = testClient(sequence(answer), { maxRetries: 0 });
    const error = await listPhysicalDevices(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as ApiError).status).toBe(status);
    expect((error as ApiError).message).toMatch(message);
  });

  it("keep a request that is not safe to repeat to one attempt on a 5xx", async () => {
    const { client, calls } = testClient(sequence(fail(500)));
    const body = { name: "Contractors", match: 'os.name == "mac"', precedence: 100 };
    await expect(createDeviceSettingsProfile(client, { body })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(calls).toHaveLength(1);
  });
});
