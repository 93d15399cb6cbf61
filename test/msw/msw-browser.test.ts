/**
 * `@cf-devices/mock/msw` in headless Chromium: a page registers MSW's service worker with the
 * mock's handlers, and its calls to https://api.cloudflare.com (plain fetch, @cf-devices/client,
 * the official SDK) are answered by the mock inside the page. The machine has no route to the
 * real API, so an answer can only come from the worker. Chromium must be installed: its absence
 * fails with the command to run (as in the runtime matrix).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_FLAGS, checkChromium } from "../../scripts/runtimes/matrix.ts";

let site: Server;
let origin: string;

beforeAll(async () => {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL("./fixtures/msw-browser.ts", import.meta.url))],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  const script = bundled.outputFiles[0]!.text;
  const require = createRequire(import.meta.url);
  const worker = readFileSync(require.resolve("msw/mockServiceWorker.js"), "utf8");
  const files: Record<string, [string, string]> = {
    "/": ["text/html", '<!doctype html><script type="module" src="/app.js"></script>'],
    "/app.js": ["text/javascript", script],
    "/mockServiceWorker.js": ["text/javascript", worker],
  };
  site = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": file[0], "cache-control": "no-store" }).end(file[1]);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}, 120_000);
afterAll(() => new Promise((resolve) => site.close(resolve)));

describe("MSW handlers in headless Chromium", () => {
  it("answer fetch, @cf-devices/client and the cloudflare SDK from a service worker", async () => {
    const executablePath = checkChromium();
    const { chromium } = await import("playwright-core");
    const context = await chromium.launchPersistentContext(
      mkdtempSync(join(tmpdir(), "cf-devices-msw-")),
      { executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 },
    );
    const problems: string[] = [];
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => "__MSW_RESULT__" in globalThis, null, { timeout: 60_000 });
      const result = (await page.evaluate(
        () => (globalThis as Record<string, unknown>).__MSW_RESULT__,
      )) as Record<string, unknown>;
      expect(problems).toEqual([]);
      expect(result).toMatchObject({
        ok: true,
        fetchStatus: 200,
        fetchCount: 9,
        putStatus: 200,
        clientCount: 9,
        sdkExcludes: [{ address: "10.7.0.0/16", description: "from the page" }],
      });
      expect(result.logged).toEqual([
        "GET listPhysicalDevices 200",
        "PUT setSplitTunnelExcludeList 200",
        "GET listPhysicalDevices 200",
        "GET listPhysicalDevices 200",
        "GET listPhysicalDevices 200",
        "GET getSplitTunnelExcludeList 200",
      ]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
