// Builds the CLI into dist/. Bundling matters for start-up: Node reads a few files instead of
// dozens across four packages. Type declarations come from `tsc --emitDeclarationOnly`.
//
// - dist/commands-<hash>.cjs: everything a command needs (from src/process.ts), as one CommonJS
//   script that bin.js runs through node:vm with a V8 code cache taken after the command ran
//   (see src/code-cache.ts). The hash of its content is in its name, so a cache of one build is
//   never used with another.
// - dist/bin.js: the executable. `--version` and the top-level help never load the script.
// - dist/index.js (+ chunks): the library entry, as ES modules.
// - dist/vendor/*.cjs: the YAML and JSON parsers, loaded only when a command reads a body.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: "warning",
};

// The document parsers are files of their own, loaded only when a command reads a body:
// yaml (a third of the code) for YAML, jsonc-parser to locate a mistake in JSON. The command
// script and the library both use these copies.
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

// The command script. code-cache.ts wraps it in a function whose parameters stand in for what
// a module would have: require, module, exports, and import.meta.url as __cfImportMetaUrl.
const script = await build({
  ...common,
  entryPoints: ["src/process.ts"],
  format: "cjs",
  write: false,
  outdir,
  define: { "import.meta.url": "__cfImportMetaUrl" },
  // import() of a built-in becomes require(): a vm script has no module loader of its own.
  supported: { "dynamic-import": false },
  plugins: [vendorParsers],
});
// Written as one function expression, so the loader compiles the file as it is (no copy of
// 400 kB of source to wrap it at every start). The parameters, in this order, are what
// src/code-cache.ts passes.
const code = `(function (exports, require, module, __filename, __dirname, __cfImportMetaUrl) {${script.outputFiles[0].text}\n})`;
const hash = createHash("sha256").update(code).digest("hex").slice(0, 12);
const scriptName = `commands-${hash}.cjs`;
writeFileSync(new URL(scriptName, new URL(outdir, "file:")), code);

await build({
  ...common,
  entryPoints: { bin: "src/bin.ts", index: "src/index.ts" },
  outdir,
  splitting: true,
  format: "esm",
  chunkNames: "[name]-[hash]",
  plugins: [vendorParsers],
  define: { __CF_DEVICES_COMMANDS_SCRIPT__: JSON.stringify(`./${scriptName}`) },
  // Some bundled CommonJS code (yaml) calls require() for Node built-ins; give ESM chunks one.
  banner: {
    js: 'import { createRequire as __cfDevicesRequire } from "node:module"; const require = __cfDevicesRequire(import.meta.url);',
  },
});
