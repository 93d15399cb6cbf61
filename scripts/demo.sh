#!/usr/bin/env bash
# `pnpm demo`: builds the CLI and walks through a short session against the embedded mock —
# list devices, revoke a registration, and see the change in the next command.
set -euo pipefail
cd "$(dirname "$0")/.."
# turbo and pnpm on PATH, also outside `pnpm run`; turbo's telemetry notice off.
source scripts/lib/pnpm-on-path.sh

echo "==> building the cf-devices CLI" >&2
turbo run build --filter=@cf-devices/cli... --output-logs=errors-only >&2

state_dir=$(mktemp -d)
trap 'rm -rf "$state_dir"' EXIT
export CF_DEVICES_MOCK_STATE="$state_dir/mock-state.json"
cf() { echo "\$ cf-devices $*" >&2; node packages/cli/dist/bin.js "$@"; }

echo "==> physical devices in the mock account" >&2
cf devices list --mock

echo "==> the first three active registrations" >&2
cf registrations list --mock --per-page 3

reg=$(node packages/cli/dist/bin.js registrations list --mock --per-page 1 --json --fields id | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].id))')
echo "==> revoke registration $reg, then list revoked registrations" >&2
cf registrations revoke "$reg" --mock --yes
cf registrations list --mock --status revoked
