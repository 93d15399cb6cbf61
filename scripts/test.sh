#!/usr/bin/env bash
# `pnpm test`: drift check, build + typecheck + lint through turbo (cached), then every vitest
# suite in one run so the output ends with vitest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
# turbo and pnpm on PATH, also outside `pnpm run`; turbo's telemetry notice off.
source scripts/lib/pnpm-on-path.sh

echo "==> generated code matches the spec"
node scripts/generate.ts --check

echo "==> build, typecheck, lint"
turbo run build typecheck typecheck:root lint:code lint:spec docs:api --output-logs=errors-only
bash scripts/check-packages.sh

echo "==> published to a local registry, each package installs and runs with npm, pnpm, yarn and bun"
node scripts/registry-round-trip.ts

echo "==> a release would publish"
bash scripts/release-dry-run.sh

echo "==> tests"
vitest run "$@"
