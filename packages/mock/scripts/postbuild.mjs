// Runs after `tsc` in `pnpm build`: tsc does not copy the generated validators (plain JS with a
// hand-off .d.ts), so they are copied into dist here, and the CLI entry is made executable.
import { chmodSync, cpSync } from "node:fs";

const root = new URL("..", import.meta.url);
for (const file of ["validators.js", "validators.d.ts"]) {
  cpSync(new URL(`src/generated/${file}`, root), new URL(`dist/generated/${file}`, root));
}
chmodSync(new URL("dist/bin.js", root), 0o755);
