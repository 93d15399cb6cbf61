#!/usr/bin/env node
/**
 * The `cf-devices` executable. `--version` is answered before anything else loads; everything
 * else goes through `main`, and this is the only place that sets the process exit code.
 */
import { enableCompileCache, flushCompileCache } from "@cf-devices/mock/compile-cache";

// Reuse V8's compiled code across runs (the same cache as cf-devices-mock; see that module).
enableCompileCache();

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
} else {
  const { runFromProcess } = await import("./process.js");
  process.exitCode = await runFromProcess(argv);
  flushCompileCache();
}
