import type {
  CursorResultInfo,
  DefaultDeviceSettingsProfile,
  DeviceSettingsProfile,
  FallbackDomain,
  PhysicalDevice,
  Registration,
  SplitTunnelEntry,
} from "@cf-devices/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type BaseClient,
  type BulkResult,
  bulk,
  callOperation,
  callOperationRaw,
  createBaseClient,
  createClient,
  createDeviceSettingsProfile,
  deleteRegistration,
  type EnvelopeResult,
  getDevice,
  getPhysicalDevice,
  getProfileLocalDomainFallbackList,
  getRegistrationOverrideCodes,
  listDeviceSettingsProfiles,
  listDevices,
  listPhysicalDevices,
  listRegistrations,
  paginate,
  type RateLimitError,
  revokeRegistrations,
  setSplitTunnelIncludeList,
  toArray,
  updateDefaultDeviceSettingsProfile,
} from "./index.js";

declare const client: BaseClient;

describe("operation inputs", () => {
  it("reject a wrong or missing path parameter", () => {
    getPhysicalDevice(client, { path: { device_id: "d" } });
    getPhysicalDevice(client, { path: { account_id: "a", device_id: "d" } });
    // @ts-expect-error devise_id is not a path parameter of getPhysicalDevice
    getPhysicalDevice(client, { path: { devise_id: "d" } });
    // @ts-expect-error device_id is required
    getPhysicalDevice(client, { path: {} });
    // @ts-expect-error the input (with its device_id) is required
    getPhysicalDevice(client);
    // @ts-expect-error path parameters are strings
    getPhysicalDevice(client, { path: { device_id: 42 } });
  });

  it("let account_id be left out (the client fills it)", () => {
    listPhysicalDevices(client);
    listPhysicalDevices(client, {});
    listPhysicalDevices(client, { path: { account_id: "a" } });
  });

  it("reject an unknown query field or a wrong value", () => {
    listPhysicalDevices(client, { query: { per_page: 50, sort_by: "last_seen_at", id: ["a"] } });
    // @ts-expect-error per_pag is not a query parameter
    listPhysicalDevices(client, { query: { per_pag: 50 } });
    // @ts-expect-error sort_order is asc or desc
    listPhysicalDevices(client, { query: { sort_order: "up" } });
    // @ts-expect-error per_page is a number
    listPhysicalDevices(client, { query: { per_page: "50" } });
    // @ts-expect-error getRegistrationOverrideCodes takes no query
    getRegistrationOverrideCodes(client, { path: { registration_id: "r" }, query: { x: 1 } });
  });

  it("require the query where the spec does", () => {
    revokeRegistrations(client, { query: { id: ["r1"] } });
    // @ts-expect-error revokeRegistrations needs query.id
    revokeRegistrations(client, {});
    // @ts-expect-error revokeRegistrations needs an input
    revokeRegistrations(client);
    // @ts-expect-error id is a list
    revokeRegistrations(client, { query: { id: "r1" } });
  });

  it("reject a missing body or body field", () => {
    createDeviceSettingsProfile(client, { body: { name: "n", match: "true", precedence: 1 } });
    // @ts-expect-error name is required
    createDeviceSettingsProfile(client, { body: { match: "true", precedence: 1 } });
    // @ts-expect-error profile_type is warp or browser_extension
    createDeviceSettingsProfile(client, { body: { name: "n", profile_type: "agent" } });
    // @ts-expect-error the body is required
    createDeviceSettingsProfile(client, {});
    // @ts-expect-error the default profile has no name
    updateDefaultDeviceSettingsProfile(client, { body: { name: "n" } });
    setSplitTunnelIncludeList(client, {
      body: [{ host: "*.corp.example" }, { address: "10.0.0.0/8" }],
    });
    // @ts-expect-error an entry needs address or host
    setSplitTunnelIncludeList(client, { body: [{ description: "nothing" }] });
    // @ts-expect-error listPhysicalDevices takes no body
    listPhysicalDevices(client, { body: {} });
  });

  it("take per-call options after the input", () => {
    listPhysicalDevices(
      client,
      {},
      { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(1) },
    );
    // @ts-expect-error retries is not an option
    listPhysicalDevices(client, {}, { retries: 1 });
  });
});

