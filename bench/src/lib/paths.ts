/** Where things are: the repository, this package, scratch space, the programs under test. */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/ */
export const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** The repository root. */
export const ROOT = join(BENCH_DIR, "..");
/** bench/src/fixtures/ */
export const FIXTURES = join(BENCH_DIR, "src", "fixtures");

const require = createRequire(join(BENCH_DIR, "package.json"));

/** The folder of an installed package (resolved from this package, as a user would). */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The file a package's `bin` entry points at. */
export function binPath(name: string, bin: string): string {
  const dir = packageDir(name);
  const pkg = require(`${name}/package.json`) as { bin: string | Record<string, string> };
  const rel = typeof pkg.bin === "string" ? pkg.bin : pkg.bin[bin];
  if (!rel) throw new Error(`${name} has no bin "${bin}"`);
  return join(dir, rel);
}
