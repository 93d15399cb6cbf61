#!/usr/bin/env node
// `cf-devices-mock` inside this workspace. pnpm links bins when it installs, before anything is built;
// a link to this committed file (not to dist/bin.js, which does not exist yet) keeps that
// install free of "Failed to create bin" warnings. The published package's bin is dist/bin.js
// itself (`publishConfig.bin`), so users never go through this file.
import { existsSync } from "node:fs";

const entry = new URL("../dist/bin.js", import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write(
    "cf-devices-mock: packages/mock is not built yet; run `bash scripts/dev.sh build` (or `pnpm build`) first\n",
  );
  process.exitCode = 1;
}
