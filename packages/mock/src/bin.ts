#!/usr/bin/env node
/**
 * `cf-devices-mock`: runs the Devices API mock as a local HTTP server.
 *
 *   cf-devices-mock --port 8787 --seed 1 --devices 500 --state ./mock-state.json
 *
 * Prints the base URL on stdout once it is listening; details go to stderr.
 * @module
 */
import { createRequire } from "node:module";
import { faultsFromEnv, serve } from "./node.js";

// Built-ins come through require, not an ESM import: an ESM import of a built-in reads every
// export, and getters such as fs.ReadStream or util.diff load modules nothing here uses.
const require = createRequire(import.meta.url);
const { readFileSync } = require("node:fs") as typeof import("node:fs");
const { parseArgs } = require("node:util") as typeof import("node:util");

const USAGE = `Usage: cf-devices-mock [options]

Runs a stateful mock of the Cloudflare Zero Trust Devices API.

Options:
  -p, --port <n>       port to listen on (default 8787; 0 picks a free port)
      --host <addr>    interface to listen on (default 127.0.0.1)
      --seed <n>       seed of the generated data (default 1)
      --devices <n>    physical devices per account (default 50, up to 250000)
      --accounts <n>   number of accounts (default 1)
      --state <file>   keep the data in this file (loaded if it exists, saved on change)
      --faults <json>  fault rules, e.g. '{"global":{"latency":100}}'
                       (default: $CF_DEVICES_MOCK_FAULTS)
      --token <t>      accept only this API token (repeatable; default: any token)
      --no-auth        accept requests without credentials
  -q, --quiet          print only the URL
  -h, --help           show this help
  -v, --version        show the version`;

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      seed: { type: "string" },
      devices: { type: "string" },
      accounts: { type: "string" },
      state: { type: "string" },
      faults: { type: "string" },
      token: { type: "string", multiple: true },
      "no-auth": { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    console.log(pkg.version);
    return 0;
  }

  const tokens = values.token ?? [];
  const server = await serve({
    port: integer(values.port, "port", 8787),
    host: values.host ?? "127.0.0.1",
    seed: integer(values.seed, "seed", 1),
    devices: integer(values.devices, "devices", 50),
    accounts: integer(values.accounts, "accounts", 1),
    ...(values.state ? { stateFile: values.state } : {}),
    ...(values.faults ? { faults: faultsFromEnv(values.faults, "--faults") } : {}),
    auth: values["no-auth"] ? false : tokens.length > 0 ? { tokens } : undefined,
  });

  console.log(`cf-devices-mock listening on ${server.url}`);
  if (!values.quiet) {
    const { mock } = server;
    const lines = [
      `  account  ${mock.accountId}  (${mock.accounts[0]?.devices ?? 0} devices)`,
      `  zone     ${mock.zoneId}`,
      mock.authMode === "permissive"
        ? `  auth     any token, e.g. Authorization: Bearer ${mock.credentials.apiToken}`
        : mock.authMode === "off"
          ? "  auth     off"
          : "  auth     only the tokens given with --token",
      `  admin    ${server.origin}/__mock`,
      ...(values.state ? [`  state    ${values.state}`] : []),
      `  try      curl -H 'Authorization: Bearer ${mock.credentials.apiToken || "<token>"}' ${server.url}/accounts/${mock.accountId}/devices/physical-devices`,
    ];
    console.error(lines.join("\n"));
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
    console.error(`cf-devices-mock: ${(error as Error)?.message ?? error}`);
    if (usage) console.error(`\n${USAGE}`);
    process.exit(usage ? 2 : 1);
  },
);
