/**
 * Bundles an entry of the mock's sources with esbuild into a temporary ES module, so tests can
 * run the current code in a child process (the CLI start-up, a writer that gets killed) without
 * depending on a fresh `pnpm build`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const cache = new Map<string, string>();

export function bundle(entry: "src/bin.ts" | "src/node.ts" | "src/index.ts"): string {
  const hit = cache.get(entry);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), "cf-devices-mock-bundle-"));
  const outfile = join(dir, entry.replace(/^src\//, "").replace(/\.ts$/, ".mjs"));
  buildSync({
    entryPoints: [fileURLToPath(new URL(`../${entry}`, import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  cache.set(entry, outfile);
  return outfile;
}
