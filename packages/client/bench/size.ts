/**
 * Bundle size of a typical Worker — list every physical device (following cursors), then revoke
 * registrations — written three ways: raw openapi-fetch, this client with `createBaseClient`, and
 * with `createClient` (which keeps openapi-fetch's low-level methods, so bundles openapi-fetch too).
 * Each is bundled with esbuild (minified ESM, neutral platform) and gzipped (level 9).
 *
 *   node packages/client/bench/size.ts          # prints the table
 *   node packages/client/bench/size.ts --check  # also exits 1 when the budget is exceeded
 *
 * Budget: the createBaseClient Worker ≤ 4 kB gzip and ≤ 1.5× the raw openapi-fetch Worker.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const HERE = new URL(".", import.meta.url).pathname;
const BUDGET_BYTES = 4096;
const BUDGET_RATIO = 1.5;

const workers: Record<string, string> = {
  "raw openapi-fetch": `
    import createFetchClient from "openapi-fetch";
    import type { paths } from "@cf-devices/types";
    export default {
      async fetch(_request: Request, env: Record<string, string>) {
        const client = createFetchClient<paths>({
          baseUrl: "https://api.cloudflare.com/client/v4",
          headers: { Authorization: \`Bearer \${env.CLOUDFLARE_API_TOKEN}\` },
        });
        const account_id = env.CLOUDFLARE_ACCOUNT_ID!;
        const stale: string[] = [];
        let cursor: string | undefined;
        do {
          const { data, error } = await client.GET("/accounts/{account_id}/devices/physical-devices", {
            params: { path: { account_id }, query: { per_page: 100, cursor } },
          });
          if (error || !data?.success) throw new Error(JSON.stringify(error));
          for (const device of data.result) if (!device.last_seen_at) stale.push(device.id);
          cursor = data.result_info?.cursor || undefined;
        } while (cursor);
        const { error } = await client.POST("/accounts/{account_id}/devices/registrations/revoke", {
          params: { path: { account_id }, query: { id: stale } },
        });
        if (error) throw new Error(JSON.stringify(error));
        return Response.json({ revoked: stale.length });
      },
    };`,
  ...Object.fromEntries(
    ["createBaseClient", "createClient"].map((create) => [
      `@cf-devices/client ${create}`,
      `
    import { ${create}, listPhysicalDevices, revokeRegistrations } from "../src/index.ts";
    export default {
      async fetch(_request: Request, env: Record<string, string>) {
        const client = ${create}({ env });
        const stale: string[] = [];
        for await (const device of listPhysicalDevices.paginate(client, { query: { per_page: 100 } })) {
          if (!device.last_seen_at) stale.push(device.id);
        }
        await revokeRegistrations(client, { query: { id: stale } });
        return Response.json({ revoked: stale.length });
      },
    };`,
    ]),
  ),
};

async function measure(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: HERE, loader: "ts", sourcefile: "worker.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    alias: { "@cf-devices/types": new URL("../../types/src/index.ts", import.meta.url).pathname },
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const sizes = new Map<string, { min: number; gzip: number }>();
for (const [name, contents] of Object.entries(workers)) sizes.set(name, await measure(contents));
const raw = sizes.get("raw openapi-fetch")!.gzip;

const kb = (n: number) => `${(n / 1024).toFixed(2)} kB`;
console.log("Worker: list physical devices (all pages) + revoke registrations");
console.log(
  `${"".padEnd(36)}${"minified".padStart(12)}${"gzip".padStart(12)}${"vs raw".padStart(10)}`,
);
for (const [name, { min, gzip }] of sizes) {
  console.log(
    `${name.padEnd(36)}${kb(min).padStart(12)}${kb(gzip).padStart(12)}${`${(gzip / raw).toFixed(2)}×`.padStart(10)}`,
  );
}

const ours = sizes.get("@cf-devices/client createBaseClient")!.gzip;
const ok = ours <= BUDGET_BYTES && ours <= raw * BUDGET_RATIO;
console.log(
  `\nbudget (createBaseClient): ≤ ${kb(BUDGET_BYTES)} and ≤ ${BUDGET_RATIO}× raw → ${ok ? "ok" : "EXCEEDED"}`,
);
if (process.argv.includes("--check") && !ok) process.exit(1);
