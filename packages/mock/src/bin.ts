#!/usr/bin/env node
/**
 * `cf-devices-mock`: runs the Devices API mock as a local HTTP server. The same command as
 * `cf-devices mock serve` (both run `runServeCommand` from `./command`), with the same flags,
 * banner and `-v`.
 *
 *   cf-devices-mock --port 8787 --seed 1 --devices 500 --state ./mock-state.db
 *
 * Prints the base URL on stdout once it is listening; details go to stderr.
 * @module
 */
import { createRequire } from "node:module";
import { enableCompileCache, flushCompileCache } from "./compile-cache.js";

// Before anything else loads: the server's modules come from V8's cache (see compile-cache.ts).
enableCompileCache();

const { runServeCommand, ServeUsageError, serveFlags, serveOptionsHelp } = await import(
  "./command.js"
);
type ServeFlagDef = import("./command.js").ServeFlagDef;

// Built-ins come through require, not an ESM import: an ESM import of a built-in reads every
// export, and getters such as fs.ReadStream or util.diff load modules nothing here uses.
const require = createRequire(import.meta.url);
const { readFileSync } = require("node:fs") as typeof import("node:fs");
const { parseArgs } = require("node:util") as typeof import("node:util");

/** The flags `cf-devices` has globally, with the same letters and meaning. */
const ownFlags = {
  verbose: {
    type: "boolean",
    short: "v",
    description: "Log each request served on stderr (as -v does in cf-devices)",
  },
  help: { type: "boolean", short: "h", description: "Show this help" },
  version: { type: "boolean", short: "V", description: "Print the version" },
} as const satisfies Record<string, ServeFlagDef>;

const USAGE = `Usage: cf-devices-mock [options]

Runs a stateful mock of the Cloudflare Zero Trust Devices API (the same command as
\`cf-devices mock serve\`).

Options:
${serveOptionsHelp(ownFlags)}`;

async function main(argv: string[]): Promise<number> {
  const options = { ...serveFlags, ...ownFlags };
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.entries(options).map(([name, def]) => [
        name,
        {
          type: def.type,
          ...("short" in def ? { short: def.short } : {}),
          ...("multiple" in def ? { multiple: def.multiple } : {}),
        },
      ]),
    ) as Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>,
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  // Ctrl-C and SIGTERM close the server cleanly (the shared command listens for them).
  await runServeCommand(
    values,
    { stdout: process.stdout, stderr: process.stderr, env: process.env, signals: process },
    {
      verbose: values.verbose === true,
      // Everything the server runs is compiled by now: keep it for the next start, however this
      // one ends.
      onListening: () => flushCompileCache(),
    },
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage =
      error instanceof ServeUsageError ||
      (error as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
    const verbose = process.argv.includes("-v") || process.argv.includes("--verbose");
    // A state file that cannot be used is the environment's problem, as in `cf-devices`: exit 2.
    const environment = (error as Error)?.name === "MockStateFileError";
    const text = verbose && !usage ? ((error as Error)?.stack ?? String(error)) : null;
    process.stderr.write(`cf-devices-mock: ${text ?? (error as Error)?.message ?? error}\n`);
    if (usage) process.stderr.write(`\n${USAGE}\n`);
    process.exit(usage || environment ? 2 : 1);
  },
);
