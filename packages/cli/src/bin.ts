#!/usr/bin/env node
/**
 * The `cf-devices` executable. `--version` is answered before anything else loads; everything
 * else goes through `main`, and this is the only place that sets the process exit code.
 */
const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  const { VERSION } = await import("./version.js");
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runFromProcess } = await import("./process.js");
  process.exitCode = await runFromProcess(argv);
}
