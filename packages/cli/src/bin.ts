#!/usr/bin/env node
/**
 * The `cf-devices` executable. `--version` is answered before anything else loads; everything
 * else goes through `main`, and this is the only place that sets the process exit code.
 */
import * as module from "node:module";

// Reuse V8's compiled code across runs (Node ≥ 22.1; a no-op where unavailable): most of a
// command's start-up is compiling the modules it loads.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** File name of the command script, next to this file; set by scripts/build.mjs. */
declare const __CF_DEVICES_COMMANDS_SCRIPT__: string | undefined;

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  const { VERSION } = await import("./version.js");
  process.stdout.write(`${VERSION}\n`);
} else if (argv.length === 0 || (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h"))) {
  // The top-level help reads the areas of the command table (plain data), not the API code.
  const [{ VERSION }, { topHelp }] = await Promise.all([
    import("./version.js"),
    import("./help.js"),
  ]);
  // Asked for: help is the output (stdout, exit 0). Not asked for: it is a usage error.
  (argv.length === 0 ? process.stderr : process.stdout).write(topHelp(VERSION));
  process.exitCode = argv.length === 0 ? 2 : 0;
} else if (typeof __CF_DEVICES_COMMANDS_SCRIPT__ === "string") {
  // The built CLI: the command code is one script run with a code cache (see code-cache.ts).
  const { runCommandScript } = await import("./code-cache.js");
  process.exitCode = await runCommandScript(
    new URL(__CF_DEVICES_COMMANDS_SCRIPT__, import.meta.url),
    argv,
  );
} else {
  // From source (tests, bundles made by other tools): the same code as modules.
  const { runFromProcess } = await import("./process.js");
  process.exitCode = await runFromProcess(argv);
}