describe("operation results", () => {
  it("are the envelope's result, with null lists as arrays and empty results as void", () => {
    expectTypeOf(listPhysicalDevices(client)).resolves.toEqualTypeOf<PhysicalDevice[]>();
    expectTypeOf(
      getPhysicalDevice(client, { path: { device_id: "d" } }),
    ).resolves.toEqualTypeOf<PhysicalDevice>();
    expectTypeOf(
      revokeRegistrations(client, { query: { id: ["r"] } }),
    ).resolves.toEqualTypeOf<void>();
    expectTypeOf(
      deleteRegistration(client, { path: { registration_id: "r" } }),
    ).resolves.toEqualTypeOf<void>();
    // The API may answer null here, and the type says so.
    expectTypeOf(
      updateDefaultDeviceSettingsProfile(client, { body: {} }),
    ).resolves.toEqualTypeOf<DefaultDeviceSettingsProfile | null>();
    // The API answers null for an empty list; the function turns it into [].
    expectTypeOf(
      getProfileLocalDomainFallbackList(client, { path: { policy_id: "p" } }),
    ).resolves.toEqualTypeOf<FallbackDomain[]>();
    expectTypeOf<EnvelopeResult<"getProfileLocalDomainFallbackList">>().toEqualTypeOf<
      FallbackDomain[] | null
    >();
  });

  it("follow the docs' types field by field (legacy device_type: six values in the list, any string from get-device)", async () => {
    const [listed] = await listDevices(client);
    expectTypeOf(listed!.device_type).toEqualTypeOf<
      "windows" | "mac" | "linux" | "android" | "ios" | "chromeos" | undefined
    >();
    const one = await getDevice(client, { path: { device_id: "d" } });
    expectTypeOf(one!.device_type).toEqualTypeOf<string | undefined>();
  });

  it("come with result_info, the Response and the cf-ray id through withResponse", async () => {
    const raw = await listRegistrations.withResponse(client);
    expectTypeOf(raw.result).toEqualTypeOf<Registration[]>();
    expectTypeOf(raw.resultInfo).toEqualTypeOf<CursorResultInfo | undefined>();
    expectTypeOf(raw.response).toEqualTypeOf<Response>();
    expectTypeOf(raw.rayId).toEqualTypeOf<string | undefined>();
  });

  it("are typed items when paginated", async () => {
    for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 100 } })) {
      expectTypeOf(device).toEqualTypeOf<PhysicalDevice>();
    }
    for await (const page of listRegistrations.paginate(client).pages()) {
      expectTypeOf(page.result).toEqualTypeOf<Registration[]>();
    }
    expectTypeOf(await toArray(listDeviceSettingsProfiles.paginate(client))).toEqualTypeOf<
      DeviceSettingsProfile[]
    >();
    // @ts-expect-error revokeRegistrations is not a list
    revokeRegistrations.paginate;
  });
});

describe("by-id entry points", () => {
  it("are typed by the operationId", async () => {
    expectTypeOf(
      callOperation(client, "getPhysicalDevice", { path: { device_id: "d" } }),
    ).resolves.toEqualTypeOf<PhysicalDevice>();
    // @ts-expect-error device_id is required
    callOperation(client, "getPhysicalDevice", { path: {} });
    const raw = await callOperationRaw(client, "listPhysicalDevices", { query: { per_page: 5 } });
    expectTypeOf(raw.result).toEqualTypeOf<PhysicalDevice[]>();
    for await (const r of paginate(
      client,
      "listRegistrations",
      { query: { status: "revoked" } },
      { limit: 10 },
    )) {
      expectTypeOf(r).toEqualTypeOf<Registration>();
    }
    // @ts-expect-error status is active, all or revoked
    paginate(client, "listRegistrations", { query: { status: "gone" } });
    // @ts-expect-error not a list operation
    paginate(client, "getPhysicalDevice", { path: { device_id: "d" } });
  });
});

describe("clients", () => {
  it("createClient keeps openapi-fetch's typed methods", async () => {
    const full = createClient({ apiToken: "t" });
    const { data } = await full.GET("/accounts/{account_id}/devices/policy/include", {
      params: { path: { account_id: "a" } },
    });
    // The low-level client keeps the API's own type: null for an empty list.
    expectTypeOf(data?.result).toEqualTypeOf<SplitTunnelEntry[] | null | undefined>();
    full.GET("/accounts/{account_id}/devices/physical-devices", {
      // @ts-expect-error per_pag is not a query parameter
      params: { path: { account_id: "a" }, query: { per_pag: 1 } },
    });
    listPhysicalDevices(full);
  });

  it("createBaseClient has no low-level methods", () => {
    const base = createBaseClient();
    // @ts-expect-error GET is only on createClient's client
    base.GET;
    // @ts-expect-error apiToken is a string
    createBaseClient({ apiToken: 1 });
  });
});

describe("errors and bulk", () => {
  it("are typed", async () => {
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | undefined>();
    const outcome = await bulk(["a"], (ids) => revokeRegistrations(client, { query: { id: ids } }));
    expectTypeOf(outcome).toEqualTypeOf<BulkResult<string, void>>();
  });
});
