/**
 * Child process of the client-overhead section (a fresh process, so no other section's code or
 * garbage skews it): N "list physical devices" calls against one in-process handler, no sockets,
 * through raw fetch, raw openapi-fetch, our client and the official SDK, taking turns in batches
 * so that load from other processes hits every way alike. Prints JSON on stdout.
 *
 *   node src/sections/overhead-child.ts N BATCH
 */
import { createBaseClient, createClient, listPhysicalDevices } from "@cf-devices/client";
import type { paths } from "@cf-devices/types";
import Cloudflare from "cloudflare";
import createFetchClient from "openapi-fetch";

const N = Number(process.argv[2] ?? 10_000);
const BATCH = Number(process.argv[3] ?? 500);
const BASE = "https://api.cloudflare.com/client/v4";
const ACCOUNT = "7c4b9e2f1a6d3c8e5b0f2a9d4e7c1b36";
const PATH = "/accounts/{account_id}/devices/physical-devices" as const;
const URL_ = `${BASE}/accounts/${ACCOUNT}/devices/physical-devices?per_page=10`;

// One page of 10 devices, as the API documents it.
const body = JSON.stringify({
  success: true,
  errors: [],
  messages: [],
  result: Array.from({ length: 10 }, (_, i) => ({
    id: `3c1f7e2a-9b4d-4e8a-b6f1-2d5c8a7e9f${String(i).padStart(2, "0")}`,
    name: `laptop-${i}`,
    client_version: "2025.1.0",
    last_seen_at: "2025-01-01T00:00:00Z",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    active_registrations: 1,
  })),
  result_info: { count: 10, cursor: "", per_page: 10 },
});

/** The in-process "server": every request gets the same JSON page. */
async function handler(request: Request): Promise<Response> {
  if (!request.headers.get("authorization")) return new Response(null, { status: 401 });
  return new Response(body, { headers: { "content-type": "application/json", "cf-ray": "bench" } });
}

/**
 * The `fetch` every way gets: it calls the handler directly, no sockets, and builds the Request
 * from its arguments as the real `fetch` does, so each way pays what it would pay in production.
 */
const fetchHandler = (input: Request | string | URL, init?: RequestInit): Promise<Response> =>
  handler(new Request(input, init));

const raw = createFetchClient<paths>({
  baseUrl: BASE,
  headers: { Authorization: "Bearer bench-token" },
  fetch: fetchHandler,
});
const options = { apiToken: "bench-token", accountId: ACCOUNT, fetch: fetchHandler, env: {} };
const base = createBaseClient(options);
const full = createClient(options);
const sdk = new Cloudflare({ apiToken: "bench-token", baseURL: BASE, fetch: fetchHandler });

function expectPage(result: unknown[] | undefined): void {
  if (result?.length !== 10) throw new Error("bad answer");
}

export const WAYS: Record<string, () => Promise<void>> = {
  "raw fetch": async () => {
    const response = await fetchHandler(URL_, { headers: { Authorization: "Bearer bench-token" } });
    if (!response.ok) throw new Error(`status ${response.status}`);
    expectPage(((await response.json()) as { result: unknown[] }).result);
  },
  "raw openapi-fetch": async () => {
    const { data } = await raw.GET(PATH, {
      params: { path: { account_id: ACCOUNT }, query: { per_page: 10 } },
    });
    if (!data?.success) throw new Error("bad answer");
    expectPage(data.result);
  },
  "ours (createClient)": async () => {
    expectPage(await listPhysicalDevices(full, { query: { per_page: 10 } }));
  },
  "ours (createBaseClient)": async () => {
    expectPage(await listPhysicalDevices(base, { query: { per_page: 10 } }));
  },
  "cloudflare SDK": async () => {
    const page = await sdk.zeroTrust.devices.devices.list({ account_id: ACCOUNT, per_page: 10 });
    expectPage(page.result);
  },
};

async function time(run: () => Promise<void>, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await run();
  return (performance.now() - start) / n;
}

for (const run of Object.values(WAYS)) await time(run, Math.min(2_000, N)); // warm up the JIT
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(WAYS).map((k) => [k, []]));
for (let done = 0; done < N; done += BATCH) {
  const n = Math.min(BATCH, N - done);
  // Rotate the order every batch so no way always runs right after a given other.
  const entries = Object.entries(WAYS);
  const shift = (done / BATCH) % entries.length;
  for (const [name, run] of [...entries.slice(shift), ...entries.slice(0, shift)]) {
    samples[name]!.push(await time(run, n));
  }
}
process.stdout.write(JSON.stringify({ n: N, batch: BATCH, msPerCallByBatch: samples }));
