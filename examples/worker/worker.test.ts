/**
 * Runs the example Worker under workerd (Cloudflare's runtime, through Miniflare). The Worker's
 * outgoing API calls are answered by the mock in this Node process.
 */
import { fileURLToPath } from "node:url";
import { createMock } from "@cf-devices/mock";
import { buildSync } from "esbuild";
import { Miniflare, type Request as WorkerRequest } from "miniflare";
import { afterAll, describe, expect, it } from "vitest";

const script = buildSync({
  entryPoints: [fileURLToPath(new URL("./worker.ts", import.meta.url))],
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  minify: true,
  write: false,
  logLevel: "error",
}).outputFiles[0]!.text;

const mock = createMock({ seed: 11, devices: 450 });
const mf = new Miniflare({
  modules: true,
  script,
  compatibilityDate: "2025-06-01",
  bindings: {
    CLOUDFLARE_API_TOKEN: mock.credentials.apiToken,
    CLOUDFLARE_ACCOUNT_ID: mock.accountId,
    CLOUDFLARE_BASE_URL: mock.baseUrl,
  },
  // Every fetch the Worker makes lands here: hand it to the in-process mock.
  outboundService: async (request: WorkerRequest) =>
    (await mock.fetch(request.url, {
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: request.method === "GET" ? undefined : await request.text(),
    })) as never,
});
afterAll(() => mf.dispose());

describe("example Worker under workerd", () => {
  it("bundles small and without Node built-ins", () => {
    expect(script).not.toMatch(/["']node:/);
    expect(script.length).toBeLessThan(20_000);
  });

  it("counts devices by OS across every page", async () => {
    const response = await mf.dispatchFetch("http://worker.test/devices/by-os");
    expect(response.status).toBe(200);
    const counts = (await response.json()) as Record<string, number>;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(450); // three pages of 200
    expect(Object.keys(counts).length).toBeGreaterThan(2);
  });

  it("revokes the registrations it is given", async () => {
    const [registration] = (
      await (
        await mock.fetch(`/client/v4/accounts/${mock.accountId}/devices/registrations?per_page=1`, {
          headers: { authorization: `Bearer ${mock.credentials.apiToken}` },
        })
      ).json()
    ).result as { id: string }[];
    const response = await mf.dispatchFetch("http://worker.test/registrations/revoke", {
      method: "POST",
      body: JSON.stringify([registration!.id]),
    });
    expect(await response.json()).toEqual({ revoked: 1 });
    expect(mock.requests.at(-1)).toMatchObject({ method: "POST" });
  });
});
