/**
 * Per-request overhead: N calls of "list physical devices" against the same in-process handler
 * (no network), through raw openapi-fetch and through this client, in alternating rounds.
 *
 *   node packages/client/bench/overhead.ts [N=100000] [batch=1000]
 *
 * The ways take turns in batches of `batch` calls, so load from other processes hits them alike.
 * Prints the median time per call of each way and its ratio to raw openapi-fetch (goal ≤ 1.05×),
 * the median of batch-by-batch ratios. The client runs with its defaults: 2 retries, a 60 s
 * timeout, abort support.
 */
import type { paths } from "@cf-devices/types";
import { build } from "esbuild";
import type * as Client from "../src/index.ts";

// Node runs this file as TypeScript but cannot follow the sources' `.js` import specifiers, so
// the client and openapi-fetch are bundled together (same esbuild treatment for both) and loaded
// from memory.
const bundled = await build({
  stdin: {
    contents:
      'export * from "../src/index.ts"; export { default as createFetchClient } from "openapi-fetch";',
    resolveDir: new URL(".", import.meta.url).pathname,
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  write: false,
});
const lib: typeof Client & { createFetchClient: typeof import("openapi-fetch").default } =
  await import(
    `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0]!.contents).toString("base64")}`
  );
const { createBaseClient, createClient, createFetchClient, listPhysicalDevices } = lib;

const N = Number(process.argv[2] ?? 100_000);
const BATCH = Number(process.argv[3] ?? 1_000);
const ACCOUNT = "7c4b9e2f1a6d3c8e5b0f2a9d4e7c1b36";
const PATH = "/accounts/{account_id}/devices/physical-devices" as const;

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

/** The in-process "server": every fetch gets the same JSON answer. */
const handler = async (request: Request): Promise<Response> => {
  if (!request.headers.get("authorization")) return new Response(null, { status: 401 });
  return new Response(body, { headers: { "content-type": "application/json", "cf-ray": "bench" } });
};

const raw = createFetchClient<paths>({
  baseUrl: "https://api.cloudflare.com/client/v4",
  headers: { Authorization: "Bearer bench-token" },
  fetch: handler,
});
const options = { apiToken: "bench-token", accountId: ACCOUNT, fetch: handler, env: {} };
const base = createBaseClient(options);
const full = createClient(options);

const ways: Record<string, () => Promise<unknown>> = {
  "raw openapi-fetch GET": async () => {
    const { data } = await raw.GET(PATH, {
      params: { path: { account_id: ACCOUNT }, query: { per_page: 10 } },
    });
    if (!data?.success) throw new Error("bad answer");
    return data.result;
  },
  "listPhysicalDevices (createBaseClient)": () =>
    listPhysicalDevices(base, { query: { per_page: 10 } }),
  "listPhysicalDevices (createClient)": () =>
    listPhysicalDevices(full, { query: { per_page: 10 } }),
  "client.GET (createClient)": async () => {
    const { data } = await full.GET(PATH, {
      params: { path: { account_id: ACCOUNT }, query: { per_page: 10 } },
    });
    if (!data?.success) throw new Error("bad answer");
    return data.result;
  },
};

async function time(run: () => Promise<unknown>, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await run();
  return (performance.now() - start) / n;
}

for (const run of Object.values(ways)) await time(run, 5_000); // warm up
const samples = new Map<string, number[]>(Object.keys(ways).map((k) => [k, []]));
for (let done = 0; done < N; done += BATCH) {
  for (const [name, run] of Object.entries(ways)) samples.get(name)!.push(await time(run, BATCH));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rawTimes = samples.get("raw openapi-fetch GET")!;

console.log(`${N} calls per way in batches of ${BATCH}, against an in-process handler`);
console.log(`${"".padEnd(42)}${"per call".padStart(11)}${"ratio".padStart(9)}`);
for (const [name, xs] of samples) {
  // The ratio is the median of batch-by-batch ratios to the raw batch run just before, which
  // cancels out slow changes in machine load.
  const ratio = median(xs.map((x, i) => x / rawTimes[i]!));
  console.log(
    `${name.padEnd(42)}${`${(median(xs) * 1000).toFixed(1)} µs`.padStart(11)}${`${ratio.toFixed(3)}×`.padStart(9)}`,
  );
}
