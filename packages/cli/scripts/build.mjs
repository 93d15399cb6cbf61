// Builds the CLI into dist/. Type declarations come from `tsc --emitDeclarationOnly`.
//
// Start-up decides the layout. Node pays for every ES module it loads (resolving, reading,
// checking the compile cache, linking: most of a millisecond each here) and for every byte, so
// a command should load a handful of files holding what it runs, no more. esbuild's code
// splitting gave about twenty small chunks per command; instead each file below is one bundle,
// and the bundles import each other only where a command may not need the other:
//
// - dist/bin.js: the executable. `--version` loads nothing else; everything else imports run.js,
//   with Node's compile cache on (see src/compile-cache.ts).
// - dist/run.js: the command-line tool (every command, and the API client).
// - dist/types.js: the operation manifest, shared by run.js and mock.js.
// - dist/mock.js: the embedded mock (`--mock`, `cf-devices mock …`).
// - dist/validators/*.js: the mock's request validators, one module per operation, which
//   mock.js imports on an operation's first call.
// - dist/validate.js: all request validators at once, for commands that check a body before
//   sending it.
// - dist/vendor/*.cjs: the YAML and JSON parsers, loaded only when a command reads a body.
// - dist/index.js: the library entry (`@cf-devices/cli`).
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// Identifiers are minified too: Node reads, decodes and hashes every byte of a module on each
// start, compile cache or not. Error classes set their `name` themselves, so nothing depends on
// function names.
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  logLevel: "warning",
  absWorkingDir: new URL("..", import.meta.url).pathname,
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
    outfile: join(outdir, file),
  });
}

/** Import specifiers (exact, or a pattern) that stay imports of another file of dist/. */
function linkTo(links) {
  return {
    name: "link-to-bundles",
    setup(b) {
      for (const [pattern, target] of links) {
        const filter =
          pattern instanceof RegExp
            ? pattern
            : new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);
        b.onResolve({ filter }, (args) => ({
          path: typeof target === "function" ? target(args) : target,
          external: true,
        }));
      }
    },
  };
}

const TYPES = ["@cf-devices/types", "./types.js"];
// The mock's generated loader imports `./validators/<operationId>.js` next to itself.
const VALIDATORS = [/^\.\/validators\/[\w-]+\.js$/, (args) => args.path];
const PARSERS = Object.entries(VENDOR);
// `cf-devices mock serve` reads its flags from @cf-devices/mock/command (a few kB, bundled into
// run.js); the server it starts, and the embedded mock, are in mock.js.
const MOCK = [
  ["@cf-devices/mock", "./mock.js"],
  ["@cf-devices/mock/state-file", "./mock.js"],
  ["../node/serve.js", "./mock.js"],
  ["@cf-devices/mock/validate", "./validate.js"],
];

const esm = (entryPoints, outfile, links) =>
  build({
    ...common,
    entryPoints,
    outfile: join(outdir, outfile),
    format: "esm",
    plugins: [linkTo(links)],
  });

// The per-operation validators, minified as they are (each imports only ./members.js).
const require = createRequire(import.meta.url);
const generated = join(
  dirname(require.resolve("@cf-devices/mock/package.json")),
  "dist/generated/validators",
);
await build({
  ...common,
  bundle: false,
  entryPoints: readdirSync(generated)
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(generated, f)),
  outdir: join(outdir, "validators"),
  format: "esm",
});

const fromCli = (code) => ({ contents: code, resolveDir: common.absWorkingDir, loader: "ts" });
await esm([require.resolve("@cf-devices/types")], "types.js", []);
await build({
  ...common,
  stdin: fromCli(
    'export * from "@cf-devices/mock/node";\nexport { createMock } from "@cf-devices/mock";\n',
  ),
  outfile: join(outdir, "mock.js"),
  format: "esm",
  plugins: [linkTo([TYPES, VALIDATORS])],
});
await esm(["@cf-devices/mock/validate"], "validate.js", [TYPES, VALIDATORS]);
await build({
  ...common,
  stdin: fromCli(
    'export { runFromProcess } from "./src/process.ts";\nexport { topHelp } from "./src/help.ts";\n',
  ),
  outfile: join(outdir, "run.js"),
  format: "esm",
  plugins: [linkTo([TYPES, ...MOCK, ...PARSERS, VALIDATORS])],
});
await esm(["src/index.ts"], "index.js", [TYPES, ...MOCK, ...PARSERS, VALIDATORS]);
await esm(["src/bin.ts"], "bin.js", [
  ["./process.js", "./run.js"],
  ["./help.js", "./run.js"],
]);

// The tool reaches the mock only through mock.js: a copy of the mock's code in run.js or index.js
// (its validator loader is the sign) would load it, and more, on every command.
for (const file of ["run.js", "index.js"]) {
  if (readFileSync(join(outdir, file), "utf8").includes("./validators/")) {
    throw new Error(
      `build: dist/${file} holds a copy of the mock; import it through a specifier linked to ./mock.js (MOCK in scripts/build.mjs)`,
    );
  }
}

// The ES modules carry no `require`: code that needs a built-in synchronously makes its own
// with createRequire, and CommonJS packages are in dist/vendor. A bundle with esbuild's require
// shim would throw "Dynamic require ... is not supported" at run time, so fail here.
for (const file of readdirSync(outdir, { recursive: true })) {
  if (!String(file).endsWith(".js")) continue;
  const code = readFileSync(join(outdir, String(file)), "utf8");
  if (/Dynamic require of/.test(code)) {
    throw new Error(
      `build: dist/${file} calls require() through esbuild's shim; bundle that package into dist/vendor or load it with createRequire`,
    );
  }
}
