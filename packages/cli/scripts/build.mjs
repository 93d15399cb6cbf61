// Builds the CLI into dist/. Bundling matters for start-up: Node reads a few files instead of
// dozens across four packages. Type declarations come from `tsc --emitDeclarationOnly`.
//
// - dist/bin.js: the executable. `--version` and the top-level help load no command code; the
//   rest is in chunks it imports when a command runs, with Node's compile cache on (see
//   src/compile-cache.ts).
// - dist/index.js (+ chunks shared with bin.js): the library entry, as ES modules.
// - dist/vendor/*.cjs: the YAML and JSON parsers, loaded only when a command reads a body.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// Identifiers are minified too: every `--mock` command reads the embedded mock and its
// validators (several hundred kB), and Node reads, decodes and hashes every byte of a chunk on
// each start, compile cache or not. Error classes set their `name` themselves, so nothing
// depends on function names.
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  logLevel: "warning",
};

// The document parsers are files of their own, loaded only when a command reads a body:
// yaml (a third of the code) for YAML, jsonc-parser to locate a mistake in JSON.
const VENDOR = { yaml: "./vendor/yaml.cjs", "jsonc-parser": "./vendor/jsonc-parser.cjs" };
for (const [name, file] of Object.entries(VENDOR)) {
  await build({
    ...common,
    entryPoints: [name],
    format: "cjs",
    // jsonc-parser's `main` is a UMD build whose require() calls a bundler cannot follow.
    mainFields: ["module", "main"],
    outfile: new URL(file, new URL(outdir, "file:")).pathname,
  });
}
const vendorParsers = {
  name: "vendor-parsers",
  setup(b) {
    b.onResolve({ filter: /^(yaml|jsonc-parser)$/ }, (args) => ({
      path: VENDOR[args.path],
      external: true,
    }));
  },
};

await build({
  ...common,
  entryPoints: { bin: "src/bin.ts", index: "src/index.ts" },
  outdir,
  splitting: true,
  format: "esm",
  chunkNames: "[name]-[hash]",
  plugins: [vendorParsers],
});

// The ES module chunks carry no `require`: the code that needs a built-in synchronously makes
// its own with createRequire, and CommonJS packages are in dist/vendor. A chunk with esbuild's
// require shim would throw "Dynamic require ... is not supported" at run time, so fail here.
for (const file of readdirSync(outdir)) {
  if (!file.endsWith(".js")) continue;
  const code = readFileSync(new URL(file, new URL(outdir, "file:")), "utf8");
  if (/Dynamic require of/.test(code)) {
    throw new Error(
      `build: dist/${file} calls require() through esbuild's shim; bundle that package into dist/vendor or load it with createRequire`,
    );
  }
}
