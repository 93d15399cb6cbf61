/**
 * 1. Bundle size of a typical Worker — list every physical device (following cursors), then
 * revoke registrations — written with our client, raw openapi-fetch and the official `cloudflare`
 * SDK (its default entry and its tree-shakable entry). Bundled with esbuild the way a Worker is
 * (minified ESM, neutral platform, `workerd`/`worker`/`browser` conditions), then gzipped (-9).
 * The packages are resolved as a user gets them: ours from their built `dist/`.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { check, type SectionResult } from "../lib/report.ts";
import { round } from "../lib/stats.ts";

const RESOLVE_DIR = new URL("..", import.meta.url).pathname;
const BUDGET_BYTES = 4096;
const BUDGET_RATIO = 1.5;

const loop = (list: string, revoke: string) => `
    const stale: string[] = [];
    for await (const device of ${list}) if (!device.last_seen_at) stale.push(device.id);
    await ${revoke};
    return Response.json({ revoked: stale.length });`;

/** The Worker, once per library. The keys are the names in the table. */
export const WORKERS: Record<string, string> = {
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
  "ours (createBaseClient)": `
    import { createBaseClient, listPhysicalDevices, revokeRegistrations } from "@cf-devices/client";
    export default {
      async fetch(_request: Request, env: Record<string, string>) {
        const client = createBaseClient({ env });${loop(
          "listPhysicalDevices.paginate(client, { query: { per_page: 100 } })",
          "revokeRegistrations(client, { query: { id: stale } })",
        )}
      },
    };`,
  "ours (createClient)": `
    import { createClient, listPhysicalDevices, revokeRegistrations } from "@cf-devices/client";
    export default {
      async fetch(_request: Request, env: Record<string, string>) {
        const client = createClient({ env });${loop(
          "listPhysicalDevices.paginate(client, { query: { per_page: 100 } })",
          "revokeRegistrations(client, { query: { id: stale } })",
        )}
      },
    };`,
  "cloudflare SDK (tree-shakable)": `
    import { createClient } from "cloudflare/tree-shakable";
    import { BaseDevices } from "cloudflare/resources/zero-trust/devices/devices_";
    import { BaseRegistrations } from "cloudflare/resources/zero-trust/devices/registrations";
    export default {
      async fetch(_request: Request, env: Record<string, string>) {
        const client = createClient({
          apiToken: env.CLOUDFLARE_API_TOKEN,
          resources: [BaseDevices, BaseRegistrations],
        });
        const account_id = env.CLOUDFLARE_ACCOUNT_ID!;${loop(
          "client.zeroTrust.devices.devices.list({ account_id, per_page: 100 })",
          "client.zeroTrust.devices.registrations.revoke({ account_id, id: stale })",
        )}
      },
    };`,
  "cloudflare SDK (default entry)": `
    import Cloudflare from "cloudflare";
    export default {
      async fetch(_request: Request, env: Record<string, string>) {
        const client = new Cloudflare({ apiToken: env.CLOUDFLARE_API_TOKEN });
        const account_id = env.CLOUDFLARE_ACCOUNT_ID!;${loop(
          "client.zeroTrust.devices.devices.list({ account_id, per_page: 100 })",
          "client.zeroTrust.devices.registrations.revoke({ account_id, id: stale })",
        )}
      },
    };`,
};

/** Minified and gzipped size in bytes of one Worker source. */
export async function bundleSize(contents: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: RESOLVE_DIR, loader: "ts", sourcefile: "worker.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export async function sizeSection(): Promise<SectionResult> {
  const sizes: Record<string, { min: number; gzip: number }> = {};
  for (const [name, source] of Object.entries(WORKERS)) sizes[name] = await bundleSize(source);
  const kb = (bytes: number) => round(bytes / 1024, 2);
  const raw = sizes["raw openapi-fetch"]!.gzip;
  const figures: SectionResult["figures"] = Object.entries(sizes).map(([name, { gzip }]) => {
    const ratio = round(gzip / raw, 2);
    const goal =
      name === "ours (createBaseClient)"
        ? [
            check(gzip, "<=", BUDGET_BYTES, "≤ 4 kB"),
            check(ratio, "<=", BUDGET_RATIO, `≤ ${BUDGET_RATIO}× openapi-fetch`),
          ]
        : [];
    return {
      section: "size" as const,
      name: `${name}, gzip`,
      value: kb(gzip),
      unit: "kB",
      ...(name === "raw openapi-fetch" ? {} : { ratio, baseline: "openapi-fetch" }),
      checks: goal,
    };
  });
  return {
    data: {
      worker: "list physical devices (all pages) + revoke registrations",
      bundler: "esbuild, minified ESM, platform neutral, conditions workerd/worker/browser",
      bytes: sizes,
    },
    figures,
    panels: [
      {
        title: "Worker bundle size (gzip)",
        unit: "kB",
        bars: Object.entries(sizes).map(([name, { gzip }]) => ({
          label: name,
          value: kb(gzip),
          ours: name.startsWith("ours"),
        })),
        goalLine: { value: 4, label: "goal 4 kB" },
      },
    ],
    notes: [
      "Bundle sizes are deterministic: each Worker is built once (a median of identical builds).",
    ],
  };
}
