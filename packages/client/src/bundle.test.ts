/**
 * What bundlers make of the package: one operation pulls in no other, `createBaseClient` leaves
 * openapi-fetch out, nothing needs Node, and a typical Worker stays within its size budget.
 */
import { manifest, operationIds } from "@cf-devices/types";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const SRC = new URL(".", import.meta.url).pathname;
const TYPES = new URL("../../types/src/index.ts", import.meta.url).pathname;

/** Bundles `code` (importing from "./index.js") the way a Worker build would. */
async function bundle(code: string): Promise<string> {
  const result = await build({
    stdin: { contents: code, resolveDir: SRC, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    alias: { "@cf-devices/types": TYPES },
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** The operations whose path string (quoted, as it appears in code) is in the bundle. */
const pathsIn = (code: string) =>
  operationIds.filter((id) => code.includes(JSON.stringify(manifest[id].path)));

const worker = (create: string) => `
  import { ${create}, listPhysicalDevices, revokeRegistrations } from "./index.js";
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
  };
`;

describe("bundles", () => {
  it("hold only the operations that are imported", async () => {
    const code = await bundle(`
      import { createBaseClient, listPhysicalDevices } from "./index.js";
      export const run = () => listPhysicalDevices(createBaseClient());
    `);
    expect(pathsIn(code)).toEqual(["listPhysicalDevices"]);
    expect(code).not.toContain('"getPhysicalDevice"');
  });

  it("hold every operation when looking them up by id", async () => {
    const code = await bundle(`
      import { callOperation, createBaseClient } from "./index.js";
      export const run = (id: any) => callOperation(createBaseClient(), id, {});
    `);
    expect(pathsIn(code)).toEqual(operationIds);
  });

  it("leave openapi-fetch out with createBaseClient and keep it with createClient", async () => {
    const marker = "Middleware must be an object";
    expect(await bundle(worker("createBaseClient"))).not.toContain(marker);
    expect(await bundle(worker("createClient"))).toContain(marker);
  });

  it("need no Node built-ins and reach process only through globalThis", async () => {
    // (openapi-fetch itself probes `typeof process`, guarded, so check our code alone for that.)
    expect(/["']node:/.test(await bundle(worker("createClient")))).toBe(false);
    const code = await bundle(worker("createBaseClient"));
    expect(/(?<![.\w])process\b/.test(code)).toBe(false);
    expect(code).toContain("globalThis.process?.env");
  });

  it("keep a Worker that lists devices and revokes registrations under 4 kB gzip", async () => {
    const size = await gzipSize(await bundle(worker("createBaseClient")));
    expect(size).toBeLessThanOrEqual(4096);
  });
});
