#!/usr/bin/env bash
# `pnpm test`: drift check, build + typecheck + lint through turbo (cached), package checks, the
# registry round trip, a release dry run, then every vitest suite in one run. A failed step does
# not stop the ones after it (each says what failed); the exit code is 1 when any step failed,
# and the last line names them.
set -euo pipefail
cd "$(dirname "$0")/.."
# turbo and pnpm on PATH, also outside `pnpm run`; turbo's telemetry notice off.
source scripts/lib/pnpm-on-path.sh

failed=()
step() {
  local name="$1"
  shift
  echo "==> $name"
  "$@" || failed+=("$name")
}

step "generated code matches the spec" node scripts/generate.ts --check
step "build, typecheck, lint" \
  turbo run build typecheck typecheck:root lint:code lint:spec docs:api --continue --output-logs=errors-only
step "package checks (publint, attw)" bash scripts/check-packages.sh
step "registry round trip (npm, pnpm, yarn, bun)" node scripts/registry-round-trip.ts
step "release dry run" bash scripts/release-dry-run.sh

echo "==> tests"
vitest_code=0
vitest run "$@" || vitest_code=$?

if [ ${#failed[@]} -gt 0 ]; then
  printf 'pnpm test: failed before the tests: %s\n' "$(IFS=';'; echo "${failed[*]}" | sed 's/;/; /g')" >&2
  exit 1
fi
exit "$vitest_code"
