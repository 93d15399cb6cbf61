// Runs after `tsc` in `pnpm build`: tsc does not copy the generated validators (plain JS with
// hand-off .d.ts files), so the generated folder is copied into dist here, and the CLI entry is
// made executable.
import { chmodSync, cpSync } from "node:fs";

const root = new URL("..", import.meta.url);
cpSync(new URL("src/generated/", root), new URL("dist/generated/", root), { recursive: true });
chmodSync(new URL("dist/bin.js", root), 0o755);
