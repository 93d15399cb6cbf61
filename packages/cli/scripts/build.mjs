// Builds the CLI into dist/: one ESM bundle per entry (bin, library), with the lazily loaded
// commands split into chunks. Bundling matters for start-up: Node resolves and reads one file
// instead of dozens across four packages. Type declarations come from `tsc --emitDeclarationOnly`.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { bin: "src/bin.ts", index: "src/index.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  chunkNames: "[name]-[hash]",
  // Some bundled CommonJS code (yaml) calls require() for Node built-ins; give ESM chunks one.
  banner: {
    js: 'import { createRequire as __cfDevicesRequire } from "node:module"; const require = __cfDevicesRequire(import.meta.url);',
  },
  logLevel: "warning",
});
